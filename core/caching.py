"""Caching what is the same for everyone who may see it.

Two caches (config/settings/base.py). ``default`` is shared by every process and replica (the
database): rate limits, and the *generation* of each kind of content. ``local`` is each
process's own memory: rendered pages and fragments, under keys that hold the audiences of the
people they were made for (``accounts.policy.audiences_for``) and the generations of the kinds
of content they show. When content changes, its kind gets a new generation in the shared cache
(``bump``, once the change is committed), every process reads it within a second, and what
was cached under the old one is never read again (it falls out of memory).

Reading the generations is one query, made at most once a second per process; a hit then
costs no query and no template work. Whole pages are also kept in the shared cache, so a page
one process made serves the others (one query) rather than being made once per process.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from functools import update_wrapper
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache, caches
from django.db import DatabaseError, transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBase

from accounts import policy

T = TypeVar("T")
P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)

# The kinds of content a cached thing may show; ``bump`` one when its content changes.
PAGES = "pages"  # Wagtail pages, the footer links and helplines editors keep
DIRECTORY = "directory"  # organisations, services, their taxonomy and places
PATHWAYS = "pathways"
KINDS = (PAGES, DIRECTORY, PATHWAYS)

# A safety net only: a generation change is what makes an entry stale.
LOCAL_TIMEOUT = 10 * 60
_read: tuple[float, dict[str, str]] | None = None


def _generation_key(kind: str) -> str:
    return f"generation:{kind}"


def bump(*kinds: str) -> None:
    """``kinds`` of content changed: whatever was cached from them is stale, everywhere.

    Written in the caller's transaction (the shared cache is the database), so a change that
    is rolled back leaves the generation as it was. Before the cache table exists (saves made
    by migrations) there is nothing cached to make stale."""
    forget_generations()
    try:
        with transaction.atomic():
            cache.set_many({_generation_key(k): uuid.uuid4().hex for k in kinds}, timeout=None)
    except DatabaseError:
        if not _cache_table_missing():
            raise


def _cache_table_missing() -> bool:
    from django.db import connection

    table = getattr(cache, "_table", None)
    return table is not None and table not in connection.introspection.table_names()


_WATCHED: dict[type[Model], set[str]] = {}
# Kinds changed in the current transaction, per thread (each thread has its own connection).
_local = threading.local()


def _pending() -> set[str]:
    if not hasattr(_local, "pending"):
        _local.pending = set()
    pending: set[str] = _local.pending
    return pending


def bump_on_change(kind: str, *models: type[Model]) -> None:
    """Bump ``kind`` whenever an instance of ``models`` (or of a subclass) is saved, deleted or
    has its many-to-many relations changed. Each app names the models its cached pages show."""
    for model in models:
        _WATCHED.setdefault(model, set()).add(kind)
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_changed, dispatch_uid=f"core.caching.{id(signal)}")


def bump_after_commit(*kinds: str) -> None:
    """``bump`` once the current transaction commits (at once outside one): a thousand rows
    saved in one import make one bump, and no transaction holds the generation's row."""
    _pending().update(kinds)
    transaction.on_commit(_bump_pending)


def _bump_pending() -> None:
    pending = _pending()
    if pending:
        kinds = sorted(pending)
        pending.clear()
        bump(*kinds)


def _changed(sender: type[Model], instance: Model | None = None, **kwargs: Any) -> None:
    kinds = {kind for model, of in _WATCHED.items() if isinstance(instance, model) for kind in of}
    if kinds:
        bump_after_commit(*kinds)


def forget_generations() -> None:
    """Read the generations afresh next time (after this process changed one)."""
    global _read
    _read = None


def generations() -> dict[str, str]:
    """The current generation of every kind: one query, at most once a second per process
    (``CACHE_GENERATIONS_SECONDS``), so another process's change shows here within that
    second and this process's own at once (``bump`` forgets what was read). A generation the
    shared cache has lost is replaced by a new one, never assumed unchanged."""
    global _read
    now = time.monotonic()
    if _read is not None and now - _read[0] < settings.CACHE_GENERATIONS_SECONDS:
        return _read[1]
    keys = {kind: _generation_key(kind) for kind in KINDS}
    found = cache.get_many(keys.values())
    missing = {keys[kind]: uuid.uuid4().hex for kind in KINDS if keys[kind] not in found}
    if missing:
        cache.set_many(missing, timeout=None)
        found.update(missing)
    known = {kind: found[keys[kind]] for kind in KINDS}
    _read = (now, known)
    return known


