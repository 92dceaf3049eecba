"""Coordinators' own admin pages: verify an organisation, CSV export and import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from accounts import policy
from directory.forms import CSVImportForm
from directory.models import Organisation
from directory.resources import ServiceResource


def _coordinator_required(request: HttpRequest) -> None:
    if not policy.can_manage_directory(request.user):
        raise PermissionDenied


def verify_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    if not policy.can_verify_organisation(request.user):
        raise PermissionDenied
    organisation = get_object_or_404(Organisation, pk=pk)
    if request.method == "POST":
        organisation.verify(request.user)
        messages.success(
            request,
            f"{organisation} is verified; the next review is due "
            f"{organisation.next_review_due:%d %B %Y}.",
        )
        return redirect(reverse("wagtailsnippets_directory_organisation:list"))
    return TemplateResponse(request, "directory/admin/verify.html", {"organisation": organisation})


def export_services_csv(request: HttpRequest) -> HttpResponse:
    _coordinator_required(request)
    dataset = ServiceResource().export()
    response = HttpResponse(dataset.csv, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="waymark-services.csv"'
    return response


def import_services_csv(request: HttpRequest) -> HttpResponse:
    """Each created or changed service becomes a revision by this coordinator, published
    at once (see directory.resources); a dry run checks the same way and keeps nothing."""
    _coordinator_required(request)
    form = CSVImportForm(request.POST or None, request.FILES or None)
    context = {"form": form, "result": None}
    if request.method == "POST" and form.is_valid():
        dry_run = form.cleaned_data["dry_run"]
        resource = ServiceResource(user=request.user)
        result = resource.import_data(
            form.dataset,
            dry_run=dry_run,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
        )
        context.update(_summary(result, resource, dry_run))
        if not context["failed"]:
            message = ("Checked, nothing changed: " if dry_run else "Imported: ") + context[
                "totals_text"
            ]
            if resource.refused:
                messages.warning(request, message)
            else:
                messages.success(request, message)
    return TemplateResponse(request, "directory/admin/import.html", context)


def _summary(result, resource: ServiceResource, dry_run: bool) -> dict:
    from import_export.results import RowResult

    failed = result.has_errors() or result.has_validation_errors()
    totals = result.totals
    refused = len(resource.refused)
    counts = [
        (totals.get(RowResult.IMPORT_TYPE_NEW, 0), "would be added" if dry_run else "added"),
        (totals.get(RowResult.IMPORT_TYPE_UPDATE, 0), "would be changed" if dry_run else "changed"),
        (totals.get(RowResult.IMPORT_TYPE_SKIP, 0) - refused, "unchanged"),
        (refused, "refused"),
    ]
    changed_rows = [
        {
            "name": row.object_repr,
            "is_new": row.import_type == RowResult.IMPORT_TYPE_NEW,
            "history_url": (
                None
                if dry_run or failed
                else reverse("wagtailsnippets_directory_service:history", args=[row.object_id])
            ),
        }
        for row in result.rows
        if row.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE)
    ]
    return {
        "result": result,
        "failed": failed,
        "dry_run": dry_run,
        "refused": resource.refused,
        "changed_rows": [] if failed else changed_rows,
        "base_errors": [error.error for error in result.base_errors],
        "totals_text": ", ".join(f"{count} {words}" for count, words in counts if count)
        or "no rows",
    }
