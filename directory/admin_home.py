"""An organisation admin's home in the Wagtail admin: their entry and services with their
state, what a coordinator asked them to change, and their staff and pending invitations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from wagtail.admin.ui.components import Component
from wagtail.models import WorkflowState

from accounts import policy
from accounts.models import Invitation, Membership
from directory.models import Organisation, Service
from directory.review import with_awaiting_approval


@dataclass
class Entry:
    """An organisation or a service, with what its admin needs to know about it."""

    obj: Organisation | Service
    awaiting_approval: bool
    changes_asked: str | None = None  # a coordinator's comment, when they asked for changes

    @property
    def state(self) -> str:
        if self.changes_asked is not None:
            return "Changes asked for"
        if self.awaiting_approval:
            return "Awaiting approval"
        if not self.obj.live:
            return "Draft, not published"
        if self.obj.has_unpublished_changes:
            return "Live, with a draft not yet submitted"
        return "Live"


@dataclass
class OrganisationHome:
    organisation: Organisation
    entry: Entry
    review_due_soon: bool
    services: list[Entry] = field(default_factory=list)
    members: list[Membership] = field(default_factory=list)
    invitations: list[Invitation] = field(default_factory=list)


def _changes_asked(objects) -> dict[tuple[int, str], str]:
    """``{(content type id, object id): the coordinator's comment}`` for entries sent back."""
    if not objects:
        return {}
    content_types = ContentType.objects.get_for_models(Organisation, Service)
    states = WorkflowState.objects.filter(
        status=WorkflowState.STATUS_NEEDS_CHANGES,
        base_content_type__in=content_types.values(),
        object_id__in=[str(obj.pk) for obj in objects],
    ).select_related("current_task_state")
    return {
        (state.base_content_type_id, state.object_id): (
            state.current_task_state.comment if state.current_task_state else ""
        )
        for state in states
    }


def homes_for(user) -> list[OrganisationHome]:
    ids = policy.admin_organisation_ids(user)
    if not ids:
        return []
    organisations = list(with_awaiting_approval(Organisation.objects.filter(pk__in=ids)))
    services = list(
        with_awaiting_approval(Service.objects.filter(organisation_id__in=ids)).order_by("name")
    )
    content_types = ContentType.objects.get_for_models(Organisation, Service)
    asked = _changes_asked(organisations) | _changes_asked(services)

    def entry(obj) -> Entry:
        key = (content_types[type(obj)].pk, str(obj.pk))
        return Entry(obj, obj.awaiting_approval, asked.get(key))

    soon = timezone.localdate() + timedelta(days=settings.REVIEW_REMINDER_DAYS)
    homes = {
        org.pk: OrganisationHome(
            organisation=org,
            entry=entry(org),
            review_due_soon=org.next_review_due is None or org.next_review_due <= soon,
        )
        for org in organisations
    }
    for service in services:
        homes[service.organisation_id].services.append(entry(service))
    for membership in Membership.objects.filter(organisation_id__in=ids).select_related("user"):
        homes[membership.organisation_id].members.append(membership)
    for invitation in Invitation.objects.filter(
        organisation_id__in=ids, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ):
        homes[invitation.organisation_id].invitations.append(invitation)
    return list(homes.values())


class OrganisationAdminHomePanel(Component):
    name = "directory_organisation_admin_home"
    template_name = "directory/admin/organisation_admin_home.html"
    order = 40

    def __init__(self, homes: list[OrganisationHome]):
        self.homes = homes

    def get_context_data(self, parent_context):
        return {"homes": self.homes}
