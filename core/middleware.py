from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_cache_control


class NoCompressionWithCsrfToken:
    """Asks the front door (Caddy, any proxy) not to compress a page that carries a CSRF
    token, against BREACH: compression ratios leak secrets a page mixes with text an attacker
    can reflect into it. ``Cache-Control: no-transform`` is how: Caddy's ``encode`` leaves
    such responses alone. Every signed-in page carries the token (the header's sign-out
    form), so nothing a member reads is compressed; public pages without a form still are.

    Sits just inside CsrfViewMiddleware, which clears the "token used" flag on the way out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
            patch_cache_control(response, no_transform=True)
        return response
