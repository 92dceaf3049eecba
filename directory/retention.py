"""How long the directory keeps resolved problem reports (they name who reported)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from core.retention import rule
from directory.models import ListingReport


@rule("problem_reports", "Resolved problem reports")
def resolved_reports(cutoff: datetime) -> QuerySet[ListingReport]:
    return ListingReport.objects.filter(
        status=ListingReport.Status.RESOLVED, resolved_at__lt=cutoff
    )
