"""``migrate`` alone gives a working network: the test database is made by migrating, and
nothing here (or in the fixtures) creates a group or a workflow, so these tests see what a
new install sees before anyone runs the demo."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from wagtail.models import Collection, GroupCollectionPermission, Workflow, WorkflowState

from accounts import policy
from accounts.models import Membership
from conftest import make_user
from directory.models import Organisation, Service
from guidance.models import GuidanceIndexPage, HomePage
from tests.wagtail_admin import org_edit_url, org_form

pytestmark = pytest.mark.django_db


def _group_permissions(name: str) -> set[str]:
    group = Group.objects.get(name=name)
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def test_both_role_groups_may_open_the_admin_and_edit_the_site_snippets():
    for name in (policy.COORDINATORS, policy.EDITORS):
        assert {
            "wagtailadmin.access_admin",
            "guidance.add_helpline",
            "guidance.change_footerlink",
        } <= _group_permissions(name)


def test_coordinators_publish_pages_and_editors_only_draft_them():
    home = HomePage.objects.get(depth=2)
    coordinator = make_user("cora@example.org", group=policy.COORDINATORS)
    editor = make_user("ed@example.org", group=policy.EDITORS)
    assert home.permissions_for_user(coordinator).can_publish()
    assert home.permissions_for_user(editor).can_add_subpage()
    assert not home.permissions_for_user(editor).can_publish()


def test_both_role_groups_may_add_documents_and_images():
    root = Collection.get_first_root_node()
    for name in (policy.COORDINATORS, policy.EDITORS):
        codenames = set(
            GroupCollectionPermission.objects.filter(group__name=name, collection=root).values_list(
                "permission__codename", flat=True
            )
        )
        assert {"add_document", "add_image", "choose_document"} <= codenames


def test_directory_changes_go_to_the_coordinators_for_approval():
    for model in (Organisation, Service):
        workflow = model().get_workflow()
        assert workflow is not None and workflow.name == "Directory changes"
        [task] = [task.specific for task in workflow.tasks]
        assert list(task.groups.values_list("name", flat=True)) == [policy.COORDINATORS]


def test_guidance_pages_go_to_the_coordinators_for_approval():
    home = HomePage.objects.get(depth=2)
    index = home.add_child(instance=GuidanceIndexPage(title="Guidance", slug="guidance"))
    workflow = index.get_workflow()
    assert workflow.name == "Guidance moderation"
    [task] = [task.specific for task in workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == [policy.COORDINATORS]


def test_an_organisation_admins_edit_waits_for_review_and_the_public_see_the_old_entry(
    client, staff_login
):
    organisation = Organisation.objects.create(name="Harbour Housing", slug="harbour-housing")
    admin = make_user("olive@example.org", organisation=organisation, role=Membership.Role.ADMIN)
    staff_login(client, admin)
    response = client.post(
        org_edit_url(organisation),
        org_form(organisation, description="Beds from Monday", **{"action-submit": "Submit"}),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description != "Beds from Monday"
    state = WorkflowState.objects.get(object_id=str(organisation.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    client.logout()
    assert "Beds from Monday" not in client.get(organisation.get_absolute_url()).content.decode()


def test_migrating_again_adds_nothing_twice():
    before = (Group.objects.count(), Workflow.objects.count(), _group_permissions("Editors"))
    call_command("migrate", verbosity=0)
    after = (Group.objects.count(), Workflow.objects.count(), _group_permissions("Editors"))
    assert after == before
