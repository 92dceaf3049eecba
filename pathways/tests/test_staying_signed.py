"""Pathways that stay signed: a new version goes back to every organisation for sign-off,
sign-offs lapse at the review date, admins are reminded once, and the history keeps it all."""

import re
from datetime import date, datetime, timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from core import schedule
from pathways.models import Pathway, ReviewReminder
from pathways.schedule import queue_review_reminders
from tests.factories import PathwayFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
AGREED_ON = datetime(2027, 1, 4, 9, 0, tzinfo=LONDON)
REVIEW_DATE = date(2027, 6, 1)
QUEUE = "/pathways/awaiting-sign-off/"


def on(day: date, hour: int = 9) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def make_pathway(**fields: Any) -> Pathway:
    return cast(Pathway, PathwayFactory(**fields))


@pytest.fixture
def agreed(organisation, other_organisation, member, org_admin, other_org_admin):
    with time_machine.travel(AGREED_ON, tick=False):
        pathway = make_pathway(
            title="Adults found at car washes",
            slug="car-washes",
            visibility=Pathway.Visibility.PUBLIC,
            status=Pathway.Status.PROPOSED,
            review_date=REVIEW_DATE,
            created_by=member,
            participating_organisations=[organisation, other_organisation],
        )
        pathway.sign_off(organisation, org_admin)
        pathway.sign_off(other_organisation, other_org_admin)
    pathway.refresh_from_db()
    assert pathway.status == Pathway.Status.AGREED
    return pathway


def article(page: str) -> str:
    """What prints: the pathway itself, without the screen-only parts."""
    printed = page[page.index('<article class="wm-pathway">') : page.index("</article>")]
    return re.sub(r'<[^>]*class="[^"]*wm-no-print.*?</(a|form|div)>', "", printed, flags=re.S)


def standing(page: str) -> str:
    found = re.search(r'data-testid="standing">([^<]*)<', page)
    return found.group(1) if found else ""


def test_a_new_version_goes_back_to_every_organisation_and_the_old_one_stays_agreed(
    client,
    agreed,
    member,
    org_admin,
    other_org_admin,
    coordinator,
    organisation,
    other_organisation,
    staff_login,
):
    with time_machine.travel(on(date(2027, 3, 1)), tick=False):
        client.force_login(member)
        assert client.post("/pathways/car-washes/v1/new-version/").status_code == 302
        second = Pathway.objects.get(slug="car-washes", version=2)
        second.review_date = date(2028, 3, 1)
        second.save()
        old = client.get("/pathways/car-washes/v1/").content.decode()
        assert standing(old) == "Agreed" and 'data-testid="being-revised"' in old
        assert "version 2 is being drafted" in old
        assert "Being revised" in client.get("/pathways/").content.decode()

        assert client.post("/pathways/car-washes/v2/propose/").status_code == 302
        staff_login(client, org_admin)
        queue = client.get(QUEUE).content.decode()
        assert 'data-testid="yours-count">1<' in queue
        assert queue.count("Not signed yet") == 2  # the v1 sign-offs do not carry over
        client.post(f"/pathways/car-washes/v2/sign-off/{organisation.pk}/")

        staff_login(client, coordinator)
        queue = client.get(QUEUE).content.decode()
        board = queue[queue.index('data-testid="awaiting-all"') :]
        assert re.search(
            r"Colne Valley Refuge Trust</th>\s*<td[^>]*>\s*<strong[^>]*>Signed<", board
        )
        assert re.search(
            r"Harwich Housing Association</th>\s*<td[^>]*>\s*<strong[^>]*>Not signed", board
        )
        agreed.refresh_from_db()
        assert agreed.status == Pathway.Status.AGREED  # still in force meanwhile
        old = client.get("/pathways/car-washes/v1/").content.decode()
        assert "version 2 is waiting for every organisation to sign it off" in old

        staff_login(client, other_org_admin)
        client.post(f"/pathways/car-washes/v2/sign-off/{other_organisation.pk}/")
    agreed.refresh_from_db()
    second.refresh_from_db()
    assert second.status == Pathway.Status.AGREED
    assert agreed.status == Pathway.Status.SUPERSEDED
    client.logout()
    assert client.get("/pathways/car-washes/")["Location"] == "/pathways/car-washes/v2/"


@pytest.mark.parametrize("review_date", [None, "past", "today"])
def test_a_proposal_needs_a_review_date_after_today(client, member, organisation, review_date):
    today = date(2027, 3, 1)
    days = {None: None, "past": today - timedelta(days=1), "today": today}
    draft = make_pathway(
        slug="nail-bars",
        created_by=member,
        review_date=days[review_date],
        participating_organisations=[organisation],
    )
    with time_machine.travel(on(today), tick=False):
        client.force_login(member)  # a session of that day
        response = client.post("/pathways/nail-bars/v1/propose/", follow=True)
    assert "Set a review date after today" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Pathway.Status.DRAFT