def key_for(
    name: str,
    kinds: Iterable[str],
    audiences: Iterable[str],
    parts: Iterable[Any] = (),
) -> str:
    """A ``local`` cache key: what it is, who may see it, and which content it was made from."""
    current = generations()
    raw = "|".join(
        [
            ",".join(sorted(audiences)),
            *(f"{kind}={current[kind]}" for kind in sorted(kinds)),
            *(str(part) for part in parts),
        ]
    )
    return f"{name}:{hashlib.sha256(raw.encode()).hexdigest()}"


def cached(key: str, build: Callable[[], T], timeout: int = LOCAL_TIMEOUT) -> T:
    local = caches["local"]
    value: T | None = local.get(key)
    if value is None:
        value = build()
        local.set(key, value, timeout)
    return value


# --- whole pages, for people who are not signed in -------------------------------------


def _may_use_page_cache(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    return (
        settings.CACHE_PAGES_AND_FRAGMENTS
        and request.method == "GET"
        and user is not None
        and not user.is_authenticated
        # A message waiting for this visitor (after signing out, say) is theirs alone.
        and not len(messages.get_messages(request))
    )


def _may_keep(request: HttpRequest, response: HttpResponse) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        # A view's own word: a degraded search, say, is not kept.
        and "no-store" not in cache_control
        and "private" not in cache_control
        # A page that carries a CSRF token carries this visitor's secret: never shared.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def serve_page(
    request: HttpRequest,
    kinds: Iterable[str],
    render: Callable[[], HttpResponseBase],
    fresh_for: int | None = None,
) -> HttpResponseBase:
    """``render()``'s response, or the copy kept for people with the same audiences who asked
    for the same URL since ``kinds`` last changed (and, with ``fresh_for``, within the same
    period of that many seconds: for pages that say "open now", or that show search results,
    which follow a change a moment later). Only for people who are not signed in: signed-in
    pages carry their own name, counts and a token in the header."""
    if not _may_use_page_cache(request):
        return render()
    key = key_for(
        "page",
        kinds,
        policy.audiences_for(request.user),
        [request.get_host(), request.get_full_path(), fresh_for and time.time() // fresh_for],
    )
    local = caches["local"]
    kept = local.get(key)
    if kept is None:
        # Made by another process (or replica) already? One query, instead of a page's work.
        kept = cache.get(key)
        if kept is not None:
            local.set(key, kept, LOCAL_TIMEOUT)
    if kept is not None:
        content, status, headers = kept
        return HttpResponse(content, status=status, headers=headers)
    response = render()
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    if isinstance(response, HttpResponse) and _may_keep(request, response):
        headers = {k: v for k, v in response.headers.items() if k.lower() != "set-cookie"}
        kept = (response.content, response.status_code, headers)
        local.set(key, kept, LOCAL_TIMEOUT)
        cache.set(key, kept, LOCAL_TIMEOUT)
    return response


def page_cache(
    *kinds: str, fresh_for: int | None = None
) -> Callable[[Callable[Concatenate[HttpRequest, P], R]], Callable[Concatenate[HttpRequest, P], R]]:
    """A view decorator: ``serve_page`` with the view's response, for the content ``kinds``
    the view shows."""

    def decorator(
        view: Callable[Concatenate[HttpRequest, P], R],
    ) -> Callable[Concatenate[HttpRequest, P], R]:
        def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> R:
            return serve_page(  # type: ignore[return-value]
                request, kinds, lambda: view(request, *args, **kwargs), fresh_for=fresh_for
            )

        return update_wrapper(wrapper, view)  # type: ignore[return-value]

    return decorator


# --- fragments of a page ------------------------------------------------------------------


def fragment(
    request: HttpRequest | None, name: str, kinds: Iterable[str], render: Callable[[], T]
) -> T:
    """``render()``, or its copy kept for people with the same audiences as ``request``'s, made
    since ``kinds`` last changed. For parts of a page that show only that content (no name,
    no count of one person's own, no token). While the shared cache is unreachable (the
    "database unavailable" page), nothing is kept."""
    if not settings.CACHE_PAGES_AND_FRAGMENTS:
        return render()
    user = getattr(request, "user", None)
    try:
        key = key_for(f"fragment:{name}", kinds, policy.audiences_for(user))  # type: ignore[arg-type]
    except DatabaseError:
        return render()
    return cached(key, render)
