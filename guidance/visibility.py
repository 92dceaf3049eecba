"""Who may see a Wagtail page, in the access policy's terms.

Members-only pages are Wagtail "private, logged-in users" pages (a ``login`` view
restriction); we read that as the ``members`` audience, and the access policy decides
who is a member. Pages behind a password or a Django-group restriction are for the
people who hold those, so they carry no site audience and stay out of site search.
"""

from __future__ import annotations

from wagtail.models import Page, PageViewRestriction
from wagtail.query import PageQuerySet

from accounts import policy

LOGIN = PageViewRestriction.LOGIN


def page_audiences(page: Page) -> frozenset[str]:
    if not page.live:
        return frozenset()
    restrictions = page.get_view_restrictions()
    if not restrictions:
        return frozenset({policy.PUBLIC})
    if all(r.restriction_type == LOGIN for r in restrictions):
        return frozenset({policy.MEMBERS})
    return frozenset()


def is_members_only(page: Page) -> bool:
    restrictions = page.get_view_restrictions()
    return bool(restrictions) and all(r.restriction_type == LOGIN for r in restrictions)


def visible_pages(queryset: PageQuerySet, user) -> PageQuerySet:
    """Live pages from ``queryset`` that ``user`` may see listed."""
    queryset = queryset.live()
    if not policy.can_see(user, {policy.MEMBERS}):
        return queryset.public()
    for restriction in PageViewRestriction.objects.exclude(restriction_type=LOGIN).select_related(
        "page"
    ):
        queryset = queryset.not_descendant_of(restriction.page, inclusive=True)
    return queryset