def test_sign_offs_lapse_at_the_review_date(client, agreed, member):
    with time_machine.travel(on(REVIEW_DATE - timedelta(days=1), 23), tick=False):
        page = client.get("/pathways/car-washes/v1/").content.decode()
        assert standing(page) == "Agreed" and 'data-testid="lapsed"' not in page
        listing = client.get("/pathways/").content.decode()
        assert 'data-testid="lapsed-pathways"' not in listing
        assert "Adults found at car washes" in listing

    with time_machine.travel(on(REVIEW_DATE, 0), tick=False):
        page = client.get("/pathways/car-washes/v1/").content.decode()
        listing = client.get("/pathways/").content.decode()
        client.force_login(member)
        renewable = client.get("/pathways/car-washes/v1/").content.decode()
    assert "Renew it: draft a new version" in renewable
    assert standing(page) == "Lapsed"
    assert "This pathway is no longer agreed: its sign-offs lapsed on 1 June 2027" in page
    assert "Agreed by" not in page and "govuk-tag--green" not in page
    assert 'data-testid="agreed-pathways"' not in listing  # nothing else is agreed
    lapsed = listing[listing.index('data-testid="lapsed-pathways"') :]
    assert "Adults found at car washes" in lapsed


def test_the_print_view_says_what_state_the_pathway_is_in(client, agreed, member):
    with time_machine.travel(on(date(2027, 3, 1)), tick=False):
        printed = article(client.get("/pathways/car-washes/v1/").content.decode())
        assert "Agreed" in printed and "Lapsed" not in printed
        agreed.new_version(member)
        client.force_login(member)
        printed = article(client.get("/pathways/car-washes/v1/").content.decode())
        assert "Being revised" in printed and "version 2 is being drafted" in printed
    with time_machine.travel(on(REVIEW_DATE), tick=False):
        printed = article(client.get("/pathways/car-washes/v1/").content.decode())
    assert "its sign-offs lapsed on 1 June 2027" in printed
    assert ">Lapsed<" in printed and ">Agreed<" not in printed


def test_admins_are_reminded_once_before_the_review_date_and_once_when_it_lapses(
    settings, agreed, org_admin, other_org_admin, member, coordinator
):
    settings.PATHWAY_REVIEW_REMINDER_DAYS = 30
    with time_machine.travel(on(REVIEW_DATE - timedelta(days=31)), tick=False):
        queue_review_reminders()
    assert mail.outbox == []

    with time_machine.travel(on(REVIEW_DATE - timedelta(days=30)), tick=False):
        queue_review_reminders()
        queue_review_reminders()  # a second run the same day
    with time_machine.travel(on(REVIEW_DATE - timedelta(days=29)), tick=False):
        queue_review_reminders()  # and the next day
    assert sorted(m.to[0] for m in mail.outbox) == sorted([org_admin.email, other_org_admin.email])
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)
    due = mail.outbox[0]
    assert due.subject == (
        'The referral pathway "Adults found at car washes" is due for review: '
        "its sign-offs lapse on 1 June 2027"
    )
    assert "http://127.0.0.1:8000/pathways/car-washes/v1/" in due.body

    mail.outbox.clear()
    with time_machine.travel(on(REVIEW_DATE), tick=False):
        queue_review_reminders()
        queue_review_reminders()
    with time_machine.travel(on(REVIEW_DATE + timedelta(days=7)), tick=False):
        queue_review_reminders()
    assert sorted(m.to[0] for m in mail.outbox) == sorted([org_admin.email, other_org_admin.email])
    assert "is no longer agreed: its sign-offs lapsed on 1 June 2027" in mail.outbox[0].subject
    assert {r.kind for r in ReviewReminder.objects.filter(pathway=agreed)} == {"due", "lapsed"}


def test_a_members_only_pathway_is_not_named_in_its_reminder(settings, agreed, org_admin):
    agreed.visibility = Pathway.Visibility.MEMBERS
    agreed.save()
    with time_machine.travel(on(REVIEW_DATE - timedelta(days=1)), tick=False):
        queue_review_reminders()
    assert mail.outbox
    for message in mail.outbox:
        assert "car washes" not in f"{message.subject} {message.body}".lower()
        assert message.subject.startswith("A members-only referral pathway is due for review")


