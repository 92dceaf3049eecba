"""The directory's service filters, written once.

Each filter has the key a querystring uses, the label the directory's form shows, which
services it keeps in the database (``q()``) and in the search index (``clauses()``: the
index field and value). Yes/no filters also say whether one service passes (``holds``):
the index records that in the service's document (``index_flags``), so Elasticsearch and
the database keep the same services.

Used by the directory's search form (directory/forms.py), its search on Elasticsearch and
its database stand-in (directory/search.py), its index (directory/search_index.py), and
the Open Referral UK feed (openreferral/api.py), whose query parameters are ``FEED``
filters here: one key means one thing everywhere (``KEYS``). ``q(prefix=...)`` reaches
services from another model, as the feed's list of services at locations does with
``prefix="service__"``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from core import params
from core.params import BadParameter
from directory import opening
from directory.models import Area, Availability, Category, Closure, Language, Service

# The index field holding the yes/no filters a service passes, by key.
FLAGS_FIELD = "eligibility"


def prefixed(q: Q, prefix: str) -> Q:
    """``q`` with each lookup reached through ``prefix`` (such as "service__")."""
    if not prefix:
        return q
    moved = Q()
    moved.connector, moved.negated = q.connector, q.negated
    for child in q.children:
        if isinstance(child, Q):
            moved.children.append(prefixed(child, prefix))
        elif isinstance(child, tuple):  # a (lookup, value) pair
            lookup, value = child
            moved.children.append((prefix + lookup, value))
        else:
            raise TypeError(f"{child!r} cannot be reached through {prefix}")
    return moved


@dataclass(frozen=True)
class Flag:
    """A yes/no filter: a service passes it or not."""

    key: str
    label: str
    lookup: Q
    holds: Callable[[Service], bool]
    # The index field recording it: ``FLAGS_FIELD`` holds the keys of the flags a service
    # passes; a filter with a field of its own (accepting_referrals) is True there.
    field: str = FLAGS_FIELD
    # Other flags a service must also pass (taking referrals tonight means accepting them).
    implies: tuple[Flag, ...] = ()

    def _all(self) -> list[Flag]:
        return [self, *(flag for implied in self.implies for flag in implied._all())]

    def q(self, prefix: str = "") -> Q:
        combined = Q()
        for flag in self._all():
            combined &= flag.lookup
        return prefixed(combined, prefix)

    def clauses(self) -> list[dict]:
        return [
            {"term": {flag.field: flag.key if flag.field == FLAGS_FIELD else True}}
            for flag in self._all()
        ]


@dataclass(frozen=True)
class Choice:
    """A filter with a value: one category, area or language, or one eligibility flag."""

    key: str
    label: str
    any_label: str
    # The index field holding a service's values for it.
    field: str
    lookup: Callable[[str], Q]

    def q(self, value: str, prefix: str = "") -> Q:
        return prefixed(self.lookup(value), prefix)

    def clauses(self, value: str) -> list[dict]:
        return [{"term": {self.field: value}}]


_ANY_GENDER = Service.Gender.ANY

NO_NRM_NEEDED = Flag(
    "no_nrm_needed",
    "No NRM referral needed",
    Q(nrm_requirement=Service.NRMRequirement.NONE),
    lambda service: service.nrm_requirement == Service.NRMRequirement.NONE,
)
NO_RECOURSE = Flag(
    "no_recourse",
    "Takes people with no recourse to public funds",
    Q(immigration_status=Service.ImmigrationStatus.ANY),
    lambda service: service.immigration_status == Service.ImmigrationStatus.ANY,
)
WOMEN = Flag(
    "women",
    "Women",
    Q(gender__in=[_ANY_GENDER, Service.Gender.WOMEN]),
    lambda service: service.gender in (_ANY_GENDER, Service.Gender.WOMEN),
)
MEN = Flag(
    "men",
    "Men",
    Q(gender__in=[_ANY_GENDER, Service.Gender.MEN]),
    lambda service: service.gender in (_ANY_GENDER, Service.Gender.MEN),
)
UNDER_18 = Flag(
    "under_18",
    "Under 18s",
    Q(minimum_age__isnull=True) | Q(minimum_age__lt=18),
    lambda service: service.minimum_age is None or service.minimum_age < 18,
)
ACCEPTING = Flag(
    "accepting",
    "Accepting referrals now",
    Q(accepting_referrals=True, status=Service.Status.ACTIVE),
    lambda service: bool(service.accepting_referrals) and service.status == Service.Status.ACTIVE,
    field="accepting_referrals",
)
TONIGHT = Flag(
    "tonight",
    "Takes referrals tonight (24/7)",
    Q(available_24_7=True),
    lambda service: service.available_24_7,
    implies=(ACCEPTING,),
)
# Never listed: a service that no longer runs.
INACTIVE = Flag(
    "inactive",
    "No longer running",
    Q(status=Service.Status.INACTIVE),
    lambda service: service.status == Service.Status.INACTIVE,
)

# The form's "Eligibility" choice.
ELIGIBILITY = (NO_NRM_NEEDED, NO_RECOURSE, WOMEN, MEN, UNDER_18)
# The form's tick boxes.
TICK_BOXES = (ACCEPTING, TONIGHT)
# What the index records in FLAGS_FIELD, in this order.
INDEXED_FLAGS = (*ELIGIBILITY, TONIGHT, INACTIVE)
FLAGS = {flag.key: flag for flag in (*ELIGIBILITY, ACCEPTING, TONIGHT, INACTIVE)}


class OpenAt:
    """Open at a moment (``open_now=1`` is now, ``open_at=`` any other): its schedule says
    open then, in London time, and it is not closed that day. A service that lists no hours
    is not known to be open, so it is left out."""

    key = "open_at"

    def q(self, at: datetime, prefix: str = "") -> Q:
        local = at.astimezone(opening.LONDON)
        today, clock = local.date(), local.time().replace(second=0, microsecond=0)
        day = opening.DAY_CODES[local.weekday()]
        yesterday = opening.DAY_CODES[local.weekday() - 1]
        overnight = Q(schedules__closes_at__lte=F("schedules__opens_at")) | Q(
            schedules__closes_at__isnull=True
        )
        by_schedule = (
            Q(schedules__byday__contains=day, schedules__opens_at__lte=clock)
            & (Q(schedules__closes_at__gt=clock) | overnight)
        ) | (Q(schedules__byday__contains=yesterday, schedules__closes_at__gt=clock) & overnight)
        closed_today = Closure.objects.filter(starts_on__lte=today, ends_on__gte=today)
        closed = Q(pk__in=closed_today.values("service_id"))
        open_then = (Q(available_24_7=True) | by_schedule) & Q(status=Service.Status.ACTIVE)
        return prefixed(open_then, prefix) & ~prefixed(closed, prefix)

    def clauses(self, at: datetime) -> list[dict]:
        today = at.astimezone(opening.LONDON).date().isoformat()
        return [
            {"term": {"open_minutes": opening.minute_of_week(at)}},
            {"bool": {"must_not": [{"term": {"closed_dates": today}}]}},
        ]

    def index_fields(self, service: Service) -> dict:
        return {
            "open_minutes": [
                {"gte": start, "lt": end} for start, end in opening.weekly_ranges(service) or []
            ],
            "closed_dates": [
                {"gte": first.isoformat(), "lte": last.isoformat()}
                for first, last in opening.closed_dates(service)
            ],
        }


OPEN_AT = OpenAt()


class Available:
    """Members only (the caller asks ``policy.can_see_availability``): services whose staff
    said "space available" within the stale time. Never in the index: Elasticsearch is
    given these services' ids."""

    key = "available"
    label = "Space available tonight"

    def q(self, now: datetime | None = None, prefix: str = "") -> Q:
        now = now or timezone.now()
        fresh = Q(
            takes_people_in=True,
            availability__state=Availability.State.AVAILABLE,
            availability__updated_at__gte=now - settings.AVAILABILITY_STALE_AFTER,
        )
        return prefixed(fresh, prefix)

    def clauses(self, now: datetime | None = None) -> list[dict]:
        ids = Service.objects.filter(self.q(now)).values_list("pk", flat=True)
        return [{"ids": {"values": [str(pk) for pk in ids]}}]


