"""Every admin view of organisations and services asks the permission policy about the object
it shows: an organisation admin reaches only their own organisation's entry and services,
coordinators everything, editors nothing. The views are read from the registered viewsets, so
a view added later (by Wagtail or by us) is walked too, and fails until it is in the table."""

import pytest
from django.urls import reverse

from directory.models import Organisation, Service
from tests.admin_urls import admin_viewsets, is_refused, text_of, viewset_urls
from tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db

DRAFT = "Words only in the change waiting for approval"
BOTH = {Organisation, Service}

# For each view: on which of their own organisation's objects an organisation admin may use it.
# Coordinators may use every view but the chooser's "create" (snippet choosers have no creation
# form); editors, and organisation admins on another organisation's objects, none.
ORG_ADMIN_ON_OWN: dict[str, set] = {
    "list": BOTH,
    "list?export=csv": BOTH,
    "list_results": BOTH,
    "add": {Service},
    "edit": BOTH,
    "delete": set(),
    "usage": BOTH,
    "history": BOTH,
    "history_results": BOTH,
    "copy": {Service},
    "revisions_revert": BOTH,
    "revisions_compare": BOTH,
    "revisions_unschedule": set(),
    "unpublish": set(),
    # While their change waits in the coordinators' workflow, only coordinators (the task's
    # reviewers) lock and unlock it, and only they approve or reject.
    "lock": set(),
    "unlock": set(),
    "workflow_action": set(),
    "collect_workflow_action_data": set(),
    "confirm_workflow_cancellation": BOTH,
    "workflow_history": BOTH,
    "workflow_history_detail": BOTH,
    "choose": BOTH,
    "choose_results": BOTH,
    "chosen": BOTH,
    "chosen_multiple": BOTH,
    "create": set(),
}
NOBODY = {"create"}
POST_ONLY = {"lock", "unlock"}
# Views that answer with a list of objects, or the chosen ones: the object's name shows where
# the view is allowed, and must not where it is not.
LISTINGS = {
    "list",
    "list?export=csv",
    "list_results",
    "choose",
    "choose_results",
    "chosen",
    "chosen_multiple",
}


@pytest.fixture
def entries(organisation, org_admin):
    """Colne's entry and one of its services, each with a change waiting in the workflow."""
    service = ServiceFactory(organisation=organisation, name="Colne night shelter")
    for obj in (organisation, service):
        obj.description = DRAFT
        obj.save_revision(user=org_admin)
        obj.get_workflow().start(obj, org_admin)
    return {Organisation: organisation, Service: service}


def snippet_admin_urls(obj) -> dict[str, str]:
    """Every view of ``obj``'s snippet viewset and snippet chooser, by view name."""
    urls: dict[str, str] = {}
    for viewset in admin_viewsets(type(obj)):
        if viewset.url_namespace.startswith(("wagtailsnippets_", "wagtailsnippetchoosers_")):
            urls |= viewset_urls(viewset, obj)
    urls["list?export=csv"] = urls["list"] + "?export=csv"
    urls["chosen_multiple"] += f"?id={obj.pk}"
    return urls


def object_view_names(obj) -> set[str]:
    """The views of one object (its pk in the URL), as opposed to listings and forms."""
    names = set()
    for viewset in admin_viewsets(type(obj)):
        names |= set(viewset_urls(viewset, obj)) - set(viewset_urls(viewset))
    return names


def call(client, name, url):
    response = client.post(url) if name in POST_ONLY else client.get(url)
    return response, text_of(response)


def used(response, body, name, obj) -> bool:
    if response.status_code == 302:
        return not is_refused(response)
    return response.status_code == 200 and (name not in LISTINGS or obj.name in body)


def refused(response, body, name, obj) -> bool:
    if name in LISTINGS and response.status_code == 200:
        return obj.name not in body
    return is_refused(response)


def may_use(role, name, model, object_views) -> bool:
    if role == "coordinator":
        return name not in NOBODY
    if role == "org_admin":
        return model in ORG_ADMIN_ON_OWN[name]
    if role == "other_org_admin":
        # The views of no object (adding a service) work for them as for any organisation
        # admin; listings and choosers leave out the object.
        return name not in object_views | LISTINGS and model in ORG_ADMIN_ON_OWN[name]
    return False


@pytest.mark.parametrize("model", [Organisation, Service])
def test_every_admin_view_of_the_model_is_in_the_policy_table(entries, model):
    assert set(snippet_admin_urls(entries[model])) == set(ORG_ADMIN_ON_OWN)


@pytest.mark.parametrize("model", [Organisation, Service])
@pytest.mark.parametrize("role", ["org_admin", "coordinator", "other_org_admin", "editor"])
def test_each_admin_view_of_an_entry_follows_the_policy(
    request, client, staff_login, entries, model, role
):
    obj = entries[model]
    staff_login(client, request.getfixturevalue(role))
    object_views = object_view_names(obj)
    secrets = {entries[Organisation].name, entries[Service].name, DRAFT}
    wrong = []
    for name, url in snippet_admin_urls(obj).items():
        response, body = call(client, name, url)
        if may_use(role, name, model, object_views):
            ok = used(response, body, name, obj)
        elif role == "other_org_admin" and name in object_views:
            ok = response.status_code == 404  # not even that it exists
        else:
            ok = refused(response, body, name, obj)
        if role in ("other_org_admin", "editor"):
            ok = ok and not [secret for secret in secrets if secret in body]
        if not ok:
            wrong.append(f"{name} {url} -> {response.status_code} {response.get('Location', '')}")
    assert not wrong, f"{role} on {model.__name__}:\n" + "\n".join(wrong)


