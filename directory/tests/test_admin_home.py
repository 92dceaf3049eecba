"""An organisation admin's home in the admin: their entry and services with their state, what a
coordinator asked them to change, their staff and the invitations still waiting."""

import pytest
from django.urls import reverse

from accounts.models import Invitation
from conftest import make_user
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def home_world(organisation, other_organisation, org_admin, coordinator):
    organisation.verify(coordinator)
    ServiceFactory(organisation=organisation, name="Night shelter", slug="night-shelter")
    waiting = ServiceFactory(organisation=organisation, name="Outreach van", slug="outreach-van")
    sent_back = ServiceFactory(organisation=organisation, name="ESOL classes", slug="esol")
    for service in (waiting, sent_back):
        service.save_revision(user=org_admin)
        service.get_workflow().start(service, org_admin)
    task_state = sent_back.current_workflow_state.current_task_state
    task_state.task.specific.on_action(
        task_state, coordinator, "reject", comment="Add the days the classes run."
    )
    make_user("amy@example.org", organisation=organisation)
    Invitation.objects.create(email="new.person@example.org", organisation=organisation)
    ServiceFactory(organisation=other_organisation, name="Harwich lunch club", slug="lunch")
    Invitation.objects.create(email="elsewhere@example.org", organisation=other_organisation)


def _home(client):
    return client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_admin_sees_their_entry_services_requests_staff_and_invitations(
    client, home_world, org_admin, staff_login
):
    staff_login(client, org_admin)
    page = _home(client)
    assert "Colne Valley Refuge Trust" in page and "Your entry</a>: Live." in page
    assert "Next review due" in page
    services = page[page.index('data-testid="organisation-services"') :]
    assert "Night shelter</a></td>\n        <td>Live</td>" in services
    assert "Outreach van</a></td>\n        <td>Awaiting approval</td>" in services
    assert "ESOL classes</a></td>\n        <td>Changes asked for</td>" in services
    assert "Add the days the classes run." in services
    assert "Amy (Member)" in page and "Olive (Organisation admin)" in page
    assert "new.person@example.org" in page
    # Nothing of another organisation.
    assert "Harwich lunch club" not in page and "elsewhere@example.org" not in page


def test_an_overdue_review_is_said_plainly(client, organisation, org_admin, staff_login):
    staff_login(client, org_admin)
    assert "Review overdue" in _home(client)


def test_coordinators_and_other_admins_do_not_get_this_home(
    client, home_world, coordinator, other_org_admin, staff_login
):
    staff_login(client, coordinator)
    page = _home(client)
    assert "Your entry" not in page and "Add the days the classes run." not in page
    client.logout()
    staff_login(client, other_org_admin)
    page = _home(client)
    assert "Outreach van" not in page and "Add the days the classes run." not in page
    assert "Harwich lunch club" in page and "Harwich Housing Association" in page
