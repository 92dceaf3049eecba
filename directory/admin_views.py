"""Coordinators' own admin pages: verify an organisation (CSV export and import are in
directory/csv_import/views.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from accounts import policy
from directory.models import Organisation


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
