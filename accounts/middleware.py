from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from accounts import policy


class StaffTwoFactorMiddleware:
    """Staff must set up an authenticator app before they reach the admin, and sign in
    through allauth (which asks for the code), never the admin's own form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/login/"):
            # The admin's own login would skip the second factor.
            return redirect(
                reverse("account_login") + "?next=" + request.GET.get("next", "/admin/")
            )
        if request.path.startswith("/admin/") and self._lacks_second_factor(request.user):
            messages.warning(
                request,
                "Your role needs two-factor authentication. Set up an authenticator app "
                "to continue to the admin.",
            )
            return redirect(reverse("mfa_activate_totp") + "?next=" + request.path)
        return self.get_response(request)

    @staticmethod
    def _lacks_second_factor(user) -> bool:
        if not user.is_authenticated or not policy.needs_two_factor(user):
            return False
        from allauth.mfa.models import Authenticator

        return not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
