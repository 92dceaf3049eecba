"""Retention: each kind of record goes once its period in settings.RETENTION_DAYS has passed,
not a day sooner; the dry run lists what would go and changes nothing; coordinators see it."""

from datetime import UTC, datetime, timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from accounts import schedule
from accounts.models import Invitation, JoinRequest
from conftest import make_user
from core import retention
from core.schedule import jobs
from directory.models import ListingReport
from forum import services as forum_services
from forum.models import Category, Notification, Post, PostRevision

pytestmark = pytest.mark.django_db

START = datetime(2026, 1, 5, 12, 0, tzinfo=UTC)
PERIODS = {
    "notifications": 180,
    "declined_join_requests": 90,
    "expired_invitations": 90,
    "login_records": 30,
    "problem_reports": 365,
    "removed_posts": 30,
    "finished_tasks": 30,
    "unused_accounts": 365,
}


def _days(n: float) -> timedelta:
    return timedelta(days=n)


@pytest.fixture
def records(organisation, member, other_member):
    """One record of each kind, each made (or ended) at START."""
    with time_machine.travel(START, tick=False):
        category = Category.objects.create(name="Referrals", slug="referrals", access="members")
        thread = forum_services.start_thread(category, member, "Car washes", "Who takes them?")
        reply = forum_services.add_post(thread, other_member, "We do.", thread.posts.get())
        reply.edit("We do, on Tuesdays.", by=other_member)
        reply.remove()
        declined = JoinRequest.objects.create(
            name="Sam Example",
            email="sam@example.org",
            job_title="Nurse",
            organisation=organisation,
            status=JoinRequest.Status.DECLINED,
            decided_at=START,
        )
        invitation = Invitation.objects.create(
            email="new@example.org", organisation=organisation, expires_at=START
        )
        session = Session.objects.create(session_key="x" * 32, session_data="", expire_date=START)
        report = ListingReport.objects.create(
            organisation=organisation,
            reason=ListingReport.Reason.OTHER,
            reporter_email="rita@example.org",
            status=ListingReport.Status.RESOLVED,
            resolved_at=START,
        )
        task = DBTaskResult.objects.create(
            status=TaskResultStatus.SUCCESSFUL,
            finished_at=START,
            args_kwargs={"args": ["someone@example.org"], "kwargs": {}},
            task_path="forum.tasks.send_digest",
            backend_name="default",
            run_after=START,
        )
    return {
        "notifications": Notification.objects.filter(post=reply),
        "declined_join_requests": JoinRequest.objects.filter(pk=declined.pk),
        "expired_invitations": Invitation.objects.filter(pk=invitation.pk),
        "login_records": Session.objects.filter(pk=session.pk),
        "problem_reports": ListingReport.objects.filter(pk=report.pk),
        "removed_posts": Post.objects.filter(pk=reply.pk).exclude(source=""),
        "finished_tasks": DBTaskResult.objects.filter(pk=task.pk),
    }


def test_the_periods_are_the_documented_defaults(settings):
    assert settings.RETENTION_DAYS == PERIODS
    assert {rule.key for rule in retention.rules()} == set(PERIODS) - {"unused_accounts"}


def test_the_purge_is_a_daily_job_of_the_scheduler():
    assert "accounts.schedule.queue_retention_purge" in {job.name for job in jobs()}


@pytest.mark.parametrize("key", sorted(set(PERIODS) - {"unused_accounts"}))
def test_each_record_goes_exactly_when_its_period_ends(records, key):
    assert records[key].exists()
    with time_machine.travel(START + _days(PERIODS[key]) - timedelta(minutes=1), tick=False):
        schedule.queue_retention_purge()  # immediate task backend in tests: runs now
    assert records[key].exists(), f"{key} went before its period ended"

    with time_machine.travel(START + _days(PERIODS[key]) + timedelta(minutes=1), tick=False):
        schedule.queue_retention_purge()
    assert not records[key].exists(), f"{key} stayed after its period"


def test_a_removed_post_keeps_its_place_but_not_its_text(records, client, member):
    reply = Post.objects.get(pk=records["removed_posts"].get().pk)
    with time_machine.travel(START + _days(31), tick=False):
        removed = retention.purge()["removed_posts"]
    assert removed == 1
    reply.refresh_from_db()
    assert reply.is_removed and reply.source == "" and reply.html == ""
    assert not PostRevision.objects.filter(post=reply).exists()
    client.force_login(member)
    assert client.get(reply.thread.get_absolute_url()).status_code == 200


def _counts(records):
    return {key: query.count() for key, query in records.items()}


def test_the_dry_run_lists_what_would_go_and_changes_nothing(records):
    before = _counts(records)
    out = StringIO()
    with time_machine.travel(START + _days(400), tick=False):
        call_command("purge_expired", "--dry-run", stdout=out)
    assert _counts(records) == before
    assert "Forum notifications: 1 older than 180 days (notifications) would go" in out.getvalue()
    assert "Resolved problem reports: 1 older than 365 days" in out.getvalue()


def test_the_command_without_dry_run_purges(records):
    with time_machine.travel(START + _days(400), tick=False):
        call_command("purge_expired", stdout=StringIO())
    assert not any(_counts(records).values())


@override_settings(RETENTION_DAYS={**PERIODS, "notifications": 7})
def test_a_period_is_set_in_settings(records):
    with time_machine.travel(START + _days(8), tick=False):
        removed = retention.purge()
    assert removed["notifications"] == 1
    assert removed["problem_reports"] == 0


def test_coordinators_see_the_next_purge_and_unused_accounts(
    records, client, staff_login, coordinator
):
    with time_machine.travel(START - _days(400), tick=False):
        forgotten = make_user("fern@example.org")
        forgotten.last_login = timezone.now()
        forgotten.save(update_fields=["last_login"])
    with time_machine.travel(START + _days(200)):
        recent = make_user("rosa@example.org")
        recent.last_login = timezone.now()
        recent.save(update_fields=["last_login"])
        staff_login(client, coordinator)
        page = client.get(reverse("accounts:privacy_review")).content.decode()
    assert "Forum notifications" in page
    assert forgotten.email in page
    assert reverse("accounts:close_account_of", args=[forgotten.pk]) in page
    assert recent.email not in page
    assert coordinator.email not in page  # signed in just now


def test_members_do_not_see_the_privacy_review(client, member):
    client.force_login(member)
    assert client.get(reverse("accounts:privacy_review")).status_code == 403


def test_the_admin_menu_leads_coordinators_to_the_privacy_review(client, staff_login, coordinator):
    staff_login(client, coordinator)
    assert reverse("accounts:privacy_review") in client.get("/admin/").content.decode()


def test_the_privacy_review_takes_as_many_queries_however_many_accounts_are_unused(
    client, staff_login, coordinator, organisation
):
    from tests.query_counts import queries_to_get

    def unused(email):
        with time_machine.travel(timezone.now() - _days(400), tick=False):
            return make_user(email, organisation=organisation)

    staff_login(client, coordinator)
    unused("first@example.org")
    queries_to_get(client, reverse("accounts:privacy_review"))  # the session's first request
    one = queries_to_get(client, reverse("accounts:privacy_review"))
    for n in range(5):
        unused(f"more{n}@example.org")
    assert queries_to_get(client, reverse("accounts:privacy_review")) == one
