"""Editors draft and submit; a coordinator approves, and only then is the page live."""

import pytest
from django.urls import reverse
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from guidance.models import GuidancePage

pytestmark = pytest.mark.django_db


def _add_guide(client, parent, action: str):
    data = nested_form_data(
        {
            "title": "Spot the signs: nail bar staff",
            "slug": "spot-the-signs-nail-bars",
            "summary": "What nail bar customers and staff may notice.",
            "audience_tags": "businesses",
            "body": streamfield([("text", rich_text("<p>Workers who never leave the shop.</p>"))]),
            "comments": inline_formset([]),
            action: "yes",
        }
    )
    return client.post(f"/admin/pages/add/guidance/guidancepage/{parent.pk}/", data)


def _approve_url(page, task_state) -> str:
    return reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))


@pytest.fixture
def signed_in_editor(client, editor, staff_login, guidance_index):
    staff_login(client, editor)
    return client


def test_an_editor_creates_a_guide_and_submits_it_for_moderation(signed_in_editor, guidance_index):
    response = _add_guide(signed_in_editor, guidance_index, "action-submit")
    assert response.status_code == 302, response.content[:2000]
    page = GuidancePage.objects.get(slug="spot-the-signs-nail-bars")
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == "Guidance moderation"


def test_an_editor_cannot_publish_alone(signed_in_editor, editor, guidance_index, client):
    _add_guide(signed_in_editor, guidance_index, "action-publish")
    page = GuidancePage.objects.get(slug="spot-the-signs-nail-bars")
    assert not page.live
    assert not page.permissions_for_user(editor).can_publish()
    assert client.get(page.url).status_code == 404


def test_a_coordinator_approves_a_submitted_guide_and_it_goes_live(
    client, signed_in_editor, coordinator, staff_login, guidance_index
):
    _add_guide(signed_in_editor, guidance_index, "action-submit")
    page = GuidancePage.objects.get(slug="spot-the-signs-nail-bars")
    task_state = page.current_workflow_task_state
    signed_in_editor.logout()
    staff_login(client, coordinator)
    response = client.post(_approve_url(page, task_state), {"comment": ""})
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    client.logout()
    response = client.get(page.url)
    assert response.status_code == 200
    assert b"Workers who never leave the shop." in response.content


def test_a_submitted_guide_still_waits_in_wagtails_own_review_panel(
    client, signed_in_editor, coordinator, staff_login, guidance_index
):
    # The directory's changes left that panel for their own queue; pages did not.
    _add_guide(signed_in_editor, guidance_index, "action-submit")
    signed_in_editor.logout()
    staff_login(client, coordinator)
    page = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Awaiting your review" in page
    assert "Spot the signs: nail bar staff" in page


def test_an_editor_cannot_approve_their_own_submission(signed_in_editor, guidance_index):
    _add_guide(signed_in_editor, guidance_index, "action-submit")
    page = GuidancePage.objects.get(slug="spot-the-signs-nail-bars")
    task_state = page.current_workflow_task_state
    signed_in_editor.post(_approve_url(page, task_state), {})
    page.refresh_from_db()
    assert not page.live


def test_a_coordinator_may_publish_and_an_editor_may_not(editor, coordinator, guidance_index):
    assert guidance_index.permissions_for_user(coordinator).can_publish()
    assert not guidance_index.permissions_for_user(editor).can_publish()
    assert guidance_index.permissions_for_user(editor).can_add_subpage()


def test_a_scheduled_guide_goes_live_when_the_publishing_job_runs(make_guide):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    page = make_guide("Coming soon")
    page.unpublish()
    page.refresh_from_db()
    page.go_live_at = timezone.now() + timedelta(minutes=5)
    revision = page.save_revision()
    revision.publish()  # with go_live_at in the future this schedules, not publishes
    page.refresh_from_db()
    assert not page.live
    # Five minutes pass.
    past = timezone.now() - timedelta(seconds=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live


def test_members_never_reach_the_page_editor(client, member, guidance_index):
    client.force_login(member)
    response = client.get(f"/admin/pages/add/guidance/guidancepage/{guidance_index.pk}/")
    assert response.status_code == 302


def test_the_scheduling_loop_publishes_what_is_due(make_guide):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    page = make_guide("Due now")
    page.unpublish()
    page.go_live_at = timezone.now() + timedelta(minutes=5)
    revision = page.save_revision()
    revision.publish()
    past = timezone.now() - timedelta(seconds=1)
    revision.approved_go_live_at = past
    revision.content["go_live_at"] = past.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    call_command("scheduler", once=True, verbosity=0)
    page.refresh_from_db()
    assert page.live


def test_editors_get_the_accessibility_checker_on_pages(client, editor, staff_login, make_guide):
    guide = make_guide("Checked page")
    staff_login(client, editor)
    html = client.get(guide.url).content.decode()
    assert "wagtail-userbar" in html
    assert 'id="checker-trigger"' in html  # Wagtail's accessibility (content) checker
    assert "checker-axe-configuration" in html


def test_the_public_get_no_editing_toolbar(client, make_guide):
    html = client.get(make_guide("Checked page").url).content.decode()
    assert "wagtail-userbar" not in html


def test_editors_can_preview_a_draft(client, editor, staff_login, make_guide):
    guide = make_guide("Preview me")
    staff_login(client, editor)
    response = client.get(f"/admin/pages/{guide.pk}/edit/preview/")
    assert response.status_code == 200
