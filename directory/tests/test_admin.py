"""The directory in Wagtail's admin, from every side: who may edit what, and drafts that
wait for a coordinator before they reach the public site."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import WorkflowState

from directory.models import ListingReport, Organisation, Service
from tests.admin_urls import is_refused
from tests.factories import LocationFactory, ServiceFactory
from tests.wagtail_admin import org_edit_url, org_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, staff_login):
    def sign_in(user):
        staff_login(client, user)
        return client

    return sign_in


def service_edit_url(service):
    return reverse("wagtailsnippets_directory_service:edit", args=[service.pk])


def test_an_organisation_admin_can_open_their_own_entry(admin_client, org_admin, organisation):
    assert admin_client(org_admin).get(org_edit_url(organisation)).status_code == 200


def test_an_organisation_admin_cannot_open_another_organisations_entry(
    admin_client, other_org_admin, organisation
):
    assert is_refused(admin_client(other_org_admin).get(org_edit_url(organisation)))


def test_an_organisation_admin_cannot_edit_another_organisations_service(
    admin_client, other_org_admin, organisation
):
    service = ServiceFactory(organisation=organisation)
    response = admin_client(other_org_admin).post(service_edit_url(service), {"name": "Hijacked"})
    assert is_refused(response)
    service.refresh_from_db()
    assert service.name != "Hijacked"


def test_an_organisation_admin_lists_only_their_own_services(
    admin_client, org_admin, organisation, other_organisation
):
    ServiceFactory(organisation=organisation, name="Ours")
    ServiceFactory(organisation=other_organisation, name="Theirs")
    page = admin_client(org_admin).get(reverse("wagtailsnippets_directory_service:list"))
    assert "Ours" in page.content.decode() and "Theirs" not in page.content.decode()


def test_a_member_who_is_not_an_admin_cannot_reach_the_directory_admin(
    admin_client, member, organisation
):
    response = admin_client(member).get(org_edit_url(organisation))
    assert response.status_code in (302, 403) and response.status_code != 200


def test_an_organisation_admins_change_waits_for_a_coordinator(
    admin_client, org_admin, organisation, client
):
    response = admin_client(org_admin).post(
        org_edit_url(organisation),
        org_form(organisation, description="New words", **{"action-submit": "Submit"}),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    organisation.refresh_from_db()
    assert organisation.description != "New words"  # the live row is untouched
    assert organisation.latest_revision.content["description"] == "New words"
    assert WorkflowState.objects.filter(
        object_id=str(organisation.pk), status=WorkflowState.STATUS_IN_PROGRESS
    ).exists()
    client.logout()
    assert "New words" not in client.get(organisation.get_absolute_url()).content.decode()


def test_an_organisation_admin_cannot_publish_or_suspend(admin_client, org_admin, organisation):
    admin_client(org_admin).post(
        org_edit_url(organisation),
        org_form(
            organisation, description="Sneaky", status="suspended", **{"action-publish": "Publish"}
        ),
    )
    organisation.refresh_from_db()
    assert organisation.description != "Sneaky"
    assert organisation.status == Organisation.Status.ACTIVE
    revision = organisation.latest_revision
    assert revision is None or revision.content["status"] == "active"


def test_a_coordinator_publishes_a_change_directly(admin_client, coordinator, organisation):
    response = admin_client(coordinator).post(
        org_edit_url(organisation),
        org_form(organisation, description="Checked", **{"action-publish": "Publish"}),
    )
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.description == "Checked"


def test_a_coordinator_can_suspend_an_organisation(admin_client, coordinator, organisation):
    admin_client(coordinator).post(
        org_edit_url(organisation),
        org_form(organisation, status="suspended", **{"action-publish": "Publish"}),
    )
    organisation.refresh_from_db()
    assert organisation.is_suspended


def test_only_coordinators_verify_organisations(admin_client, coordinator, org_admin, organisation):
    url = reverse("directory_verify_organisation", args=[organisation.pk])
    assert is_refused(admin_client(org_admin).post(url))
    organisation.refresh_from_db()
    assert organisation.verified_at is None
    admin_client(coordinator).post(url)
    organisation.refresh_from_db()
    assert organisation.verified_by == coordinator and not organisation.is_review_overdue


def test_coordinators_see_overdue_reviews_and_open_reports_on_the_dashboard(
    admin_client, coordinator, organisation
):
    ListingReport.objects.create(organisation=organisation, reason="closed")
    page = admin_client(coordinator).get(reverse("wagtailadmin_home")).content.decode()
    assert "review" in page and "overdue" in page
    assert organisation.name in page


def test_the_overdue_filter_lists_only_overdue_entries(
    admin_client, coordinator, organisation, other_organisation
):
    other_organisation.verify(coordinator)
    url = reverse("wagtailsnippets_directory_organisation:list") + "?review_overdue=true"
    page = admin_client(coordinator).get(url).content.decode()
    assert organisation.name in page and other_organisation.name not in page


def test_organisation_admins_cannot_see_the_problem_report_queue(
    admin_client, org_admin, organisation
):
    ListingReport.objects.create(organisation=organisation, reason="closed")
    url = reverse("wagtailsnippets_directory_listingreport:list")
    assert is_refused(admin_client(org_admin).get(url))


def test_only_coordinators_edit_the_taxonomy(admin_client, coordinator, org_admin):
    url = reverse("wagtailsnippets_directory_category:add")
    assert is_refused(admin_client(org_admin).get(url))
    assert admin_client(coordinator).get(url).status_code == 200


def test_only_coordinators_export_and_import_csv(
    admin_client, coordinator, org_admin, organisation
):
    ServiceFactory(organisation=organisation, name="Exported service")
    url = reverse("directory_export")
    assert is_refused(admin_client(org_admin).get(url))
    response = admin_client(coordinator).get(url)
    assert "Exported service" in response.content.decode()


def test_a_csv_import_updates_services_by_id(admin_client, coordinator, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    service = ServiceFactory(organisation=organisation, name="Old name")
    client = admin_client(coordinator)
    csv = client.get(reverse("directory_export")).content.decode().replace("Old name", "New name")
    client.post(
        reverse("directory_import"),
        {"file": SimpleUploadedFile("services.csv", csv.encode(), content_type="text/csv")},
    )
    service.refresh_from_db()
    assert service.name == "New name"
    assert Service.objects.count() == 1


@pytest.fixture
def two_locations(organisation, other_organisation):
    return (
        LocationFactory(organisation=organisation, name="Colne refuge house"),
        LocationFactory(organisation=other_organisation, name="Harwich hostel", town="Harwich"),
    )


def service_form_for(user, service):
    from directory.models import Service
    from directory.wagtail_hooks import ServiceViewSet

    form_class = ServiceViewSet.edit_handler.bind_to_model(Service).get_form_class()
    return form_class(instance=service, for_user=user)


def location_choices(form) -> set[str]:
    formset = form.formsets["service_at_locations"]
    fields = [f.fields["location"] for f in [*formset.forms, formset.empty_form]]
    return {str(loc) for field in fields for loc in field.queryset}


def test_an_organisation_admin_is_offered_only_their_own_locations(
    admin_client, org_admin, organisation, two_locations
):
    service = ServiceFactory(organisation=organisation, at=two_locations[0])
    client = admin_client(org_admin)
    for url in (service_edit_url(service), reverse("wagtailsnippets_directory_service:add")):
        page = client.get(url).content.decode()
        assert "Colne refuge house, Colchester" in page
        assert "Harwich hostel" not in page
    assert location_choices(service_form_for(org_admin, service)) == {
        "Colne refuge house, Colchester"
    }


def test_a_coordinator_is_offered_every_location(
    admin_client, coordinator, organisation, two_locations
):
    service = ServiceFactory(organisation=organisation)
    page = admin_client(coordinator).get(service_edit_url(service)).content.decode()
    assert "Colne refuge house, Colchester" in page and "Harwich hostel, Harwich" in page
    assert location_choices(service_form_for(coordinator, service)) == {
        "Colne refuge house, Colchester",
        "Harwich hostel, Harwich",
    }


def test_another_organisations_location_is_refused_for_an_organisation_admin(
    org_admin, organisation, two_locations
):
    service = ServiceFactory(organisation=organisation)
    formset = service_form_for(org_admin, service).formsets["service_at_locations"]
    field = formset.empty_form.fields["location"]
    field.clean(two_locations[0].pk)  # their own: fine
    with pytest.raises(ValidationError):
        field.clean(two_locations[1].pk)
