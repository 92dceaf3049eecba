"""Coordinators' admin pages for CSV export and import of services."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.defaults import permission_denied

from accounts import policy
from accounts.http import AuthenticatedHttpRequest
from directory.csv_import.forms import CSVImportForm
from directory.csv_import.resources import ServiceResource, check_csv
from directory.csv_import.tasks import import_services
from directory.models import CSVImport

STATUS_REFRESH_SECONDS = 3


def _coordinator_required(request: HttpRequest) -> None:
    if not policy.can_manage_directory(request.user):
        raise PermissionDenied


def _forbidden(request: HttpRequest) -> HttpResponse:
    # A plain 403: raising PermissionDenied in the admin redirects to its home page.
    return permission_denied(request, PermissionDenied())


def _get_import_for(request: HttpRequest, pk: int) -> CSVImport | None:
    """Coordinators share the work of importing: any of them may follow any import;
    None for anyone else."""
    if not policy.can_manage_directory(request.user):
        return None
    return get_object_or_404(CSVImport.objects.select_related("user").defer("text"), pk=pk)


def export_services_csv(request: HttpRequest) -> HttpResponse:
    _coordinator_required(request)
    dataset = ServiceResource().export()
    response = HttpResponse(dataset.csv, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="waymark-services.csv"'
    return response


def import_services_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The file and every row are checked here, at once; the import itself (a published
    revision by this coordinator per changed service, see resources) is queued
    and followed on its status page. A check-only upload stops after the check."""
    _coordinator_required(request)
    form = CSVImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {
        "form": form,
        "check": None,
        "recent": _recent_imports(),
        "page_title": "Import services from CSV",
        "header_icon": "upload",
    }
    if request.method == "POST" and form.is_valid():
        check = check_csv(form.dataset, request.user)
        dry_run = form.cleaned_data["dry_run"]
        if check["failed"] or dry_run:
            context.update(check=check, dry_run=True)
            if not check["failed"]:
                _tell(request, "Checked, nothing changed: " + check["totals_text"], check)
            return TemplateResponse(request, "directory/admin/import.html", context)
        csv_import = CSVImport.objects.create(
            user=request.user,
            file_name=form.cleaned_data["file"].name[:255],
            text=form.text,
            row_count=len(form.dataset),
        )
        task_result = import_services.enqueue(csv_import.pk)
        CSVImport.objects.filter(pk=csv_import.pk).update(task_id=str(task_result.id)[:64])
        return redirect(csv_import.get_absolute_url())
    return TemplateResponse(request, "directory/admin/import.html", context)


def import_status(request: HttpRequest, pk: int) -> HttpResponse:
    csv_import = _get_import_for(request, pk)
    if csv_import is None:
        return _forbidden(request)
    result = csv_import.result or {}
    changed_rows = [
        {
            **row,
            "history_url": reverse(
                "wagtailsnippets_directory_service:history", args=[row["service_id"]]
            )
            if row.get("service_id")
            else None,
        }
        for row in result.get("changed_rows", [])
    ]
    response = TemplateResponse(
        request,
        "directory/admin/import_status.html",
        {
            "csv_import": csv_import,
            "result": result,
            "changed_rows": changed_rows,
            "refresh_seconds": STATUS_REFRESH_SECONDS,
            "page_title": f"CSV import: {csv_import.file_name}",
            "page_subtitle": csv_import.get_status_display(),
            "header_icon": "upload",
        },
    )
    if not csv_import.is_finished:
        # The browser reloads the page itself, no script needed.
        response["Refresh"] = str(STATUS_REFRESH_SECONDS)
    return response


def import_list(request: HttpRequest) -> HttpResponse:
    if not policy.can_manage_directory(request.user):
        return _forbidden(request)
    return TemplateResponse(
        request,
        "directory/admin/import_list.html",
        {"imports": _recent_imports(50), "page_title": "CSV imports", "header_icon": "upload"},
    )


def _recent_imports(limit: int = 5) -> list[CSVImport]:
    return list(CSVImport.objects.select_related("user").defer("text")[:limit])


def _tell(request: HttpRequest, message: str, check: dict[str, Any]) -> None:
    (messages.warning if check["refused"] else messages.success)(request, message)
