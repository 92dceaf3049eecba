"""The demo's agreed referral pathway from ``data/pathways.json``, drafted from a forum
thread, with its steps and every participating organisation's sign-off.

Kept apart from the forum's demo: pathways are moving to their own app, and only the model
import below (and the thread it was drafted from) ties them to the forum.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core.management.base import OutputWrapper

from accounts.models import User
from demo.directory import find_service
from demo.load import read
from directory.models import Organisation
from forum.models import Thread
from pathways.models import Pathway, PathwayStep

# Keys of a pathway in the data file that are not plain Pathway fields.
NOT_FIELDS = {
    "slug",
    "version",
    "review_in_days",
    "source_thread",
    "created_by",
    "participating_organisations",
    "steps",
    "sign_offs",
}


def seed(stdout: OutputWrapper) -> None:
    for spec in read("pathways")["pathways"]:
        pathway = _seed_pathway(spec)
        stdout.write(f"  pathways: '{pathway.title}' ({pathway.get_status_display().lower()})")


def _seed_pathway(spec: dict[str, Any]) -> Pathway:
    """Made once: a pathway found by slug and version is left as it is."""
    fields = {key: value for key, value in spec.items() if key not in NOT_FIELDS}
    pathway, created = Pathway.objects.get_or_create(
        slug=spec["slug"],
        version=spec["version"],
        defaults={
            **fields,
            "review_date": date.today() + timedelta(days=spec["review_in_days"]),
            "source_thread": Thread.objects.filter(title=spec["source_thread"]).first(),
            "created_by": User.objects.filter(email=spec["created_by"]).first(),
        },
    )
    if not created:
        return pathway
    organisations = Organisation.objects.in_bulk(
        spec["participating_organisations"], field_name="slug"
    )
    pathway.participating_organisations.set(organisations.values())
    for order, step in enumerate(spec["steps"], start=1):
        step = dict(step)
        services = [
            find_service(s["organisation"], s["service_matches"]) for s in step.pop("services", [])
        ]
        if "responsible_organisation" in step:
            step["responsible_organisation"] = organisations.get(step["responsible_organisation"])
        PathwayStep.objects.create(pathway=pathway, order=order, **step).linked_services.set(
            [service for service in services if service]
        )
    pathway.status = Pathway.Status.PROPOSED
    pathway.save(update_fields=["status"])
    for sign_off in spec["sign_offs"]:
        organisation = organisations.get(sign_off["organisation"])
        signer = User.objects.filter(email=sign_off["by"]).first()
        if organisation and signer:
            pathway.sign_off(organisation, signer)
    return pathway