AVAILABLE = Available()


def index_flags(service: Service) -> list[str]:
    """The keys of the flags ``service`` passes, for its search document."""
    return [flag.key for flag in INDEXED_FLAGS if flag.holds(service)]


def _in_category(slug: str) -> Q:
    """Services in the category or any category below it."""
    categories = list(Category.objects.only("pk", "parent_id", "slug"))
    roots = {c.pk for c in categories if c.slug == slug}
    return Q(categories__in=Category.with_descendants(categories, roots))


CATEGORY = Choice("category", "Category", "All categories", "category_slugs", _in_category)
AREA = Choice(
    "area",
    "Area",
    "All areas",
    "area_slugs",
    lambda slug: Q(service_areas__slug=slug) | Q(organisation__areas__slug=slug),
)
LANGUAGE = Choice(
    "language", "Language", "Any language", "language_codes", lambda code: Q(languages__code=code)
)
ELIGIBILITY_CHOICE = Choice(
    "eligibility", "Eligibility", "Any", FLAGS_FIELD, lambda key: FLAGS[key].q()
)
CHOICES = {choice.key: choice for choice in (CATEGORY, AREA, LANGUAGE, ELIGIBILITY_CHOICE)}


def options() -> dict:
    """What the category, area and language filters offer (three queries, however big the
    directory is), categories in tree order."""
    categories = list(Category.objects.only("pk", "name", "slug", "parent_id"))
    by_parent: dict[int | None, list[Category]] = {}
    for category in categories:
        by_parent.setdefault(category.parent_id, []).append(category)
    ordered: list[Category] = []

    def walk(parent_id):
        for category in sorted(by_parent.get(parent_id, []), key=lambda c: c.name):
            ordered.append(category)
            walk(category.pk)

    walk(None)
    return {
        "categories": ordered,
        "areas": list(Area.objects.only("pk", "name", "slug")),
        "languages": list(Language.objects.only("pk", "name", "code")),
    }


