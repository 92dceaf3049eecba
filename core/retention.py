"""Storage limitation: each kind of record is kept for ``settings.RETENTION_DAYS[key]`` days,
then purged by a daily task (accounts/schedule.py). Each app declares its own rules in
``<app>/retention.py``:

    from core.retention import rule

    @rule("notifications", "Forum notifications")
    def expired_notifications(cutoff: datetime) -> QuerySet[Notification]:
        return Notification.objects.filter(created_at__lt=cutoff)

A rule's records are deleted, unless it names its own ``purge`` (which must empty what it
keeps, so that the rule's query no longer matches them). ``manage.py purge_expired --dry-run``
and the coordinators' privacy page list what is due, changing nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django_tasks import task

logger = logging.getLogger(__name__)

Expired = Callable[[datetime], "QuerySet[Any]"]
Purge = Callable[["QuerySet[Any]"], int]


def _delete(records: QuerySet[Any]) -> int:
    return records.delete()[0]


@dataclass(frozen=True)
class Rule:
    key: str  # in settings.RETENTION_DAYS
    label: str
    expired: Expired
    purge: Purge = _delete

    @property
    def days(self) -> int:
        return int(settings.RETENTION_DAYS[self.key])

    def cutoff(self, now: datetime) -> datetime:
        return now - timedelta(days=self.days)

    def due(self, now: datetime) -> QuerySet[Any]:
        return self.expired(self.cutoff(now))


_rules: dict[str, Rule] = {}


def rule(key: str, label: str, *, purge: Purge | None = None) -> Callable[[Expired], Expired]:
    if key not in settings.RETENTION_DAYS:
        raise ValueError(f"settings.RETENTION_DAYS has no period for {key!r}.")

    def register(expired: Expired) -> Expired:
        _rules[key] = Rule(key=key, label=label, expired=expired, purge=purge or _delete)
        return expired

    return register


def rules() -> list[Rule]:
    autodiscover_modules("retention")
    return sorted(_rules.values(), key=lambda r: r.label)


@dataclass(frozen=True)
class Due:
    rule: Rule
    count: int
    cutoff: datetime


def due(now: datetime | None = None) -> list[Due]:
    """What the next purge would remove, rule by rule (changes nothing)."""
    now = now or timezone.now()
    return [Due(r, r.due(now).count(), r.cutoff(now)) for r in rules()]


def purge(now: datetime | None = None) -> dict[str, int]:
    """Remove every record past its period; one transaction per rule."""
    now = now or timezone.now()
    removed = {}
    for each in rules():
        with transaction.atomic():
            removed[each.key] = each.purge(each.due(now))
    logger.info("Purged expired records: %s", removed)
    return removed


@task()
def purge_expired() -> dict[str, int]:
    return purge()


# The task queue's own records: a finished task keeps its arguments (e-mail addresses, ids).
@rule("finished_tasks", "Records of finished background work")
def finished_tasks(cutoff: datetime) -> QuerySet[Any]:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)
