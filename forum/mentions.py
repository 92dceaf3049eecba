"""Suggestions of people and organisations to @mention while writing a post.

A person's handle is the one they chose (``accounts.handles``: a form of their name,
unique); an organisation's is its directory slug (see ``forum.markdown.resolve_mentions``).
Which people may be offered at all is the access policy's decision
(``policy.mentionable_people``); organisations are those with a public directory entry, the
only ones a mention links to. This module only matches and shapes the answer.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

from django.db.models import Case, Exists, OuterRef, Prefetch, Q, Value, When
from django.db.models.functions import Lower

from accounts import policy
from accounts.models import Membership
from directory.models import Organisation

LIMIT = 8
ORGANISATION_LIMIT = 3  # of the LIMIT: people first, a few organisations after them
MAX_QUERY = 50
_QUERY = re.compile(r"[a-z0-9._-]+|[^\W_]+", re.IGNORECASE)


@dataclass(frozen=True)
class Suggestion:
    handle: str
    name: str
    organisation: str  # a person's organisation; for an organisation, what kind it is
    kind: str = "person"

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


def clean_query(text: str) -> str:
    """What was typed after the ``@``; empty when there is nothing to look for."""
    text = text.strip().lstrip("@")[:MAX_QUERY]
    match = _QUERY.match(text)
    return match.group(0) if match and match.group(0) == text else ""


def _matching(query: str) -> Q:
    word_start = f" {query}"
    in_organisation = Membership.objects.filter(user=OuterRef("pk")).filter(
        Q(organisation__name__istartswith=query) | Q(organisation__name__icontains=word_start),
        organisation__status=Organisation.Status.ACTIVE,
    )
    return (
        Q(handle__startswith=query.lower())
        | Q(display_name__istartswith=query)
        | Q(display_name__icontains=word_start)
        | Q(first_name__istartswith=query)
        | Q(last_name__istartswith=query)
        | Q(Exists(in_organisation))
    )


def suggest(user, audiences, typed: str, limit: int = LIMIT) -> list[Suggestion]:
    """Up to ``limit`` people ``user`` may mention where ``audiences`` read, whose handle,
    name or organisation starts with ``typed``, then organisations whose name or handle
    does. Three queries, however many people and organisations there are."""
    query = clean_query(typed)
    if not query:
        return []
    organisations = _organisations(query, min(ORGANISATION_LIMIT, limit))
    return _people(user, audiences, query, limit - len(organisations)) + organisations


def _organisations(query: str, limit: int) -> list[Suggestion]:
    found = (
        Organisation.objects.visible()
        .filter(
            Q(slug__startswith=query.lower())
            | Q(name__istartswith=query)
            | Q(name__icontains=f" {query}")
        )
        .only("slug", "name", "organisation_type")
        .order_by(Lower("name"))[:limit]
    )
    return [
        Suggestion(
            handle=org.slug,
            name=org.name,
            organisation=f"{org.get_organisation_type_display()} · directory entry",
            kind="organisation",
        )
        for org in found
    ]


def _people(user, audiences, query: str, limit: int) -> list[Suggestion]:
    people = (
        policy.mentionable_people(user, audiences)
        .only("handle", "email", "display_name", "first_name", "last_name")
        .filter(_matching(query))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.select_related("organisation")
                .filter(organisation__status=Organisation.Status.ACTIVE)
                .order_by("pk"),
            )
        )
        # Handles that start with what was typed first, then by name.
        .order_by(
            Case(When(handle__startswith=query.lower(), then=Value(0)), default=Value(1)),
            Lower("display_name"),
            "handle",
        )[:limit]
    )
    suggestions = []
    for person in people:
        memberships = person.memberships.all()
        suggestions.append(
            Suggestion(
                handle=person.handle,
                name=person.name,
                organisation=memberships[0].organisation.name if memberships else "",
            )
        )
    return suggestions
