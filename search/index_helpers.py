"""Helpers the apps' document builders (``<app>/search_index.py``) share."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from typing import Any, SupportsFloat, TypeVar

from django.db.models import Field, Model, QuerySet

SUMMARY_LENGTH = 300
_SPACES = re.compile(r"\s+")
_TAGS = re.compile(r"<[^>]*>")

T = TypeVar("T")


def plain_text(markup: str) -> str:
    """Words of sanitised HTML (ours: nh3 cleans what users write). A regular expression
    rather than Django's strip_tags, whose HTML parser costs more than the rest of a
    document; what it returns is only ever indexed or shown escaped."""
    return html.unescape(_TAGS.sub(" ", markup))


def related(obj: Model, name: str) -> list[Any]:
    """``obj.<name>.all()``, from the list the index queryset prefetched into
    ``search_<name>`` when it did (a bulk reindex reads tens of thousands of rows, and a
    related manager per row costs more than building the document)."""
    found: list[Any] | None = getattr(obj, f"search_{name}", None)
    return found if found is not None else list(getattr(obj, name).all())


def attach(
    objects: list[Any],
    name: str,
    through: type[Model],
    source: str,
    target: str,
    queryset: QuerySet[Any],
) -> None:
    """Set ``search_<name>`` on each object: the ``queryset`` rows that ``through`` links
    to it (``source`` and ``target`` are its two foreign keys), in two queries, with one
    instance per related row however many objects share it."""
    if not objects:
        return
    source_column = _column(through, source)
    target_column = _column(through, target)
    ordering = [f for f in (through._meta.ordering or ["pk"]) if f.lstrip("-") != "?"]
    pairs = list(
        through._default_manager.filter(**{f"{source_column}__in": [o.pk for o in objects]})
        .order_by(*ordering)
        .values_list(source_column, target_column)
    )
    found = queryset.in_bulk({target_id for _, target_id in pairs})
    by_object: dict[Any, list[Any]] = {}
    for object_id, target_id in pairs:
        if target_id in found:
            by_object.setdefault(object_id, []).append(found[target_id])
    for obj in objects:
        setattr(obj, f"search_{name}", by_object.get(obj.pk, []))


def _column(model: type[Model], name: str) -> str:
    """The database column of ``model``'s field ``name`` (``<name>_id`` for a foreign key)."""
    field = model._meta.get_field(name)
    assert isinstance(field, Field), f"{model._meta.label}.{name} is not a concrete field"
    return field.attname


def attach_m2m(objects: list[Any], name: str, queryset: QuerySet[Any] | None = None) -> None:
    """``attach`` through the many-to-many field ``name`` of the objects' model."""
    if not objects:
        return
    field = objects[0]._meta.get_field(name)
    attach(
        objects,
        name,
        field.remote_field.through,
        field.m2m_field_name(),
        field.m2m_reverse_field_name(),
        queryset if queryset is not None else field.related_model._default_manager.all(),
    )


def attach_children(objects: list[Any], name: str, queryset: QuerySet[Any], parent: str) -> None:
    """Set ``search_<name>`` on each object: the ``queryset`` rows whose ``parent``
    foreign key points to it, in one query."""
    by_parent: dict[Any, list[Any]] = {}
    for child in queryset.filter(**{f"{parent}__in": [o.pk for o in objects]}):
        by_parent.setdefault(getattr(child, f"{parent}_id"), []).append(child)
    for obj in objects:
        setattr(obj, f"search_{name}", by_parent.get(obj.pk, []))


def audiences_of(obj: object) -> list[str]:
    """The model's own ``audiences()``; nobody, when it has none yet."""
    method = getattr(obj, "audiences", None)
    return sorted(method()) if callable(method) else []


def text(*parts: object) -> str:
    """Join the non-empty parts as plain text (rich text and Markdown lose their tags)."""
    cleaned: list[str] = []
    for part in parts:
        if part is None or part == "":
            continue
        if not isinstance(part, str):
            part = str(part)
        if "<" in part or "&" in part:
            part = plain_text(part)
        cleaned.append(_SPACES.sub(" ", part).strip())
    return "\n".join(p for p in cleaned if p)


def summary(*parts: object, length: int = SUMMARY_LENGTH) -> str:
    joined = text(*parts).replace("\n", " ")
    if len(joined) <= length:
        return joined
    return joined[:length].rsplit(" ", 1)[0] + "…"


def unique(values: Iterable[T]) -> list[T]:
    return list(dict.fromkeys(v for v in values if v))


def point(
    latitude: SupportsFloat | None, longitude: SupportsFloat | None
) -> dict[str, float] | None:
    if latitude is None or longitude is None:
        return None
    return {"lat": round(float(latitude), 6), "lon": round(float(longitude), 6)}


def suggestion(*inputs: str, weight: int = 1) -> dict[str, Any]:
    return {"input": unique(i.strip()[:200] for i in inputs if i and i.strip()), "weight": weight}
