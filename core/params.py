"""Query parameters read one way everywhere.

Each reader takes the request's ``QueryDict`` (or a plain dict of strings) and a parameter's
name, and returns ``None`` when the parameter is absent or empty, the value it means when it
is well formed, or raises ``BadParameter`` naming the parameter and saying what it wants.
APIs answer ``BadParameter`` with a 400 and ``{"error": ..., "parameter": ...}``
(``bad_parameter_response``). In a page it is Django's ``BadRequest``: left uncaught, it
becomes the site's 400 page, which shows its message (``core.views.bad_request``).

Python's own parsers are too forgiving for input from a URL: ``int()`` and ``float()`` read
non-ASCII digits, underscores, ``nan`` and ``inf``, ``str.isdigit`` passes "²", and
``time.fromisoformat`` takes offsets. Everything here reads ASCII digits only, keeps numbers
finite and within what the database can hold, and refuses control characters (PostgreSQL
cannot store NUL, and nothing should echo it back).
"""

from __future__ import annotations

import math
import re
import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime, time

from django.core.exceptions import BadRequest
from django.http import JsonResponse, QueryDict
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

# PostgreSQL's ``integer``: any id or page number past it is a mistake, and it keeps
# ``(page - 1) * per_page`` inside a ``bigint`` offset.
MAX_INTEGER = 2**31 - 1
MAX_TEXT_LENGTH = 200

CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
_INTEGER = re.compile(r"[+-]?[0-9]{1,10}")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]{1,3})?")
_TIME_OF_DAY = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?")

# What the readers read from: a request's query (or form) data, or a plain dict of strings.
Params = QueryDict | Mapping[str, str]


class BadParameter(BadRequest):
    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message

    def as_json(self) -> dict[str, str]:
        return {"error": self.message, "parameter": self.parameter}


def bad_parameter_response(error: BadParameter) -> JsonResponse:
    return JsonResponse(error.as_json(), status=400)


def printable(value: str) -> str:
    """``value`` with each control character (NUL included) turned into a space."""
    return CONTROL_CHARACTERS.sub(" ", value)


def printable_query(data: Params) -> QueryDict:
    """A copy of ``data`` whose keys and values hold no control characters, for pages that
    show what was asked for back in their search forms."""
    lists = data.lists() if isinstance(data, QueryDict) else ((k, [v]) for k, v in data.items())
    cleaned = QueryDict(mutable=True)
    for key, values in lists:
        cleaned.setlist(printable(key), [printable(value) for value in values])
    return cleaned


def _raw(data: Params, name: str) -> str | None:
    value = data.get(name)
    if value is None or value.strip() == "":
        return None
    if CONTROL_CHARACTERS.search(value):
        raise BadParameter(name, f"{name} must not contain control characters.")
    return value.strip()


def text(data: Params, name: str, *, max_length: int = MAX_TEXT_LENGTH) -> str | None:
    raw = _raw(data, name)
    if raw is None:
        return None
    if len(raw) > max_length:
        raise BadParameter(name, f"{name} must be at most {max_length} characters long.")
    return raw


def integer(
    data: Params, name: str, *, minimum: int | None = None, maximum: int = MAX_INTEGER
) -> int | None:
    raw = _raw(data, name)
    if raw is None:
        return None
    low = minimum if minimum is not None else -MAX_INTEGER
    if not _INTEGER.fullmatch(raw) or not low <= int(raw) <= maximum:
        raise BadParameter(name, f"{name} must be a whole number from {low} to {maximum}.")
    return int(raw)


def page(data: Params, name: str = "page") -> int:
    """A page number: 1 when absent."""
    return integer(data, name, minimum=1) or 1


def number(
    data: Params, name: str, *, minimum: float = -math.inf, maximum: float = math.inf
) -> float | None:
    """A finite number: never NaN or infinity, which no comparison or query can use."""
    raw = _raw(data, name)
    if raw is None:
        return None
    value = float(raw) if _NUMBER.fullmatch(raw) else math.nan
    if not math.isfinite(value):
        raise BadParameter(name, f"{name} must be a number.")
    if not minimum <= value <= maximum:
        raise BadParameter(name, f"{name} must be a number from {minimum:g} to {maximum:g}.")
    return value


def time_of_day(data: Params, name: str) -> time | None:
    """A wall-clock time such as 09:00 or 17:30:00; opening hours carry no time zone."""
    raw = _raw(data, name)
    if raw is None:
        return None
    if not _TIME_OF_DAY.fullmatch(raw):
        raise BadParameter(
            name, f"{name} must be a time of day such as 09:00 or 17:30:00, with no time zone."
        )
    return time.fromisoformat(raw)


def uuid_value(data: Params, name: str) -> uuid.UUID | None:
    raw = _raw(data, name)
    if raw is None:
        return None
    return parse_uuid(raw, name)


def parse_uuid(raw: str, name: str = "id") -> uuid.UUID:
    try:
        if not raw.isascii():
            raise ValueError
        return uuid.UUID(raw)
    except ValueError:
        raise BadParameter(name, f"{name} must be a UUID.") from None


def date_time(data: Params, name: str) -> datetime | None:
    """An ISO 8601 date or date-time; one without an offset is in the site's time zone."""
    raw = _raw(data, name)
    if raw is None:
        return None
    message = f"{name} must be an ISO 8601 date or date-time such as 2025-01-31T09:00:00Z."
    try:
        when = parse_datetime(raw)
        if when is None:
            day: date | None = parse_date(raw)
            when = datetime.combine(day, time()) if day else None
        if when is None:
            raise ValueError
        if timezone.is_naive(when):
            when = timezone.make_aware(when)
        # The database compares in UTC; an offset that pushes a date past year 1 or 9999
        # has no UTC equivalent.
        return when.astimezone(UTC)
    except (ValueError, OverflowError):
        raise BadParameter(name, message) from None
