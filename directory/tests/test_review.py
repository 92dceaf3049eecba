"""A coordinator sees exactly what they approve: the submitted version against the live one,
whatever drafts came between, and decides on that page; the queue comes first on their
dashboard, and the organisation admin's main button sends their change for approval."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import TaskState, WorkflowState
from wagtail.test.utils.form_data import inline_formset

from directory.models import Organisation
from tests.admin_urls import is_refused
from tests.factories import LocationFactory, ServiceFactory
from tests.wagtail_admin import org_edit_url, org_form

pytestmark = pytest.mark.django_db

LOCATION = {
    "name": "Drop-in centre",
    "location_type": "physical",
    "address_1": "2 New Road",
    "address_2": "",
    "town": "Colchester",
    "postcode": "CO1 1AA",
    "latitude": "",
    "longitude": "",
    "accessibility": "",
    "is_confidential": "",
    "front_door": "",
}


@pytest.fixture
def submitted(client, organisation, org_admin, staff_login):
    """Olive (the admin) saves a draft with her change, as autosave does, then submits it
    unchanged: the revision before the submitted one already holds the change."""
    staff_login(client, org_admin)
    org_admin.display_name = "Olive Oyelaran"
    org_admin.save()
    changed = {
        "description": "We now take referrals at weekends.",
        "locations": inline_formset([LOCATION]),
    }
    client.post(org_edit_url(organisation), org_form(organisation, **changed))
    response = client.post(
        org_edit_url(organisation), org_form(organisation, **changed, **{"action-submit": "1"})
    )
    assert response.status_code == 302
    client.logout()
    state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)
    before = organisation.revisions.exclude(pk=state.revision_id).order_by("-created_at", "-pk")
    # The revision before the submitted one already had the change: comparing with it, as
    # Wagtail's "Compare with previous version" does, would show nothing.
    assert before.first().content["description"] == state.revision.content["description"]
    return state


def _review_url(state) -> str:
    return reverse("directory_review_changes", args=[state.pk])


def test_the_review_shows_the_change_against_the_live_version(
    client, submitted, coordinator, staff_login, organisation
):
    staff_login(client, coordinator)
    page = client.get(_review_url(submitted)).content.decode()
    assert "We now take referrals at weekends." in page
    assert "There are no differences" not in page
    assert "2 New Road" in page  # the new location, highlighted as an addition
    assert "addition" in page
    assert organisation.name in page and "Olive Oyelaran" in page


def test_approving_from_the_review_publishes_the_submitted_version(
    client, submitted, coordinator, staff_login, organisation
):
    staff_login(client, coordinator)
    response = client.post(_review_url(submitted), {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description == "We now take referrals at weekends."
    assert organisation.locations.get().address_1 == "2 New Road"


def test_asking_for_changes_needs_a_comment_and_the_comment_reaches_the_admin(
    client, submitted, coordinator, staff_login, organisation, org_admin
):
    staff_login(client, coordinator)
    refused = client.post(_review_url(submitted), {"decision": "reject", "comment": " "})
    assert refused.status_code == 400
    assert "Say what needs to change." in refused.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == TaskState.STATUS_IN_PROGRESS

    mail.outbox.clear()
    client.post(
        _review_url(submitted), {"decision": "reject", "comment": "Which days at weekends?"}
    )

    submitted.refresh_from_db()
    assert submitted.status == TaskState.STATUS_REJECTED
    assert submitted.comment == "Which days at weekends?"
    organisation.refresh_from_db()
    assert organisation.description != "We now take referrals at weekends."
    to_admin = [m for m in mail.outbox if org_admin.email in m.to]
    assert to_admin, "the submitter hears that changes were asked for"


def test_the_rejection_comment_reaches_the_admins_email_with_nothing_private(
    client, submitted, coordinator, staff_login, organisation, org_admin
):
    private = ["referrals@colne.cjsm.example.net", "Back door code 4711", "12 Hidden Lane"]
    Organisation.objects.filter(pk=organisation.pk).update(
        secure_email=private[0], members_notes=private[1]
    )
    LocationFactory(organisation=organisation, address_1=private[2], is_confidential=True)
    staff_login(client, coordinator)
    mail.outbox.clear()

    client.post(
        _review_url(submitted),
        {"decision": "reject", "comment": "Please give the weekend opening hours."},
    )

    (to_admin,) = [m for m in mail.outbox if org_admin.email in m.to]
    texts = [to_admin.subject, to_admin.body, *(body for body, _ in to_admin.alternatives)]
    assert all("Please give the weekend opening hours." in text for text in texts[1:])
    for message in mail.outbox:
        for text in [message.subject, message.body, *(b for b, _ in message.alternatives)]:
            assert not any(detail in text for detail in private), text


def test_bad_input_changes_nothing(client, submitted, coordinator, staff_login):
    staff_login(client, coordinator)
    assert (
        client.post(_review_url(submitted), {"decision": "publish-everything"}).status_code == 400
    )
    submitted.refresh_from_db()
    assert submitted.status == TaskState.STATUS_IN_PROGRESS


def test_only_coordinators_review(client, submitted, org_admin, other_org_admin, staff_login):
    for person in (org_admin, other_org_admin):
        staff_login(client, person)
        assert is_refused(client.get(_review_url(submitted)))
        assert is_refused(client.post(_review_url(submitted), {"decision": "approve"}))
        client.logout()
    submitted.refresh_from_db()
    assert submitted.status == TaskState.STATUS_IN_PROGRESS


def test_the_queue_comes_first_on_the_coordinators_dashboard_with_names(
    client, submitted, coordinator, staff_login, organisation
):
    staff_login(client, coordinator)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    queue = page.index("Directory changes awaiting your approval (1)")
    assert queue < page.index("Directory: ")  # before the overdue reviews
    row = page[queue:]
    assert organisation.name in row and "Olive Oyelaran" in row
    assert _review_url(submitted) in row


def test_wagtails_own_compare_with_the_previous_version_is_never_offered_for_it(
    client, submitted, coordinator, staff_login, organisation
):
    staff_login(client, coordinator)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    # Wagtail's "Awaiting your review" would list it again, with "Compare with previous
    # version" against the autosave before it ("no differences"): only our review is offered.
    assert "Awaiting your review" not in page
    assert "Compare with previous version" not in page
    compare = reverse(
        "wagtailsnippets_directory_organisation:revisions_compare",
        args=[organisation.pk, "live", submitted.revision_id],
    )
    assert compare.split("live")[0] not in page  # no compare link of this organisation at all


def test_the_admins_main_button_submits_for_approval(
    client, organisation, org_admin, coordinator, staff_login
):
    submit = 'name="action-submit" value="Submit for approval"'
    staff_login(client, org_admin)
    page = client.get(org_edit_url(organisation)).content.decode()
    assert page.index(submit) < page.index("More actions") < page.index("Save draft")
    client.logout()
    # A coordinator publishes directly: submitting stays among the other actions.
    staff_login(client, coordinator)
    page = client.get(org_edit_url(organisation)).content.decode()
    assert page.index("More actions") < page.index(submit)


def test_listings_say_awaiting_approval(client, submitted, org_admin, staff_login, organisation):
    staff_login(client, org_admin)
    page = client.get(reverse("wagtailsnippets_directory_organisation:list")).content.decode()
    assert "Awaiting approval" in page
    WorkflowState.objects.update(status=WorkflowState.STATUS_CANCELLED)
    page = client.get(reverse("wagtailsnippets_directory_organisation:list")).content.decode()
    assert "Awaiting approval" not in page
    assert Organisation.objects.filter(pk=organisation.pk).exists()


def test_a_service_review_shows_changed_opening_hours_across_autosaves(
    client, organisation, org_admin, coordinator, staff_login
):
    from datetime import time

    from directory.models import Schedule, Service

    service = ServiceFactory(organisation=organisation, name="Outreach van", slug="van")  # Mon–Fri
    draft = Service.objects.get(pk=service.pk)
    draft.schedules = [Schedule(byday="SA,SU", opens_at=time(9), closes_at=time(17))]
    draft.save_revision(user=org_admin)
    draft.save_revision(user=org_admin)  # an autosave with nothing new
    draft.get_workflow().start(draft, org_admin)
    state = TaskState.objects.get(status=TaskState.STATUS_IN_PROGRESS)

    staff_login(client, coordinator)
    page = client.get(_review_url(state)).content.decode()

    assert "Opening hours" in page
    assert "SA,SU" in page and "MO,TU,WE,TH,FR" in page
    assert "There are no differences" not in page
    assert organisation.name in page
