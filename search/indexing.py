"""Everything that writes to Elasticsearch: index creation, the outbox drain, reindexing.

Each index is a versioned Elasticsearch index behind an alias (``<prefix>_<name>``).
A full reindex builds a new version behind a second alias (``..._building``) that the
outbox drain also writes to, then moves the alias in one ``update_aliases`` call.
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from itertools import islice
from typing import Any, TypedDict, cast

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from elasticsearch import BadRequestError, Elasticsearch, NotFoundError, helpers
from elasticsearch.dsl import Index

from search import registry
from search.client import get_client
from search.models import IndexUpdate
from search.registry import IndexSpec

logger = logging.getLogger(__name__)

# One bulk action (``helpers.bulk``'s format), or one item of a bulk answer.
Action = dict[str, Any]


class DrainTotals(TypedDict):
    applied: int
    failed: int
    batches: int


class ReindexOutcome(TypedDict):
    index: str
    indexed: int
    replaced: list[str]


BATCH_SIZE = 500
MAX_BACKOFF_SECONDS = 15 * 60
REINDEX_REQUEST_TIMEOUT = 120  # seconds
REINDEX_CHUNK_SIZE = 1000
# While a new index is built nobody searches it: no refreshes, no replicas, and the
# translog synced in the background rather than on every bulk request. Restored (to the
# index definition's values) before the alias moves to it.
BUILD_SETTINGS: dict[str, Any] = {
    "refresh_interval": "-1",
    "number_of_replicas": 0,
    "translog.durability": "async",
}


def index_definition(spec: IndexSpec, name: str) -> Index:
    index = Index(name)
    # Replicas from settings (0 on one node, at least 1 on a cluster), so a rebuild keeps them.
    index.settings(number_of_shards=1, number_of_replicas=settings.SEARCH_REPLICAS)
    index.document(spec.document)
    return index


def new_index_name(spec: IndexSpec) -> str:
    return f"{spec.alias}_v{timezone.now():%Y%m%d%H%M%S%f}"


def alias_targets(spec: IndexSpec, alias: str | None = None) -> list[str]:
    try:
        return sorted(get_client().indices.get_alias(name=alias or spec.alias).keys())
    except NotFoundError:
        return []


def ensure_index(spec: IndexSpec) -> None:
    """Create an empty versioned index behind the alias if there is none yet."""
    client = get_client()
    if client.indices.exists_alias(name=spec.alias):
        return
    name = new_index_name(spec)
    body = index_definition(spec, name).to_dict()
    body["aliases"] = {spec.alias: {}}
    create_index(name, body)


def create_index(name: str, body: dict[str, Any]) -> None:
    """Create a new versioned index. Names are unique, so one that already exists is this
    very request, retried by the client after a timeout on a busy cluster."""
    try:
        get_client().indices.create(index=name, **body)
    except BadRequestError as error:
        if error.error != "resource_already_exists_exception":
            raise


def ensure_indices() -> None:
    for spec in registry.all_specs():
        ensure_index(spec)


def _document_actions(
    spec: IndexSpec, objects: Iterable[Any], op_type: str = "index", batch_size: int = 1000
) -> Iterator[Action]:
    for obj, document in spec.documents(objects, batch_size):
        if document is not None:
            yield {"_op_type": op_type, "_id": str(obj.pk), "_source": document}


# --- the outbox drain -------------------------------------------------------------


def backoff(attempts: int) -> timedelta:
    seconds = min(2**attempts, MAX_BACKOFF_SECONDS)
    return timedelta(seconds=seconds + random.uniform(0, seconds / 4))


def _actions_for(spec: IndexSpec, object_ids: list[str], targets: list[str]) -> list[Action]:
    model = spec.model_class()
    assert model is not None, f"{spec.name}: no model {spec.model}"
    pk_field = model._meta.pk
    wanted = []
    for object_id in object_ids:
        try:
            wanted.append(pk_field.to_python(object_id))
        except Exception:
            continue
    found = spec.queryset().in_bulk(wanted)
    documents = {obj.pk: document for obj, document in spec.documents(found.values())}
    actions: list[Action] = []
    for object_id in object_ids:
        document = documents.get(pk_field.to_python(object_id))
        for target in targets:
            if document is None:
                actions.append({"_op_type": "delete", "_index": target, "_id": object_id})
            else:
                actions.append(
                    {"_op_type": "index", "_index": target, "_id": object_id, "_source": document}
                )
    return actions


def _failed_ids(errors: list[Action]) -> dict[str, str]:
    failed = {}
    for error in errors:
        ((op, item),) = error.items()
        if op == "delete" and item.get("status") == 404:
            continue  # already gone: that is what we wanted
        failed[str(item.get("_id"))] = str(item.get("error") or item.get("status"))[:500]
    return failed


def drain(
    batch_size: int = BATCH_SIZE, max_batches: int | None = None, refresh: bool = False
) -> DrainTotals:
    """Apply due outbox rows in bulk. Returns counts; never raises for Elasticsearch errors."""
    totals: DrainTotals = {"applied": 0, "failed": 0, "batches": 0}
    while max_batches is None or totals["batches"] < max_batches:
        with transaction.atomic():
            rows = list(
                IndexUpdate.objects.select_for_update(skip_locked=True)
                .filter(next_attempt_at__lte=timezone.now())
                .order_by("id")[:batch_size]
            )
            if not rows:
                break
            totals["batches"] += 1
            applied, failed = _apply(rows, refresh=refresh)
            totals["applied"] += applied
            totals["failed"] += failed
        if failed:
            break  # back off: the rest waits for the next attempt
    return totals


def _apply(rows: list[IndexUpdate], refresh: bool = False) -> tuple[int, int]:
    by_index: dict[str, list[IndexUpdate]] = defaultdict(list)
    for row in rows:
        by_index[row.index].append(row)
    done: list[int] = []
    retry: dict[int, str] = {}
    for name, index_rows in by_index.items():
        try:
            spec = registry.get(name)
        except KeyError:
            done.extend(row.pk for row in index_rows)  # an index that no longer exists
            continue
        object_ids = list(dict.fromkeys(row.object_id for row in index_rows))
        try:
            ensure_index(spec)
            targets = alias_targets(spec) + alias_targets(spec, spec.building_alias)
            actions = _actions_for(spec, object_ids, sorted(set(targets)))
            _, errors = helpers.bulk(
                get_client(),
                actions,
                raise_on_error=False,
                raise_on_exception=False,
                refresh=refresh,
                stats_only=False,
            )
            failed = _failed_ids(cast(list[Action], errors))  # a list, as stats_only=False
        except Exception as error:  # unreachable, timed out, or a bad document: retry later
            failed = {
                object_id: f"{error.__class__.__name__}: {error}"[:500] for object_id in object_ids
            }
        for row in index_rows:
            if row.object_id in failed:
                retry[row.pk] = failed[row.object_id]
            else:
                done.append(row.pk)
    IndexUpdate.objects.filter(pk__in=done).delete()
    now = timezone.now()
    for row in rows:
        if row.pk in retry:
            row.attempts += 1
            row.next_attempt_at = now + backoff(row.attempts)
            row.last_error = retry[row.pk]
    IndexUpdate.objects.bulk_update(
        [row for row in rows if row.pk in retry], ["attempts", "next_attempt_at", "last_error"]
    )
    return len(done), len(retry)


# --- full reindex --------------------------------------------------------------------


def _chunks(iterable: Iterable[Action], size: int) -> Iterator[list[Action]]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _pipelined_bulk(
    client: Elasticsearch,
    actions: Iterable[Action],
    index: str,
    chunk_size: int,
    in_flight: int = 2,
) -> Iterator[tuple[bool, Action]]:
    """``streaming_bulk``, but each chunk goes to Elasticsearch from a worker thread while
    this thread reads and builds the next one: the database, Python and Elasticsearch work
    at the same time. The database is only ever read from this thread."""

    def send(chunk: list[Action]) -> list[tuple[bool, Action]]:
        return list(
            helpers.streaming_bulk(
                client,
                chunk,
                index=index,
                chunk_size=len(chunk),
                raise_on_error=False,
                max_retries=3,
                initial_backoff=1,
                # Only what tells success from failure: the full answer costs time to read.
                filter_path="items.*._id,items.*.status,items.*.error",
            )
        )

    with ThreadPoolExecutor(max_workers=in_flight, thread_name_prefix="search-bulk") as pool:
        pending: deque[Future[list[tuple[bool, Action]]]] = deque()
        for chunk in _chunks(actions, chunk_size):
            pending.append(pool.submit(send, chunk))
            if len(pending) >= in_flight:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def reindex(
    spec: IndexSpec,
    chunk_size: int = REINDEX_CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ReindexOutcome:
    """Build a new versioned index from the database, then swap the alias in one call."""
    # A rebuild's bulk requests may take longer than a search is allowed to (a cold node
    # loads its dictionaries on first use): they wait, where a search falls back.
    client = get_client().options(request_timeout=REINDEX_REQUEST_TIMEOUT)
    for stale in alias_targets(spec, spec.building_alias):
        if stale not in alias_targets(spec):  # left by a rebuild that did not finish
            client.indices.delete(index=stale, ignore_unavailable=True)
    name = new_index_name(spec)
    body = index_definition(spec, name).to_dict()
    restore = {key: body["settings"].get(key) for key in BUILD_SETTINGS}
    body["settings"].update(BUILD_SETTINGS)
    body["aliases"] = {spec.building_alias: {}}
    create_index(name, body)
    indexed = 0
    # op_type "create": a newer document written meanwhile by the outbox drain wins.
    objects = spec.queryset().iterator(chunk_size=chunk_size)
    actions = _document_actions(spec, objects, "create", batch_size=chunk_size)
    for ok, item in _pipelined_bulk(client, actions, name, chunk_size):
        if ok:
            indexed += 1
        elif item.get("create", {}).get("status") != 409:
            raise RuntimeError(f"Could not index into {name}: {item}")
        if progress:
            progress(1)
    client.indices.put_settings(index=name, settings={"index": restore})
    client.indices.refresh(index=name)
    old = alias_targets(spec)
    alias_actions = [{"remove": {"index": index, "alias": spec.alias}} for index in old]
    alias_actions += [
        {"remove": {"index": name, "alias": spec.building_alias}},
        {"add": {"index": name, "alias": spec.alias}},
    ]
    client.indices.update_aliases(actions=alias_actions)
    for index in old:
        client.indices.delete(index=index, ignore_unavailable=True)
    return {"index": name, "indexed": indexed, "replaced": old}


def document_count(spec: IndexSpec) -> int | None:
    try:
        count: int = get_client().count(index=spec.alias)["count"]
        return count
    except NotFoundError:
        return None


def refresh() -> None:
    aliases = ",".join(spec.alias for spec in registry.all_specs())
    get_client().indices.refresh(index=aliases, ignore_unavailable=True, allow_no_indices=True)


def delete_all_indices() -> None:
    """Drop every version of every registered index (tests and the benchmark)."""
    client = get_client()
    for spec in registry.all_specs():
        found = client.indices.get(index=f"{spec.alias}_v*", expand_wildcards="all")
        for name in found:
            client.indices.delete(index=name, ignore_unavailable=True)
