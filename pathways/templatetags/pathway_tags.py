"""The account page's link to the pathways awaiting the person's sign-off."""

from typing import Any

from django import template
from django.contrib.auth.models import AnonymousUser

from accounts import policy
from accounts.models import User
from pathways.models import sign_offs_awaited

register = template.Library()


@register.inclusion_tag("pathways/_sign_off_link.html")
def sign_off_queue_link(user: User | AnonymousUser) -> dict[str, Any]:
    if not policy.can_see_sign_off_queue(user):
        return {"show": False}
    return {
        "show": True,
        "yours": sign_offs_awaited(policy.admin_organisation_ids(user))
        .order_by()
        .values("pathway_id")
        .distinct()
        .count(),
        "is_coordinator": policy.is_coordinator(user),
        "waiting": sign_offs_awaited().order_by().values("pathway_id").distinct().count()
        if policy.is_coordinator(user)
        else None,
    }
