from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import EmailConfirmation
from django.http import HttpRequest

from core import site_address


class ClosedSignupAdapter(DefaultAccountAdapter):  # type: ignore[misc]  # allauth is untyped
    """Nobody signs themselves up: people join by invitation or an approved request."""

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        return False

    # Links in e-mails go to the configured site address, whatever Host the request named.
    def get_reset_password_from_key_url(self, key: str) -> str:
        return site_address.rebase(super().get_reset_password_from_key_url(key))

    def get_email_confirmation_url(
        self, request: HttpRequest, emailconfirmation: EmailConfirmation
    ) -> str:
        return site_address.rebase(super().get_email_confirmation_url(request, emailconfirmation))
