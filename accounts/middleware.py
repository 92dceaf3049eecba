from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect

from accounts import policy, second_factor


class StaffTwoFactorMiddleware:
    """Tells the access policy whether this session used the second factor, and sends staff
    who lack it to the right step instead of a bare refusal.

    The rule itself is the policy's: a staff role has its powers only in a session that passed
    TOTP. Here, staff without it are stopped at the admin's door and, anywhere else, when a
    view refuses them (``PermissionDenied``): set up an authenticator app, or enter a code.
    """

    # Django's own login forms (Wagtail's admin and its page-privacy form) would skip the
    # second factor and allauth's throttling: both lead to allauth's sign-in.
    OTHER_LOGIN_FORMS = ("/admin/login/", "/_util/login/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = request.user
        if user.is_authenticated:
            policy.note_second_factor(user, used=second_factor.used_in_session(request))
        if request.path.startswith(self.OTHER_LOGIN_FORMS):
            return redirect(second_factor.login_url(request.GET.get("next", "/")))
        if request.path.startswith("/admin/") and policy.second_factor_pending(user):
            return self._send_to_second_factor(request)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, PermissionDenied) and policy.second_factor_pending(request.user):
            return self._send_to_second_factor(request)
        return None

    @staticmethod
    def _send_to_second_factor(request: HttpRequest) -> HttpResponse:
        step = second_factor.next_step(request)
        messages.warning(request, step.message)
        return redirect(step.url)
