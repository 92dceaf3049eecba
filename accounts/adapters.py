from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest


class ClosedSignupAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped
    """Nobody signs themselves up: people join by invitation or an approved request."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False
