"""Queue index updates in the same transaction as the change (the outbox).

Signals write ``IndexUpdate`` rows; once the transaction commits, a task drains them.
Nothing here talks to Elasticsearch, so a write never waits on it or fails because of it.
Other apps call ``queue`` or ``queue_objects`` for changes signals cannot see, such as
a forum category made private (every thread in it changes audience).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from threading import local
from typing import Any, TypedDict

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Model, QuerySet
from django.db.models.signals import m2m_changed, post_save, pre_delete
from django.utils import timezone

from search import registry
from search.models import IndexUpdate
from search.registry import IdsFor, IndexSpec

logger = logging.getLogger(__name__)
_state = local()


@contextmanager
def paused() -> Iterator[None]:
    """Queue nothing inside this block (bulk loads that reindex afterwards)."""
    previous = getattr(_state, "paused", False)
    _state.paused = True
    try:
        yield
    finally:
        _state.paused = previous


def queue(index: str, object_ids: Iterable[Any], action: str = IndexUpdate.Action.INDEX) -> int:
    """Queue ``object_ids`` of ``index`` for re-reading from the database after commit."""
    if getattr(_state, "paused", False):
        return 0
    rows = [
        IndexUpdate(index=index, object_id=str(object_id), action=action)
        for object_id in dict.fromkeys(object_ids)
        if object_id is not None
    ]
    if not rows:
        return 0
    IndexUpdate.objects.bulk_create(rows)
    schedule_drain()
    return len(rows)


def queue_objects(objects: QuerySet[Model] | Iterable[Model]) -> int:
    """Queue every index that mirrors these objects' model (or is affected by them)."""
    queued = 0
    objects = list(objects)
    if not objects:
        return 0
    label = objects[0]._meta.label
    for spec in registry.all_specs():
        if spec.model == label:
            queued += queue(spec.name, (obj.pk for obj in objects))
        for watch in spec.watches:
            if watch.model == label:
                queued += queue(spec.name, (pk for obj in objects for pk in watch.ids(obj)))
    return queued


def schedule_drain() -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        entry[1] is _enqueue_drain for entry in connection.run_on_commit
    ):
        return
    transaction.on_commit(_enqueue_drain)


def _enqueue_drain() -> None:
    from search.tasks import enqueue_drain

    try:
        enqueue_drain()
    except Exception:  # the rows stay queued; `search_drain` or the next write picks them up
        logger.exception("Could not enqueue the search outbox drain")


# --- signals ---------------------------------------------------------------------


def _on_save(sender: type[Model], instance: Model, raw: bool = False, **kwargs: Any) -> None:
    if raw:
        return
    for spec, ids_for in _receivers.get(sender, ()):
        queue(spec.name, ids_for(instance))


def _on_delete(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    for spec, ids_for in _receivers.get(sender, ()):
        is_own = spec.model_class() is sender
        action = IndexUpdate.Action.DELETE if is_own else IndexUpdate.Action.INDEX
        queue(spec.name, ids_for(instance), action)


def _on_m2m(
    sender: type[Model],
    instance: Model,
    action: str,
    reverse: bool,
    model: type[Model],
    pk_set: set[Any] | None,
    **kwargs: Any,
) -> None:
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    for spec, reverse_side in _m2m_receivers.get(sender, ()):
        own = spec.model_class()  # never None: connect() skips specs without a model
        if own is not None and isinstance(instance, own):
            queue(spec.name, [instance.pk])
        elif action == "pre_clear":
            queue(spec.name, getattr(instance, reverse_side).values_list("pk", flat=True))
        elif pk_set:
            queue(spec.name, pk_set)


# For each model: the indices its saves and deletes affect, with the ids they touch.
_receivers: dict[type[Model], list[tuple[IndexSpec, IdsFor]]] = {}
# For each through model: the indices it affects, with the related manager's name on the
# other side.
_m2m_receivers: dict[type[Model], list[tuple[IndexSpec, str]]] = {}


def connect() -> None:
    """Connect signals for every registered index whose models exist."""
    _receivers.clear()
    _m2m_receivers.clear()
    for spec in registry.all_specs():
        own = spec.model_class()
        if own is None:
            continue
        if "connect" in spec.extra:
            spec.extra["connect"]()
        if spec.extra.get("own_signals", True):
            _receivers.setdefault(own, []).append((spec, lambda obj: [obj.pk]))
        for watch in spec.watches:
            try:
                model = apps.get_model(watch.model)
            except (LookupError, ValueError):
                continue
            _receivers.setdefault(model, []).append((spec, watch.ids))
        for field_name in spec.m2m:
            try:
                field = own._meta.get_field(field_name)
            except Exception:
                continue
            rel: Any = field.remote_field  # a many-to-many field's: its through model
            _m2m_receivers.setdefault(rel.through, []).append((spec, rel.get_accessor_name()))
    for model in _receivers:
        post_save.connect(_on_save, sender=model, dispatch_uid=f"search-save-{model._meta.label}")
        pre_delete.connect(
            _on_delete, sender=model, dispatch_uid=f"search-delete-{model._meta.label}"
        )
    for through in _m2m_receivers:
        m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"search-m2m-{through}")


# --- what health checks see ------------------------------------------------------


class Backlog(TypedDict):
    waiting: int
    oldest_seconds: float
    backing_off: int


def backlog() -> Backlog:
    """How many updates wait, how old the oldest is, and how many back off after a failure."""
    oldest = IndexUpdate.objects.order_by("created_at").values_list("created_at", flat=True)
    first = oldest.first()
    return {
        "waiting": IndexUpdate.objects.count(),
        "oldest_seconds": round((timezone.now() - first).total_seconds(), 1) if first else 0,
        "backing_off": IndexUpdate.objects.filter(attempts__gt=0).count(),
    }


def backlog_problems(numbers: Backlog) -> list[str]:
    found = []
    if numbers["oldest_seconds"] > settings.HEALTH_OUTBOX_MAX_AGE_SECONDS:
        found.append(f"the oldest search update has waited {numbers['oldest_seconds']:.0f} s")
    if numbers["waiting"] > settings.HEALTH_OUTBOX_MAX_BACKLOG:
        found.append(f"{numbers['waiting']} search updates waiting")
    return found
