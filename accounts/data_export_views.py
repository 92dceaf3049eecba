"""Download my data: ask for a copy, and download it (accounts/data_export.py builds it)."""

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.cache import patch_cache_control

from accounts import data_export, policy
from accounts.http import AuthenticatedHttpRequest
from accounts.models import DataExport


def _get_export_for(request: HttpRequest, token: str) -> DataExport:
    """The export, for the one person it is about; anyone else is told it does not exist."""
    export = DataExport.objects.filter(token=token).first()
    if export is None or not policy.may_download_export(request.user, export):
        raise Http404("No such copy of your data.")
    return export


@login_required
def your_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policy.can_ask_for_data_export(request.user):
        raise PermissionDenied
    if request.method == "POST":
        if not ratelimit.consume(request, action="data_export", user=request.user):
            messages.error(request, "You have asked for several copies today. Try again tomorrow.")
            return redirect("accounts:data_export")
        _export, is_new = data_export.request_export(request.user)
        messages.success(
            request,
            "We are preparing a copy of your data and will e-mail you when it is ready."
            if is_new
            else "A copy of your data is already being prepared: we will e-mail you.",
        )
        return redirect("accounts:data_export")
    exports = request.user.data_exports.filter(expires_at__gt=timezone.now()).defer("archive")
    context = {"exports": exports, "lifetime_days": settings.DATA_EXPORT_EXPIRY_DAYS}
    return render(request, "accounts/data_export.html", context)


@login_required
def download(request: HttpRequest, token: str) -> HttpResponse:
    export = _get_export_for(request, token)
    if not export.is_ready:
        context = {"export": export}
        status = 202 if export.status == DataExport.Status.QUEUED else 410
        return render(request, "accounts/data_export_unavailable.html", context, status=status)
    response = HttpResponse(bytes(export.archive), content_type="application/zip")
    filename = f"waymark-data-{export.requested_at:%Y-%m-%d}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    patch_cache_control(response, private=True, no_store=True)
    return response
