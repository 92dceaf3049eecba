"""What a search answers: results, each hit, facet values. Built by the engine
(search/engine.py) from Elasticsearch's answer, or by the database fallback
(search/fallback.py) when Elasticsearch cannot answer."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape

from search.params import SearchParams

TYPE_LABELS = {
    "service": "Services",
    "organisation": "Organisations",
    "thread": "Forum",
    "pathway": "Pathways",
    "page": "Guidance",
}


@dataclass
class Hit:
    type: str
    id: str
    title: str
    url: str
    snippet: str
    title_html: str = ""
    organisation: str = ""
    categories: list[str] = field(default_factory=list)
    status: str = ""
    accepting_referrals: bool | None = None
    verified: bool = False
    closed: bool = False
    distance_km: float | None = None
    # As the document lists them; in the JSON only where an index says (its "describe").
    languages: list[str] = field(default_factory=list)
    # What an index keeps for its cards (never searched), read by its "describe".
    card: dict[str, Any] = field(default_factory=dict)
    # Fields an index adds to its hits (``IndexSpec.extra["describe"]``), as this person
    # may see them.
    extra: dict[str, Any] = field(default_factory=dict)
    # Words an index adds for the results page only (never in the JSON): a card's labels.
    shown: dict[str, str] = field(default_factory=dict)

    @property
    def type_label(self) -> str:
        return TYPE_LABELS.get(self.type, self.type).rstrip("s")

    def as_json(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "id": self.id,
            "title": self.title,
            "title_html": self.title_html or escape(self.title),
            "url": self.url,
            "snippet": self.snippet,
            "organisation": self.organisation,
            "categories": self.categories,
            "status": self.status,
            "accepting_referrals": self.accepting_referrals,
            "verified": self.verified,
            "closed": self.closed,
            "distance_km": self.distance_km,
            **self.extra,
        }


@dataclass
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclass
class Results:
    params: SearchParams
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    type_counts: dict[str, int] = field(default_factory=dict)
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    did_you_mean: str = ""
    degraded: bool = False

    @property
    def page(self) -> int:
        return self.params.page

    @property
    def pages(self) -> int:
        return min(self.params.max_page, max(1, math.ceil(self.total / self.params.per_page)))

    @property
    def messages(self) -> list[str]:
        return self.params.messages

    def as_json(self) -> dict[str, Any]:
        p = self.params
        return {
            "query": p.q,
            "type": p.type or None,
            "near": {"lat": p.near[0], "lon": p.near[1], "label": p.near_label} if p.near else None,
            "radius_km": p.radius_km if p.near else None,
            "sort": p.sort,
            "page": p.page,
            "pages": self.pages,
            "per_page": p.per_page,
            "count": self.total,
            "degraded": self.degraded,
            "did_you_mean": self.did_you_mean or None,
            "messages": p.messages,
            "type_counts": self.type_counts,
            "facets": {
                name: [{"value": v.value, "count": v.count, "selected": v.selected} for v in values]
                for name, values in self.facets.items()
            },
            "results": [hit.as_json() for hit in self.hits],
        }


def distance_km(origin: tuple[float, float], p: dict[str, float]) -> float:
    """Kilometres from ``origin`` (latitude, longitude) to a document's point."""
    lat1, lon1 = map(math.radians, origin)
    lat2, lon2 = math.radians(p["lat"]), math.radians(p["lon"])
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(a))
