"""UK postcodes: format checks, and turning a postcode or district into a point from the
Postcode table (never from a web service at request time)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

from places.models import Postcode

_OUTWARD = r"[A-Z]{1,2}[0-9][A-Z0-9]?"
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
FULL_RE = re.compile(rf"^({_OUTWARD}) ?({_INWARD})$")
DISTRICT_RE = re.compile(rf"^{_OUTWARD}$")


def normalise_postcode(value: str) -> str:
    """'co11aa' -> 'CO1 1AA'; 'co1' -> 'CO1'; anything else comes back upper-cased."""
    compact = re.sub(r"\s+", "", value or "").upper()
    match = FULL_RE.match(compact)
    if match:
        return f"{match.group(1)} {match.group(2)}"
    return compact


def is_full_postcode(value: str) -> bool:
    return bool(FULL_RE.match(normalise_postcode(value)))


def is_district(value: str) -> bool:
    return bool(DISTRICT_RE.match(normalise_postcode(value)))


def validate_postcode(value: str) -> None:
    if value and not is_full_postcode(value):
        raise ValidationError("Enter a full UK postcode, like CO1 1AA.", code="invalid_postcode")


def validate_postcode_or_district(value: str) -> None:
    if value and not (is_full_postcode(value) or is_district(value)):
        raise ValidationError(
            "Enter a UK postcode like CO1 1AA, or a postcode district like CO1.",
            code="invalid_postcode",
        )


def district_of(value: str) -> str:
    normalised = normalise_postcode(value)
    return normalised.split(" ")[0] if " " in normalised else normalised


@dataclass(frozen=True)
class Place:
    """Where a search starts from."""

    query: str
    label: str
    latitude: float
    longitude: float
    approximate: bool = False  # a full postcode we did not know, placed at its district


class UnknownPostcode(Exception):
    def __init__(self, postcode: str):
        self.postcode = postcode
        super().__init__(f"We do not know the postcode {postcode}.")


def locate(value: str) -> Place:
    """The centre of a postcode or district; raises ValidationError or UnknownPostcode."""
    validate_postcode_or_district(value)
    normalised = normalise_postcode(value)
    district = district_of(normalised)
    found = {p.postcode: p for p in Postcode.objects.filter(postcode__in={normalised, district})}
    if normalised in found:
        hit = found[normalised]
        return Place(normalised, normalised, hit.latitude, hit.longitude)
    if district in found:
        hit = found[district]
        return Place(normalised, district, hit.latitude, hit.longitude, approximate=True)
    raise UnknownPostcode(normalised)


def district_centre(value: str) -> tuple[float, float] | None:
    """The centre of the district a postcode is in, if we know it."""
    district = Postcode.objects.filter(postcode=district_of(value)).first()
    return (district.latitude, district.longitude) if district else None
