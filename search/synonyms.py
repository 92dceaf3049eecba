"""The coordinators' thesaurus, applied when a query runs (this build has no synonym
filter, and a change must not need a reindex): a query that contains one phrase of a
group is also run with each other phrase of the group in its place."""

from __future__ import annotations

import re

from django.core.cache import cache

CACHE_KEY = "search:synonyms:v1"
MAX_VARIANTS = 8


def groups() -> list[list[str]]:
    cached: list[list[str]] | None = cache.get(CACHE_KEY)
    if cached is None:
        from search.models import Synonym

        cached = [s.phrases() for s in Synonym.objects.all()]
        cache.set(CACHE_KEY, cached, 300)
    return cached


def forget() -> None:
    cache.delete(CACHE_KEY)


def expansions(query: str) -> list[tuple[str, str]]:
    """``(other phrase, the rest of the query)`` for each other way of saying a phrase in
    ``query``: "polish labour exploitation" gives ("modern slavery", "polish labour"), ...
    """
    lowered = " ".join(query.lower().split())
    found: list[tuple[str, str]] = []
    for group in groups():
        for phrase in sorted(group, key=len, reverse=True):
            pattern = rf"(?<!\w){re.escape(phrase)}(?!\w)"
            if re.search(pattern, lowered):
                rest = " ".join(re.sub(pattern, " ", lowered).split())
                found += [(other, rest) for other in group if other != phrase]
                break
    return list(dict.fromkeys(found))[:MAX_VARIANTS]


def variants(query: str) -> list[str]:
    """Other ways of saying ``query`` (not including it)."""
    lowered = " ".join(query.lower().split())
    found: list[str] = []
    for group in groups():
        for phrase in sorted(group, key=len, reverse=True):
            pattern = rf"(?<!\w){re.escape(phrase)}(?!\w)"
            if re.search(pattern, lowered):
                for other in group:
                    if other != phrase:
                        found.append(re.sub(pattern, other, lowered))
                break
    return list(dict.fromkeys(v for v in found if v != lowered))[:MAX_VARIANTS]
