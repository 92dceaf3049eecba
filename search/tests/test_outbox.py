"""A write never fails or waits because Elasticsearch is down, and no update is lost."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from search import indexing
from search.models import IndexUpdate
from search.tests.helpers import elasticsearch_unreachable, run_search, titles
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def test_saving_while_elasticsearch_is_down_succeeds_and_keeps_the_update_queued(
    search_indices, django_capture_on_commit_callbacks
):
    with elasticsearch_unreachable(), django_capture_on_commit_callbacks(execute=True):
        service = ServiceFactory.create(name="Outage-proof helpline")
    # One row for the service, and one more for each related row saved with it (its schedule).
    updates = IndexUpdate.objects.filter(index="services", object_id=str(service.pk))
    assert updates.exists()
    for update in updates:
        assert update.attempts == 1
        assert update.next_attempt_at > timezone.now()
        assert "Connection" in update.last_error


def test_after_an_outage_the_queue_drains_and_nothing_is_lost(
    search_indices, django_capture_on_commit_callbacks
):
    kept = ServiceFactory.create(name="Kept service")
    indexing.drain()
    with elasticsearch_unreachable(), django_capture_on_commit_callbacks(execute=True):
        created = [ServiceFactory.create(name=f"Written during the outage {i}") for i in range(3)]
        kept.name = "Kept service renamed"
        kept.save()
        doomed = ServiceFactory.create(name="Deleted during the outage")
        doomed.delete()
    assert IndexUpdate.objects.count() >= 5
    call_command("search_drain", "--all", stdout=io.StringIO())
    indexing.refresh()
    assert not IndexUpdate.objects.exists()
    found = titles(run_search(q="outage", type="service", per_page=50))
    assert sorted(found) == sorted(s.name for s in created)
    assert titles(run_search(q="kept renamed", type="service"))[0] == "Kept service renamed"


def test_a_failed_update_waits_longer_after_each_attempt():
    delays = [indexing.backoff(n).total_seconds() for n in range(1, 8)]
    assert delays[0] < 3
    assert all(later > earlier for earlier, later in zip(delays[::2], delays[2::2], strict=False))
    assert indexing.backoff(50) <= timedelta(seconds=indexing.MAX_BACKOFF_SECONDS * 1.25)


def test_updates_not_yet_due_are_left_for_later(search_indices):
    service = ServiceFactory.create(name="Patient service")
    IndexUpdate.objects.update(next_attempt_at=timezone.now() + timedelta(minutes=5))
    assert indexing.drain()["applied"] == 0
    IndexUpdate.objects.update(next_attempt_at=timezone.now())
    assert indexing.drain()["applied"] >= 1
    indexing.refresh()
    assert str(service.pk) in [hit.id for hit in run_search(q="patient", type="service").hits]


def test_several_changes_to_one_record_are_applied_as_one_document(index_now):
    service = ServiceFactory.create(name="Version one")
    for n in (2, 3, 4):
        service.name = f"Version {n}"
        service.save()
    totals = index_now()
    assert totals["batches"] == 1
    assert titles(run_search(q="version", type="service")) == ["Version 4"]


def test_on_the_database_queue_one_waiting_drain_task_serves_many_writes(search_indices):
    from django_tasks_db.models import DBTaskResult

    from search.outbox import _enqueue_drain

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        _enqueue_drain()
        _enqueue_drain()
        assert DBTaskResult.objects.filter(task_path="search.tasks.drain_outbox").count() == 1
