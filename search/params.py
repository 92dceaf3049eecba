"""The one reader of search parameters, for /search/, /api/search and the directory page.

``parse(data, surface)`` turns a querystring into ``SearchParams``. A ``Surface`` says what
one page takes: which filter parameters (and the index fields they filter), tick boxes,
result types, points on the map, the radius parameter's name, and, on a page with a
form, the values each of its choices offers.

Bad input changes nothing and is never an error: it is dropped or clamped with a message
saying so. On a page with a form (the directory) a value its choices do not offer, or a
place it cannot find, is an error beside that field instead, and the page shows no
results until it is put right. Values are read with ``core.params``, after control
characters (NUL included) are turned into spaces, so none reaches Elasticsearch, the
database or the page.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

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


@dataclass(frozen=True)
class Surface:
    """What one search page or API takes."""

    # Filter parameters: the querystring's name -> the index field it filters.
    filters: dict[str, str] = field(default_factory=lambda: dict(FACET_PARAMS))
    # Tick boxes (their keys in ``SearchParams.ticked``); "accepting" is otherwise yes/no.
    ticks: tuple[str, ...] = ()
    types: bool = True
    # The parameters that name a place, the first one given read.
    near: tuple[str, ...] = ("near", "postcode")
    # "near" may be a latitude,longitude point as well as a postcode or district.
    points: bool = True
    radius: str = "radius_km"
    # The order when a place is given and no sort is asked for.
    sort_near: str = "relevance"
    # The orders it offers (any other is read as relevance).
    sorts: tuple[str, ...] = SORTS
    # A page with a form: the values each of its choices offers (one value each).
    choices: Mapping[str, Collection[str]] = field(default_factory=dict)

    @property
    def has_form(self) -> bool:
        return bool(self.choices)


SEARCH = Surface()


@dataclass
class SearchParams:
    q: str = ""
    type: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    ticked: list[str] = field(default_factory=list)
    accepting: bool | None = None
    near: tuple[float, float] | None = None
    near_text: str = ""
    near_label: str = ""
    radius_km: float = DEFAULT_RADIUS_KM
    sort: str = "relevance"
    page: int = 1
    per_page: int = PER_PAGE
    # Open at this moment (``open_now=1``: the moment of the search; ``open_at=``: another).
    open_at: datetime | None = None
    open_now: bool = False
    # Members only (ignored for anyone else): services that said "space available".
    available: bool = False
    messages: list[str] = field(default_factory=list)
    # On a page with a form: what is wrong, by field; the page shows no results.
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors

    @property
    def narrowed(self) -> bool:
        """Narrowed by more than its words: a filter, a place, a type, opening or space."""
        return bool(
            self.type
            or self.filters
            or self.ticked
            or self.accepting is not None
            or self.near
            or self.open_at
            or self.available
        )

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @property
    def max_page(self) -> int:
        return MAX_RESULT_WINDOW // self.per_page

    def as_query(self, **changes: str | list[str]) -> dict[str, str | list[str]]:
        """These parameters as a query string dict (for links: pages, tabs, facets)."""
        values: dict[str, str | list[str]] = {
            "q": self.q,
            "type": self.type,
            "near": self.near_text,
            "radius_km": (f"{self.radius_km:g}" if self.near else ""),
            "accepting": {True: "yes", False: "no", None: ""}[self.accepting],
            "sort": self.sort if self.sort != "relevance" else "",
            "page": str(self.page) if self.page > 1 else "",
            "open_now": "1" if self.open_now else "",
            "open_at": self.open_at.isoformat() if self.open_at and not self.open_now else "",
            "available": "1" if self.available else "",
        }
        for param, field_name in FACET_PARAMS.items():
            values[param] = self.filters.get(field_name, [])
        values.update(changes)
        return {k: v for k, v in values.items() if v not in ("", None, [])}


def parse(
    data: QueryDict | Mapping[str, str], surface: Surface = SEARCH, *, per_page: int | None = None
) -> SearchParams:
    """``data`` is a QueryDict (or a plain dict of strings)."""
    return _Reader(read.printable_query(data), surface).read(per_page)


class _Reader:
    def __init__(self, data: QueryDict, surface: Surface) -> None:
        self.data = data
        self.surface = surface
        self.params = SearchParams()

    def problem(self, name: str, *, notice: str = "", error: str = "") -> None:
        """Something set aside: an error beside the form's field when the surface has a
        form (``error``), a message otherwise (``notice``)."""
        if error and self.surface.has_form:
            self.params.errors.setdefault(name, []).append(error)
        elif notice:
            self.params.messages.append(notice)

    def chosen(self, name: str) -> str:
        """The value of one of the form's choices, if it offers it ("" when not)."""
        value = self.data.get(name) or ""
        if value and value not in self.surface.choices[name]:
            self.problem(
                name, error=f"Select a valid choice. {value} is not one of the available choices."
            )
            return ""
        return value

    def read(self, per_page: int | None) -> SearchParams:
        params, surface = self.params, self.surface
        chosen = {name: self.chosen(name) for name in surface.choices}
        self.read_q()
        if surface.types:
            self.read_type()
        self.read_filters(chosen)
        params.ticked = [name for name in surface.ticks if _ticked(self.data.get(name))]
        if "accepting" not in surface.ticks:
            self.read_accepting()
        self.read_open_at()
        params.available = _ticked(self.data.get("available")) and self.data["available"] != "0"
        self.read_near(next((v for name in surface.near if (v := self.data.get(name))), ""))
        # A radius the form does not offer is set aside already.
        if params.near_text and (surface.radius not in chosen or chosen[surface.radius]):
            self.read_radius()
        self.read_sort(chosen.get("sort", self.data.get("sort")))
        self.read_per_page(per_page)
        self.read_page()
        return params

    def read_filters(self, chosen: dict[str, str]) -> None:
        for param, field_name in self.surface.filters.items():
            if param in chosen:
                values = [chosen[param]] if chosen[param] else []
            else:
                values = [v.strip()[:150] for v in self.data.getlist(param) if v and v.strip()]
            if values:
                self.params.filters[field_name] = values[:20]

    def read_accepting(self) -> None:
        accepting = (self.data.get("accepting") or "").lower()
        if accepting in {"yes", "true", "1"}:
            self.params.accepting = True
        elif accepting in {"no", "false", "0"}:
            self.params.accepting = False

    def read_open_at(self) -> None:
        params = self.params
        if _ticked(self.data.get("open_now")) and self.data["open_now"] != "0":
            params.open_at, params.open_now = timezone.now(), True
            return
        raw = (self.data.get("open_at") or "").strip()
        if not raw:
            return
        try:
            at = datetime.fromisoformat(raw[:40])
            if not 1900 <= at.year <= 2999:  # and far from the ends of the calendar
                raise ValueError(raw)
        except ValueError:
            self.problem(
                "open_at",
                notice=f'"{raw[:40]}" is not a date and time such as 2026-12-06T02:00, '
                "so opening hours were not checked.",
                error="Enter a date and time such as 2026-12-06T02:00.",
            )
            return
        # A time without a zone is London time, as the directory's opening hours are.
        params.open_at = at if at.tzinfo else at.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))

    def read_sort(self, sort: str | None) -> None:
        params = self.params
        sort = (sort or (self.surface.sort_near if params.near else "relevance")).lower()
        if sort not in self.surface.sorts or (sort == "distance" and not params.near):
            sort = "relevance"
        params.sort = sort

    def read_per_page(self, per_page: int | None) -> None:
        if per_page is None:
            try:
                per_page = read.integer(self.data, "per_page") or PER_PAGE
            except BadParameter:
                per_page = PER_PAGE
            per_page = max(1, min(MAX_PER_PAGE, per_page))
        self.params.per_page = per_page

    def read_q(self) -> None:
        q = " ".join((self.data.get("q") or "").split())
        if len(q) > MAX_QUERY_LENGTH:
            q = q[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or q[:MAX_QUERY_LENGTH]
            self.problem(
                "q", notice=f"Your search was shortened to its first {MAX_QUERY_LENGTH} characters."
            )
        self.params.q = q

    def read_type(self) -> None:
        kind = (self.data.get("type") or "").strip().lower()
        if kind.endswith("s") and kind[:-1] in TYPES:
            kind = kind[:-1]
        if kind and kind not in TYPES:
            self.problem(
                "type", notice=f'There is no result type called "{kind[:40]}"; showing all.'
            )
            kind = ""
        self.params.type = kind

    def read_page(self) -> None:
        params = self.params
        try:
            page = read.integer(self.data, "page")
        except BadParameter:
            self.problem("page", notice="That was not a page number, so here is the first page.")
            page = 1
        if page is None:
            page = 1
        elif page < 1:
            self.problem("page", notice="Page numbers start at 1, so here is the first page.")
            page = 1
        elif page > params.max_page:
            self.problem(
                "page",
                notice=f"Results stop at page {params.max_page}; "
                "try narrowing your search instead.",
            )
            page = params.max_page
        params.page = page

    def read_near(self, raw: str) -> None:
        raw = " ".join(raw.split())[:60]
        if not raw:
            return
        params = self.params
        params.near_text = raw
        match = _POINT.fullmatch(raw) if self.surface.points else None
        if not match:
            self.locate_postcode(raw)
            return
        lat, lon = float(match.group(1)), float(match.group(2))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            params.near = (lat, lon)
            params.near_label = f"{lat:.4f}, {lon:.4f}"
        else:
            self.problem("near", notice="That point is not on the map; showing results anywhere.")

    def read_radius(self) -> None:
        name = self.surface.radius
        try:
            radius = read.number(self.data, name)
        except BadParameter:
            self.problem(
                name, notice=f"The distance was not a number, so we used {DEFAULT_RADIUS_KM:g} km."
            )
            return
        if radius is None:
            return
        clamped = max(MIN_RADIUS_KM, min(MAX_RADIUS_KM, radius))
        if clamped != radius:
            self.problem(
                name,
                notice=f"Distances run from {MIN_RADIUS_KM:g} to {MAX_RADIUS_KM:g} km; "
                f"we used {clamped:g} km.",
            )
        self.params.radius_km = clamped

    def locate_postcode(self, raw: str) -> None:
        from django.core.exceptions import ValidationError

        # Postcodes are the bottom layer every app may use (places/ in the design).
        try:
            from places.postcodes import UnknownPostcode, locate
        except ImportError:
            self.problem("near", notice="Searching near a postcode is not available yet.")
            return
        params = self.params
        try:
            place = locate(raw)
        except ValidationError as invalid:
            self.problem(
                "near",
                notice=f'"{raw}" is not a UK postcode or a latitude,longitude point, '
                "so we searched everywhere.",
                error=invalid.messages[0],
            )
            return
        except UnknownPostcode as unknown:
            postcode = unknown.postcode
            district = postcode.split(" ")[0]
            self.problem(
                "near",
                notice=f"We do not know where {postcode} is, so we searched everywhere.",
                error=f"We do not know the postcode {postcode}. Check it, or try just its "
                f"district (the first half, such as {district})."
                if " " in postcode
                else f"We do not know the postcode district {district}. Check it, or try a "
                "nearby town's postcode.",
            )
            return
        params.near = (place.latitude, place.longitude)
        params.near_label = place.label
        if place.approximate:
            params.messages.append(
                f"We do not know the exact postcode {place.query}, so distances are from the "
                f"centre of {place.label}."
            )


def _ticked(value: str | None) -> bool:
    """A tick box's value, read as Django's CheckboxInput reads one (and shows it ticked):
    ticked unless absent, empty or "false"."""
    return value is not None and value != "" and value.lower() != "false"