# --- the Open Referral UK feed's query parameters -------------------------------------


@dataclass(frozen=True)
class Parameter:
    """A filter the feed takes as a query parameter, read strictly by ``read`` (from
    ``core.params``: bad input raises ``BadParameter``, which the feed answers with a 400)."""

    key: str
    label: str
    read: Callable[[Mapping[str, str], str], Any]
    lookup: Callable[[Any], Q]

    def value(self, query: Mapping[str, str]) -> Any:
        """The value asked for, or None when the parameter is absent or empty."""
        return self.read(query, self.key)

    def q(self, value: Any, prefix: str = "") -> Q:
        return prefixed(self.lookup(value), prefix)


MAX_AGE = 150
MAX_SEARCH_WORDS = 8
DAYS = {"MO", "TU", "WE", "TH", "FR", "SA", "SU"}
DAY_NAMES = {
    "monday": "MO",
    "tuesday": "TU",
    "wednesday": "WE",
    "thursday": "TH",
    "friday": "FR",
    "saturday": "SA",
    "sunday": "SU",
}


def _words(query: Mapping[str, str], key: str) -> list[str] | None:
    return (params.text(query, key) or "").split()[:MAX_SEARCH_WORDS] or None


def _has_words(words: list[str]) -> Q:
    """Each word in the service's name or description or its organisation's name."""
    combined = Q()
    for word in words:
        combined &= (
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(organisation__name__icontains=word)
        )
    return combined


def _age(query: Mapping[str, str], key: str) -> float | None:
    return params.number(query, key, minimum=0, maximum=MAX_AGE)


def _day(query: Mapping[str, str], key: str) -> str | None:
    day = params.text(query, key)
    if not day:
        return None
    code = DAY_NAMES.get(day.lower(), day.upper()[:2])
    if code not in DAYS:
        raise BadParameter(key, f"{key} must be a day such as MO or Monday.")
    return code


FEED = (
    Parameter("search", "Words in the name or description", _words, _has_words),
    Parameter(
        "taxonomy_term_id",
        "Taxonomy term",
        params.uuid_value,
        lambda uuid: Q(categories__uuid=uuid),
    ),
    Parameter(
        "taxonomy_id",
        "Taxonomy",
        params.uuid_value,
        lambda uuid: Q(categories__taxonomy__uuid=uuid),
    ),
    Parameter(
        "organization_id",
        "Organisation",
        params.uuid_value,
        lambda uuid: Q(organisation__uuid=uuid),
    ),
    Parameter("minimum_age", "From age", _age, lambda age: Q(minimum_age__gte=age)),
    Parameter("maximum_age", "Up to age", _age, lambda age: Q(maximum_age__lte=age)),
    Parameter("day", "Open on", _day, lambda code: Q(schedules__byday__contains=code)),
    Parameter(
        "start_time",
        "Opens at or after",
        params.time_of_day,
        lambda t: Q(schedules__opens_at__gte=t),
    ),
    Parameter(
        "end_time",
        "Closes at or before",
        params.time_of_day,
        lambda t: Q(schedules__closes_at__lte=t),
    ),
    Parameter(
        "modified_after", "Changed since", params.date_time, lambda when: Q(updated_at__gte=when)
    ),
)

# Every filter's key: a key names one filter, wherever it is used.
KEYS = [
    *CHOICES,
    *(flag.key for flag in TICK_BOXES),
    OPEN_AT.key,
    AVAILABLE.key,
    *(parameter.key for parameter in FEED),
]
