from allauth.account.adapter import DefaultAccountAdapter


class ClosedSignupAdapter(DefaultAccountAdapter):
    """Nobody signs themselves up: people join by invitation or an approved request."""

    def is_open_for_signup(self, request) -> bool:
        return False