def test_a_superseded_or_renewed_version_is_not_reminded_about(
    agreed, org_admin, other_org_admin, member, organisation, other_organisation
):
    second = agreed.new_version(member)
    second.review_date = date(2028, 6, 1)
    second.save()
    second.propose()
    second.sign_off(organisation, org_admin)
    second.sign_off(other_organisation, other_org_admin)
    with time_machine.travel(on(REVIEW_DATE), tick=False):
        queue_review_reminders()
    assert mail.outbox == []  # version 1 is superseded; version 2 is far from its review


def test_the_history_keeps_every_version_and_every_sign_off(
    client, agreed, member, org_admin, other_org_admin, organisation, other_organisation
):
    with time_machine.travel(on(date(2027, 3, 1)), tick=False):
        second = agreed.new_version(member)
        second.review_date = date(2028, 6, 1)
        second.save()
        second.propose()
        second.sign_off(organisation, org_admin)
        second.return_to_draft()  # the proposal changes: that sign-off no longer counts
    with time_machine.travel(on(date(2027, 3, 8)), tick=False):
        second.propose()
        second.sign_off(organisation, org_admin)
        second.sign_off(other_organisation, other_org_admin)
    client.force_login(member)
    page = client.get("/pathways/car-washes/v2/").content.decode()
    history = page[page.index('data-testid="history"') :]
    v2 = history[
        history.index('data-testid="history-v2"') : history.index('data-testid="history-v1"')
    ]
    v1 = history[history.index('data-testid="history-v1"') :]
    assert "Agreed · agreed 8 Mar 2027 · review by 1 Jun 2028" in v2
    assert "Colne Valley Refuge Trust signed off, by Olive, 1 Mar 2027" in v2
    assert "(no longer counts: the proposal went back to draft on 1 Mar 2027)" in v2
    assert "Colne Valley Refuge Trust signed off, by Olive, 8 Mar 2027" in v2
    assert "Harwich Housing Association signed off" in v2
    assert "Superseded · agreed 4 Jan 2027" in v1
    assert v1.count("signed off, by") == 2 and "no longer counts" not in v1


def test_only_its_author_or_a_coordinator_returns_a_proposal_to_draft(
    client, member, other_member, organisation, other_organisation
):
    proposal = make_pathway(
        slug="nail-bars",
        status=Pathway.Status.PROPOSED,
        created_by=member,
        participating_organisations=[organisation, other_organisation],
    )
    client.force_login(other_member)  # takes part, but did not propose it
    assert client.post("/pathways/nail-bars/v1/withdraw/").status_code == 403
    assert "Return to draft" not in client.get("/pathways/nail-bars/v1/").content.decode()
    client.force_login(member)
    assert "Return to draft" in client.get("/pathways/nail-bars/v1/").content.decode()
    assert client.post("/pathways/nail-bars/v1/withdraw/").status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == Pathway.Status.DRAFT


def test_the_scheduler_runs_the_reminders_daily() -> None:
    names = [job.name for job in schedule.jobs()]
    assert "pathways.schedule.queue_review_reminders" in names


def test_the_page_is_constant_in_queries_as_versions_and_sign_offs_grow(
    client, agreed, member, org_admin, other_org_admin, organisation, other_organisation
):
    client.force_login(member)
    client.get("/pathways/car-washes/v1/")
    with CaptureQueriesContext(connection) as small:
        client.get("/pathways/car-washes/v1/")
    latest = agreed
    for _ in range(3):
        latest = latest.new_version(member)
        latest.propose()
        latest.sign_off(organisation, org_admin)
        latest.return_to_draft()
        latest.propose()
        latest.sign_off(organisation, org_admin)
        latest.sign_off(other_organisation, other_org_admin)
    with CaptureQueriesContext(connection) as large:
        page = client.get("/pathways/car-washes/v1/").content.decode()
    assert 'data-testid="history-v4"' in page
    assert len(large.captured_queries) == len(small.captured_queries)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_keeps_agreed_pathways_and_their_sign_offs() -> None:
    before = [("pathways", "0002_content_types_from_forum")]
    executor = MigrationExecutor(connection)
    after = executor.loader.graph.leaf_nodes("pathways")
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    organisation = old.get_model("directory", "Organisation").objects.create(
        name="Colne Valley Refuge Trust", slug="colne-valley"
    )
    pathway = old.get_model("pathways", "Pathway").objects.create(
        title="Car washes", slug="car-washes", area="Colchester", status="agreed"
    )
    pathway.participating_organisations.add(organisation)
    old.get_model("pathways", "SignOff").objects.create(pathway=pathway, organisation=organisation)

    executor = MigrationExecutor(connection)
    executor.migrate(after)

    kept = Pathway.objects.get(slug="car-washes")
    assert kept.version == 1 and kept.status == Pathway.Status.AGREED
    assert [s.organisation.name for s in kept.live_sign_offs()] == ["Colne Valley Refuge Trust"]
    assert kept.missing_sign_offs() == []
