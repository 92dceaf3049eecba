"""The index registry: what each search index holds and where its documents come from.

Each registered index names an elasticsearch-dsl Document class, the Django model it
mirrors, a function that builds the document from one object (or returns None when
nobody may see it, so it is removed), optionally one that reads what it needs for a
batch of objects at once, the queryset a full reindex reads, the models
whose changes affect it, and a database query for when Elasticsearch is unreachable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model, QuerySet

from search.documents import WaymarkDocument

IdsFor = Callable[[Any], Iterable[Any]]


@dataclass(frozen=True)
class Watch:
    """Changes to ``model`` (a label such as "directory.Category") affect these documents."""

    model: str
    ids: IdsFor


@dataclass(frozen=True)
class IndexSpec:
    name: str
    label: str
    document: type[WaymarkDocument]
    model: str
    build: Callable[[Any], dict[str, Any] | None]
    queryset: Callable[[], QuerySet[Any]]
    fallback: Callable[[str], QuerySet[Any]] | None = None
    # Reads what ``build`` needs for a batch of objects in a few queries and attaches it
    # to them (a full reindex builds tens of thousands of documents).
    prepare: Callable[[list[Any]], None] | None = None
    watches: tuple[Watch, ...] = ()
    # Many-to-many fields of ``model`` whose changes alter the document.
    m2m: tuple[str, ...] = ()
    order: int = 100
    extra: dict[str, Any] = field(default_factory=dict)

    def documents(
        self, objects: Iterable[Any], batch_size: int = 1000
    ) -> Iterator[tuple[Any, dict[str, Any] | None]]:
        """Each object with its document (None when nobody may see it), a batch at a time."""
        iterator = iter(objects)
        while batch := list(islice(iterator, batch_size)):
            if self.prepare is not None:
                self.prepare(batch)
            for obj in batch:
                yield obj, self.build(obj)

    def model_class(self) -> type[Model] | None:
        try:
            return apps.get_model(self.model)
        except (LookupError, ValueError):
            return None

    @property
    def type(self) -> str:
        """The document ``type`` value: "services" holds "service" documents."""
        return self.name[:-1]

    @property
    def alias(self) -> str:
        return f"{settings.SEARCH_INDEX_PREFIX}_{self.name}"

    @property
    def building_alias(self) -> str:
        return f"{self.alias}_building"


_REGISTRY: dict[str, IndexSpec] = {}


def register(spec: IndexSpec) -> IndexSpec:
    _REGISTRY[spec.name] = spec
    return spec


def get(name: str) -> IndexSpec:
    return _REGISTRY[name]


def all_specs() -> list[IndexSpec]:
    """The registered indices whose model exists (apps land at different times)."""
    return sorted(
        (spec for spec in _REGISTRY.values() if spec.model_class() is not None),
        key=lambda spec: spec.order,
    )


def names() -> list[str]:
    return [spec.name for spec in all_specs()]


def for_document(document: dict[str, Any]) -> IndexSpec | None:
    return _REGISTRY.get(document.get("index", ""))