def test_a_refused_revision_compare_shows_nothing_of_the_waiting_change(
    client, staff_login, entries, other_org_admin
):
    url = reverse(
        "wagtailsnippets_directory_organisation:revisions_compare",
        args=[entries[Organisation].pk, "live", "latest"],
    )
    response = staff_login(client, other_org_admin).get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert DRAFT not in page and entries[Organisation].name not in page


def test_an_organisation_admin_sees_their_own_waiting_change_compared(
    client, staff_login, entries, org_admin
):
    url = reverse(
        "wagtailsnippets_directory_organisation:revisions_compare",
        args=[entries[Organisation].pk, "live", "latest"],
    )
    assert DRAFT in staff_login(client, org_admin).get(url).content.decode()


def test_another_organisations_lock_stays_as_it_is(client, staff_login, entries, other_org_admin):
    organisation = entries[Organisation]
    url = reverse("wagtailsnippets_directory_organisation:lock", args=[organisation.pk])
    assert staff_login(client, other_org_admin).post(url).status_code == 404
    organisation.refresh_from_db()
    assert not organisation.locked


def test_an_organisation_admin_locks_and_unlocks_their_own_entry(
    client, staff_login, org_admin, organisation
):
    staff_login(client, org_admin)
    for view, locked in (("lock", True), ("unlock", False)):
        url = reverse(f"wagtailsnippets_directory_organisation:{view}", args=[organisation.pk])
        assert not is_refused(client.post(url))
        organisation.refresh_from_db()
        assert organisation.locked is locked


def test_the_service_export_holds_only_the_organisation_admins_own_rows(
    client, staff_login, org_admin, organisation, other_organisation
):
    ServiceFactory(organisation=organisation, name="Ours to export")
    ServiceFactory(organisation=other_organisation, name="Theirs not to export")
    url = reverse("wagtailsnippets_directory_service:list") + "?export=csv"
    csv = text_of(staff_login(client, org_admin).get(url))
    assert "Ours to export" in csv and "Theirs not to export" not in csv


def test_the_organisation_chooser_search_finds_only_their_own(
    client, staff_login, org_admin, organisation, other_organisation
):
    url = reverse("wagtailsnippetchoosers_directory_organisation:choose_results")
    staff_login(client, org_admin)
    assert organisation.name in client.get(url, {"q": "Colne"}).content.decode()
    assert other_organisation.name not in client.get(url, {"q": "Harwich"}).content.decode()


def test_an_organisation_admin_searches_only_their_own_entries(
    client, staff_login, org_admin, organisation, other_organisation
):
    url = reverse("wagtailsnippets_directory_organisation:list")
    staff_login(client, org_admin)
    assert organisation.name in client.get(url, {"q": "Colne"}).content.decode()
    assert other_organisation.name not in client.get(url, {"q": "Harwich"}).content.decode()


def test_an_odd_object_id_is_not_found_rather_than_an_error(client, staff_login, coordinator):
    url = reverse(
        "wagtailsnippets_directory_organisation:revisions_compare", args=["x", "live", "latest"]
    )
    assert staff_login(client, coordinator).get(url).status_code == 404


class TestBulkDelete:
    def url(self, model, ids):
        opts = model._meta
        path = reverse("wagtail_bulk_action", args=[opts.app_label, opts.model_name, "delete"])
        return path + "?" + "&".join(f"id={i}" for i in ids)

    @pytest.mark.parametrize("role", ["other_org_admin", "editor"])
    def test_the_confirmation_names_nothing_they_may_not_reach(
        self, request, client, staff_login, entries, role
    ):
        staff_login(client, request.getfixturevalue(role))
        for model, obj in entries.items():
            response = client.get(self.url(model, [obj.pk]))
            assert response.status_code == 404 and obj.name not in response.content.decode()
            assert obj.name not in client.get(self.url(model, ["all"])).content.decode()

    def test_an_organisation_admin_deletes_nothing(self, client, staff_login, entries, org_admin):
        staff_login(client, org_admin)
        for model, obj in entries.items():
            client.post(self.url(model, [obj.pk]))
            assert model.objects.filter(pk=obj.pk).exists()

    def test_a_coordinator_deletes_a_service(self, client, staff_login, entries, coordinator):
        service = entries[Service]
        staff_login(client, coordinator)
        assert service.name in client.get(self.url(Service, [service.pk])).content.decode()
        client.post(self.url(Service, [service.pk]))
        assert not Service.objects.filter(pk=service.pk).exists()

    def test_an_odd_id_is_not_found(self, client, staff_login, coordinator):
        staff_login(client, coordinator)
        assert client.get(self.url(Service, ["x"])).status_code == 404
