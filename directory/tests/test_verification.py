"""Verification with a name and a date: who verified and when, published in the feed as a
role; reminders before and after the review falls due, once each, through the queue; and
the network's freshness on the coordinators' dashboard."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from wagtail.models import ModelLogEntry

from conftest import make_user
from directory import schedule
from directory.models import Organisation
from tests.factories import OrganisationFactory, ServiceFactory, emergency_safe_house

pytestmark = pytest.mark.django_db

NOV_3 = datetime(2026, 11, 3, 10, tzinfo=UTC)


@pytest.fixture
def refuge(organisation):
    return emergency_safe_house(organisation)


def test_verifying_records_who_and_when_in_the_entrys_history(organisation, coordinator):
    with time_machine.travel(NOV_3, tick=False):
        organisation.verify(coordinator)
    organisation.refresh_from_db()
    assert organisation.verified_by == coordinator
    assert organisation.verified_at == NOV_3
    assert organisation.next_review_due == date(2027, 11, 3)
    entry = ModelLogEntry.objects.get(action="directory.verify")
    assert entry.user == coordinator and entry.object_id == str(organisation.pk)


# --- reminders ----------------------------------------------------------------------------


@pytest.fixture
def due(organisation, coordinator, org_admin):
    """Verified on 3 November 2026: the review falls due on 3 November 2027."""
    organisation.secure_email = "secret@cjsm.example.net"
    organisation.members_notes = "Back door code 1234"
    organisation.save()
    with time_machine.travel(NOV_3, tick=False):
        organisation.verify(coordinator)
    return organisation


def _run_reminders_on(day: datetime) -> list:
    mail.outbox.clear()
    with time_machine.travel(day, tick=False):
        schedule.queue_review_reminders()  # the test settings run queued tasks at once
    return list(mail.outbox)


def test_the_admin_is_reminded_once_before_the_review_is_due_and_once_when_overdue(
    due, org_admin, settings
):
    settings.REVIEW_REMINDER_DAYS = 30
    assert _run_reminders_on(datetime(2027, 10, 3, 8, tzinfo=UTC)) == []  # 31 days before

    soon = _run_reminders_on(datetime(2027, 10, 5, 8, tzinfo=UTC))
    assert [m.to for m in soon] == [[org_admin.email]]
    assert "3 November 2027" in soon[0].subject
    assert _run_reminders_on(datetime(2027, 10, 6, 8, tzinfo=UTC)) == []  # once

    overdue = _run_reminders_on(datetime(2027, 11, 4, 8, tzinfo=UTC))
    assert [m.to for m in overdue] == [[org_admin.email]]
    assert "overdue" in overdue[0].subject.lower()
    assert _run_reminders_on(datetime(2027, 11, 20, 8, tzinfo=UTC)) == []  # once


def test_reminders_say_nothing_private(due, org_admin, member):
    sent = _run_reminders_on(datetime(2027, 10, 20, 8, tzinfo=UTC))
    sent += _run_reminders_on(datetime(2027, 11, 20, 8, tzinfo=UTC))
    assert len(sent) == 2
    for message in sent:
        assert message.to == [org_admin.email]  # admins only, never ordinary members
        text = message.subject + message.body
        assert "secret@cjsm.example.net" not in text and "1234" not in text
        assert reverse("wagtailsnippets_directory_organisation:edit", args=[due.pk]) in text


def test_a_new_verification_starts_a_new_round_of_reminders(due, org_admin, coordinator):
    assert len(_run_reminders_on(datetime(2027, 11, 20, 8, tzinfo=UTC))) == 1
    with time_machine.travel(datetime(2027, 11, 21, 8, tzinfo=UTC), tick=False):
        due.verify(coordinator)
    assert _run_reminders_on(datetime(2028, 10, 1, 8, tzinfo=UTC)) == []
    assert len(_run_reminders_on(datetime(2028, 11, 1, 8, tzinfo=UTC))) == 1


def test_reminders_go_through_the_task_queue(due):
    from django_tasks_db.models import DBTaskResult

    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        assert _run_reminders_on(datetime(2027, 11, 20, 8, tzinfo=UTC)) == []
    assert DBTaskResult.objects.filter(task_path__endswith="send_review_reminder").count() == 1


def test_suspended_or_unpublished_entries_get_no_reminder(due):
    Organisation.objects.filter(pk=due.pk).update(status=Organisation.Status.SUSPENDED)
    assert _run_reminders_on(datetime(2027, 11, 20, 8, tzinfo=UTC)) == []


# --- the coordinators' dashboard -------------------------------------------------------------


def test_the_dashboard_shows_the_networks_freshness_and_the_list_to_chase(
    client, coordinator, staff_login
):
    fresh = OrganisationFactory(name="Fresh Trust")
    ServiceFactory(organisation=fresh)
    ServiceFactory(organisation=fresh)
    ageing = OrganisationFactory(name="Ageing Trust")
    ServiceFactory(organisation=ageing)
    stale = OrganisationFactory(name="Stale Trust")
    ServiceFactory(organisation=stale)
    with time_machine.travel(datetime(2026, 10, 1, tzinfo=UTC), tick=False):
        fresh.verify(coordinator)
    with time_machine.travel(datetime(2026, 3, 1, tzinfo=UTC), tick=False):
        ageing.verify(coordinator)
    with time_machine.travel(datetime(2025, 6, 1, tzinfo=UTC), tick=False):
        stale.verify(coordinator)
    make_user("x@example.org", organisation=stale)

    with time_machine.travel(datetime(2026, 12, 3, 9, tzinfo=UTC), tick=False):
        staff_login(client, coordinator)
        page = client.get(reverse("wagtailadmin_home")).content.decode()

    # 4 live services: 3 verified within 12 months (75%), 2 within 6 (50%).
    assert "Of 4 live services, <strong>75%</strong>" in page
    assert "<strong>50%</strong> in the last 6" in page
    assert "The oldest verification: " in page and "Stale Trust</a>, 1 Jun 2025" in page
    assert "To chase" in page
