"""Turn request parameters into a validated ``SearchParams``: bad input is clamped or
dropped with a message the page shows, never an error. Values are read with
``core.params``, after control characters (NUL included) are turned into spaces, so none
reaches Elasticsearch, the database or the page."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from core import params as read
from core.params import BadParameter

MAX_QUERY_LENGTH = 200
PER_PAGE = 20
MAX_PER_PAGE = 50
MAX_RESULT_WINDOW = 10_000
DEFAULT_RADIUS_KM = 10.0
MAX_RADIUS_KM = 200.0
MIN_RADIUS_KM = 0.5
TYPES = ("service", "organisation", "thread", "pathway", "page")
SORTS = ("relevance", "distance", "name")
FACET_PARAMS = {
    "category": "categories",
    "area": "areas",
    "language": "languages",
    "organisation_type": "organisation_type",
}
_POINT = re.compile(r"(-?[0-9]{1,3}(?:\.[0-9]+)?)\s*,\s*(-?[0-9]{1,3}(?:\.[0-9]+)?)")


@dataclass
class SearchParams:
    q: str = ""
    type: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    accepting: bool | None = None
    near: tuple[float, float] | None = None
    near_text: str = ""
    near_label: str = ""
    radius_km: float = DEFAULT_RADIUS_KM
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    messages: list[str] = field(default_factory=list)

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def max_page(self) -> int:
        return MAX_RESULT_WINDOW // self.per_page

    def as_query(self, **changes) -> dict:
        """These parameters as a query string dict (for links: pages, tabs, facets)."""
        values: dict[str, str | list[str]] = {
            "q": self.q,
            "type": self.type,
            "near": self.near_text,
            "radius_km": (f"{self.radius_km:g}" if self.near else ""),
            "accepting": {True: "yes", False: "no", None: ""}[self.accepting],
            "sort": self.sort if self.sort != "relevance" else "",
            "page": str(self.page) if self.page > 1 else "",
        }
        for param, field_name in FACET_PARAMS.items():
            values[param] = self.filters.get(field_name, [])
        values.update(changes)
        return {k: v for k, v in values.items() if v not in ("", None, [])}


def parse(data, *, per_page: int | None = None) -> SearchParams:
    """``data`` is a QueryDict (or a plain dict of strings)."""
    params = SearchParams()
    data = read.printable_query(data)
    get = data.get
    getlist = data.getlist

    q = " ".join((get("q") or "").split())
    if len(q) > MAX_QUERY_LENGTH:
        q = q[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or q[:MAX_QUERY_LENGTH]
        params.messages.append(
            f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters."
        )
    params.q = q

    kind = (get("type") or "").strip().lower()
    if kind.endswith("s") and kind[:-1] in TYPES:
        kind = kind[:-1]
    if kind and kind not in TYPES:
        params.messages.append(f'There is no result type called "{kind[:40]}"; showing all.')
        kind = ""
    params.type = kind

    for param, field_name in FACET_PARAMS.items():
        values = [v.strip()[:150] for v in getlist(param) if v and v.strip()][:20]
        if values:
            params.filters[field_name] = values

    accepting = (get("accepting") or "").lower()
    if accepting in {"yes", "true", "1"}:
        params.accepting = True
    elif accepting in {"no", "false", "0"}:
        params.accepting = False

    _parse_near(params, get("near") or get("postcode") or "", data)

    sort = (get("sort") or "relevance").lower()
    if sort not in SORTS or (sort == "distance" and not params.near):
        sort = "relevance"
    params.sort = sort

    if per_page is not None:
        params.per_page = per_page
    else:
        try:
            asked = read.integer(data, "per_page") or PER_PAGE
        except BadParameter:
            asked = PER_PAGE
        params.per_page = max(1, min(MAX_PER_PAGE, asked))
    params.page = _parse_page(params, data)
    return params


def _parse_page(params: SearchParams, data) -> int:
    try:
        page = read.integer(data, "page")
    except BadParameter:
        params.messages.append("That was not a page number, so here is the first page.")
        return 1
    if page is None:
        return 1
    if page < 1:
        params.messages.append("Page numbers start at 1, so here is the first page.")
        return 1
    if page > params.max_page:
        params.messages.append(
            f"Results stop at page {params.max_page}; try narrowing your search instead."
        )
        return params.max_page
    return page


def _parse_near(params: SearchParams, raw: str, data) -> None:
    raw = " ".join(raw.split())[:60]
    if not raw:
        return
    params.near_text = raw
    match = _POINT.fullmatch(raw)
    if match:
        lat, lon = float(match.group(1)), float(match.group(2))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            params.near = (lat, lon)
            params.near_label = f"{lat:.4f}, {lon:.4f}"
        else:
            params.messages.append("That point is not on the map; showing results anywhere.")
    else:
        _locate_postcode(params, raw)
    try:
        radius = read.number(data, "radius_km")
    except BadParameter:
        params.messages.append(
            f"The distance was not a number, so we used {DEFAULT_RADIUS_KM:g} km."
        )
        return
    if radius is not None:
        clamped = max(MIN_RADIUS_KM, min(MAX_RADIUS_KM, radius))
        if clamped != radius:
            params.messages.append(
                f"Distances run from {MIN_RADIUS_KM:g} to {MAX_RADIUS_KM:g} km; "
                f"we used {clamped:g} km."
            )
        params.radius_km = clamped


def _locate_postcode(params: SearchParams, raw: str) -> None:
    from django.core.exceptions import ValidationError

    try:
        from places.postcodes import UnknownPostcode, locate
    except ImportError:
        params.messages.append("Searching near a postcode is not available yet.")
        return
    try:
        place = locate(raw)
    except ValidationError:
        params.messages.append(
            f'"{raw}" is not a UK postcode or a latitude,longitude point, '
            "so we searched everywhere."
        )
        return
    except UnknownPostcode as error:
        params.messages.append(
            f"We do not know where {error.postcode} is, so we searched everywhere."
        )
        return
    params.near = (place.latitude, place.longitude)
    params.near_label = place.label
    if place.approximate:
        params.messages.append(
            f"We did not know {place.query} exactly, so we searched near {place.label}."
        )
