"""Import Open Referral UK (HSDS 3.0) records: organisations, services with their
locations, schedules and closures, and taxonomy terms (mapped onto the local taxonomy,
never added to it). Idempotent by id; each record goes in whole or not at all, and a bad
record is reported with its id and reason."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.text import slugify

from directory.models import (
    Area,
    Category,
    Closure,
    Language,
    Location,
    Organisation,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTermMapping,
)
from openreferral.serialisers import CLOSED, STATUS_FROM_HSDS, Record
from places.postcodes import is_full_postcode, normalise_postcode


class BadRecord(Exception):
    pass


@dataclass
class Report:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    errors: list[tuple[str, str, str]] = field(default_factory=list)  # kind, id, reason
    # Incoming taxonomy terms by name: those that stand for a local category (or are
    # ignored), and those no local category matched.
    mapped: set[str] = field(default_factory=set)
    waiting: set[str] = field(default_factory=set)

    def count(self, kind: str, created: bool) -> None:
        bucket = self.created if created else self.updated
        bucket[kind] = bucket.get(kind, 0) + 1

    def summary(self) -> str:
        parts = [f"created {n} {k}" for k, n in sorted(self.created.items())]
        parts += [f"updated {n} {k}" for k, n in sorted(self.updated.items())]
        parts.append(f"skipped {len(self.errors)} bad record(s)")
        if self.mapped:
            parts.append(f"{len(self.mapped)} taxonomy term(s) mapped to local categories")
        if self.waiting:
            parts.append(
                f"{len(self.waiting)} taxonomy term(s) wait for a coordinator to map them "
                f"(Directory › Incoming terms): {', '.join(sorted(self.waiting))}"
            )
        return "; ".join(parts)


def _uuid(value: object, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        raise BadRecord(f"{what} id {value!r} is not a UUID") from None


def _text(record: Record, key: str, max_length: int | None = None) -> str:
    value = record.get(key) or ""
    if not isinstance(value, str):
        raise BadRecord(f"{key} must be text")
    return value[:max_length] if max_length else value


def _time(value: Any) -> time | None:
    if not value:
        return None
    try:
        return time.fromisoformat(value)
    except (TypeError, ValueError):
        raise BadRecord(f"{value!r} is not a time") from None


def _date(value: Any) -> date:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        raise BadRecord(f"{value!r} is not a date") from None


def _closure_reason(item: Record) -> str | None:
    """Why a service is closed, if the schedule is a closure (see ``serialisers.CLOSED``):
    valid for some days only, with no opening times or days, its notes (or description)
    beginning "Closed"; None for a schedule of opening hours."""
    if not (item.get("valid_from") and item.get("valid_to")):
        return None
    if item.get("opens_at") or item.get("closes_at") or item.get("byday"):
        return None
    for key in ("notes", "description"):
        text = _text(item, key).strip()
        if text.casefold().startswith(CLOSED.casefold()):
            _, _, reason = text.partition(":")
            return reason.strip()[:100]
    return None


def _age(value: Any) -> int | None:
    if value in (None, ""):
        return None
    if not isinstance(value, int | float) or value < 0 or value > 150:
        raise BadRecord(f"age {value!r} is not a number of years")
    return int(value)


def _unique_slug(model: type[Model], base: str, exclude_pk: int | None = None, **scope: Any) -> str:
    base = slugify(base)[:180] or "entry"
    slug, n = base, 2
    queryset = model._default_manager.filter(**scope)
    if exclude_pk:
        queryset = queryset.exclude(pk=exclude_pk)
    while queryset.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _check(instance: Model) -> None:
    try:
        instance.full_clean(exclude=["slug", "uuid", "organisation", "parent", "taxonomy"])
    except ValidationError as error:
        raise BadRecord(
            "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
        ) from None


class Importer:
    def __init__(self) -> None:
        self.report = Report()
        self._local: list[Category] | None = None  # the local taxonomy, read once

    # -- one record of each kind ----------------------------------------------------------

    def taxonomy_term(self, record: Record) -> TaxonomyTermMapping:
        """What an incoming term stands for locally. The feed's terms never join the public
        category tree: a term that matches no local category waits for a coordinator."""
        term_id = _uuid(record.get("id"), "taxonomy term")
        name = _text(record, "name", 150)
        if not name:
            raise BadRecord("taxonomy term has no name")
        vocabulary_name = _text(record, "taxonomy", 150)
        vocabulary = (
            str(_uuid(record["taxonomy_id"], "taxonomy"))
            if record.get("taxonomy_id")
            else vocabulary_name
        )
        if self._local is None:
            self._local = list(Category.objects.select_related("taxonomy"))
        mapping = TaxonomyTermMapping.for_incoming(
            vocabulary=vocabulary,
            term_id=str(term_id),
            name=name,
            vocabulary_name=vocabulary_name,
            code=_text(record, "term", 150),
            term_uri=_text(record, "term_uri", 255),
            local=self._local,
        )
        (self.report.waiting if mapping.is_waiting else self.report.mapped).add(name)
        return mapping

    def taxonomy(self, record: Record) -> None:
        """A vocabulary is read for its terms only: it adds no vocabulary to the feed."""
        _uuid(record.get("id"), "taxonomy")
        name = _text(record, "name", 150)
        if not name:
            raise BadRecord("taxonomy has no name")
        for term in record.get("taxonomy_terms") or []:
            self.taxonomy_term({**term, "taxonomy_id": record["id"], "taxonomy": name})

    def organisation(self, record: Record) -> Organisation:
        org_id = _uuid(record.get("id"), "organization")
        name = _text(record, "name", 200)
        if not name:
            raise BadRecord("organization has no name")
        org = Organisation.objects.filter(uuid=org_id).first()
        created = org is None
        org = org or Organisation(uuid=org_id, live=True)
        org.name = name
        org.description = _text(record, "description")
        org.email = _text(record, "email")
        org.website = _text(record, "website") or _text(record, "url")
        for identifier in record.get("organization_identifiers") or []:
            kind = (identifier.get("identifier_type") or "").lower()
            if "charity" in kind:
                org.charity_number = str(identifier.get("identifier", ""))[:20]
            elif "company" in kind:
                org.company_number = str(identifier.get("identifier", ""))[:20]
        if not org.slug:
            org.slug = _unique_slug(Organisation, name)
        _check(org)
        org.save()
        self.report.count("organisations", created)
        return org

    def location(self, record: Record, org: Organisation) -> Location:
        loc_id = _uuid(record.get("id"), "location")
        loc = Location.objects.filter(uuid=loc_id).first()
        if loc is not None and loc.organisation_id != org.pk:
            raise BadRecord(f"location {loc_id} belongs to another organisation")
        created = loc is None
        loc = loc or Location(uuid=loc_id, organisation=org)
        address = (record.get("addresses") or [{}])[0]
        loc.name = _text(record, "name", 200) or _text(address, "address_1", 200) or "Location"
        loc.location_type = record.get("location_type") or "physical"
        if loc.location_type not in Location.Type.values:
            raise BadRecord(f"location_type {loc.location_type!r} is not recognised")
        loc.address_1 = _text(address, "address_1", 200)
        loc.address_2 = _text(address, "address_2", 200)
        loc.town = _text(address, "city", 100) or loc.name[:100]
        postcode = normalise_postcode(_text(address, "postal_code"))
        loc.postcode = postcode if is_full_postcode(postcode) else ""
        for key in ("latitude", "longitude"):
            value = record.get(key)
            if value is not None and not isinstance(value, int | float):
                raise BadRecord(f"{key} must be a number")
            setattr(loc, key, value)
        if loc.latitude is not None and not -90 <= loc.latitude <= 90:
            loc.latitude = loc.longitude = None  # (the profile's own examples use 100, 101)
        if loc.longitude is not None and not -180 <= loc.longitude <= 180:
            loc.latitude = loc.longitude = None
        accessibility = record.get("accessibility") or []
        loc.accessibility = " ".join(
            a.get("description") or a.get("accessibility") or "" for a in accessibility
        ).strip()
        _check(loc)
        loc.save()
        self.report.count("locations", created)
        return loc

    def service(self, record: Record) -> Service:
        service_id = _uuid(record.get("id"), "service")
        name = _text(record, "name", 200)
        if not name:
            raise BadRecord("service has no name")
        status = STATUS_FROM_HSDS.get(record.get("status") or "active")
        if status is None:
            raise BadRecord(f"status {record.get('status')!r} is not an HSDS status")
        org_record = record.get("organization")
        org: Organisation | None
        if org_record:
            org = self.organisation(org_record)
        elif record.get("organization_id"):
            org = Organisation.objects.filter(
                uuid=_uuid(record["organization_id"], "organization")
            ).first()
            if org is None:
                raise BadRecord(f"organization {record['organization_id']} is not known")
        else:
            raise BadRecord("service has no organization")
        service = Service.objects.filter(uuid=service_id).first()
        created = service is None
        service = service or Service(uuid=service_id, organisation=org, live=True)
        service.organisation = org
        service.name = name
        service.description = _text(record, "description")
        service.status = status
        service.url = _text(record, "url")
        service.email = _text(record, "email")
        service.cost = _text(record, "fees", 200) or service.cost
        service.alert = _text(record, "alert", 255)
        service.minimum_age = _age(record.get("minimum_age"))
        service.maximum_age = _age(record.get("maximum_age"))
        if not service.slug:
            service.slug = _unique_slug(Service, name, organisation=org)
        _check(service)
        service.save()
        self._service_children(service, record, org)
        self.report.count("services", created)
        return service

    def _service_children(self, service: Service, record: Record, org: Organisation) -> None:
        keep = []
        for sal in record.get("service_at_locations") or []:
            if not sal.get("location"):
                continue
            loc = self.location(sal["location"], org)
            sal_id = _uuid(sal.get("id"), "service_at_location")
            ServiceAtLocation.objects.update_or_create(
                uuid=sal_id, defaults={"service": service, "location": loc}
            )
            keep.append(sal_id)
        ServiceAtLocation.objects.filter(service=service).exclude(uuid__in=keep).delete()
        schedules, closures = [], []
        for position, item in enumerate(record.get("schedules") or []):
            reason = _closure_reason(item)
            if reason is not None:
                closure = Closure(
                    service=service,
                    sort_order=position,
                    starts_on=_date(item["valid_from"]),
                    ends_on=_date(item["valid_to"]),
                    reason=reason,
                )
                try:
                    closure.clean()
                except ValidationError:
                    raise BadRecord(f"closure {item.get('id')} ends before it starts") from None
                closures.append(closure)
                continue
            schedule_id = _uuid(item.get("id"), "schedule")
            byday = (
                ",".join(
                    code.strip().upper() for code in (item.get("byday") or "").split(",") if code
                )
                or "MO,TU,WE,TH,FR,SA,SU"
            )
            schedule = Schedule(
                uuid=schedule_id,
                service=service,
                sort_order=position,
                byday=byday,
                opens_at=_time(item.get("opens_at")),
                closes_at=_time(item.get("closes_at")),
                description=_text(item, "description", 255),
            )
            try:
                schedule.clean()
            except ValidationError:
                raise BadRecord(f"schedule {schedule_id} has days {byday!r}") from None
            Schedule.objects.filter(uuid=schedule_id).delete()
            schedules.append(schedule)
        Schedule.objects.filter(service=service).delete()
        Schedule.objects.bulk_create(schedules)
        Closure.objects.filter(service=service).delete()
        Closure.objects.bulk_create(closures)
        terms = [
            self.taxonomy_term(attribute["taxonomy_term"])
            for attribute in record.get("attributes") or []
            if attribute.get("taxonomy_term")
        ]
        areas = []
        for area in record.get("service_areas") or []:
            area_name = (area.get("name") or area.get("service_area") or "")[:150]
            if area_name:
                areas.append(
                    Area.objects.get_or_create(
                        name=area_name, defaults={"slug": _unique_slug(Area, area_name)}
                    )[0]
                )
        languages = []
        for language in record.get("languages") or []:
            code = (language.get("code") or "").strip()[:10]
            if code:
                languages.append(
                    Language.objects.get_or_create(
                        code=code, defaults={"name": language.get("name") or code}
                    )[0]
                )
        if terms:
            service.categories.set({term.category for term in terms if term.category})
        service.awaiting_term_mappings.set([term for term in terms if term.is_waiting])
        if areas:
            service.service_areas.set(areas)
        if languages:
            service.languages.set(languages)
        service.save()

    def service_at_location(self, record: Record) -> Service:
        service = record.get("service")
        if not isinstance(service, dict):
            raise BadRecord("service_at_location has no service")
        at = {"id": record.get("id"), "location": record.get("location")}
        others = [
            sal for sal in service.get("service_at_locations") or [] if sal.get("id") != at["id"]
        ]
        return self.service({**service, "service_at_locations": [at, *others]})

    # -- many records ---------------------------------------------------------------------

    def run(
        self,
        kind: str,
        records: Iterable[Any],
        *,
        progress: Callable[[Iterable[Any]], Iterable[Any]] = lambda it: it,
    ) -> Report:
        handler: Callable[[Record], object] = {
            "service": self.service,
            "organization": self.organisation,
            "taxonomy": self.taxonomy,
            "taxonomy_term": self.taxonomy_term,
            "service_at_location": self.service_at_location,
        }[kind]
        for record in progress(records):
            record_id = str(record.get("id", "?")) if isinstance(record, dict) else "?"
            try:
                if not isinstance(record, dict):
                    raise BadRecord("record is not a JSON object")
                with transaction.atomic():
                    handler(record)
            except BadRecord as error:
                self.report.errors.append((kind, record_id, str(error)))
        return self.report


def guess_kind(record: Record) -> str:
    """Which HSDS object a JSON object is, from the fields it carries."""
    if "service" in record and "location" in record:
        return "service_at_location"
    if "status" in record or "service_at_locations" in record or "organization" in record:
        return "service"
    if "taxonomy_terms" in record or "version" in record:
        return "taxonomy"
    if "parent_id" in record or "term" in record or "taxonomy" in record:
        return "taxonomy_term"
    return "organization"
