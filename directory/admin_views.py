"""Coordinators' own admin pages: verify an organisation, CSV export and import."""

from __future__ import annotations

import tablib
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
    _coordinator_required(request)
    form = CSVImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        text = form.cleaned_data["file"].read().decode("utf-8-sig", errors="replace")
        dataset = tablib.Dataset().load(text, format="csv")
        result = ServiceResource().import_data(
            dataset, dry_run=form.cleaned_data["dry_run"], raise_errors=False
        )
        if not result.has_errors() and not result.has_validation_errors():
            messages.success(
                request,
                ("Checked: " if form.cleaned_data["dry_run"] else "Imported: ")
                + ", ".join(f"{count} {kind}" for kind, count in result.totals.items() if count),
            )
    return TemplateResponse(
        request, "directory/admin/import.html", {"form": form, "result": result}
    )
