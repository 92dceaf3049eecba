"""A coordinator's CSV import of services behaves like their own edits in the admin: each
change is a published revision in their name, in the service's history, and revertible."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.edit import EditAction
from wagtail.admin.utils import get_user_display_name
from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision

from directory.csv_import.resources import BASELINE_LOG_ACTION, IMPORT_LOG_ACTION, ServiceResource
from directory.models import Language, Service
from search.models import IndexUpdate
from tests.factories import CategoryFactory, ServiceFactory

pytestmark = pytest.mark.django_db


def export_rows(client) -> list[dict]:
    text = client.get(reverse("directory_export")).content.decode()
    return list(csv.DictReader(io.StringIO(text)))


def as_csv(rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0].keys()))
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode()


def upload(client, content: bytes, *, name="services.csv", dry_run=False):
    data: dict[str, object] = {"file": SimpleUploadedFile(name, content, content_type="text/csv")}
    if dry_run:
        data["dry_run"] = "on"
    # A good file is queued and the coordinator is taken to its status page (the test
    # settings run tasks at once, so that page already shows the outcome).
    return client.post(reverse("directory_import"), data, follow=True)


def revisions_of(service) -> list[Revision]:
    return list(Revision.objects.for_instance(service).order_by("created_at", "pk"))


def logs_of(service):
    return log_registry.get_logs_for_instance(service)


def changed(client, service, **values) -> bytes:
    rows = export_rows(client)
    for row in rows:
        if row["uuid"] == str(service.uuid):
            row.update(values)
    return as_csv(rows)


def test_a_changed_service_gets_one_published_revision_by_the_importing_coordinator(
    coordinator_client, coordinator, organisation
):
    service = ServiceFactory(organisation=organisation, name="Old name")
    upload(coordinator_client, changed(coordinator_client, service, name="New name"))
    service.refresh_from_db()
    assert service.name == "New name" and service.live
    imported = [r for r in revisions_of(service) if r.user_id == coordinator.pk]
    assert len(imported) == 1
    assert imported[0].content["name"] == "New name"
    assert service.live_revision == imported[0] == service.latest_revision
    assert not service.has_unpublished_changes


def test_the_import_shows_in_the_services_history_in_the_admin(
    coordinator_client, coordinator, organisation
):
    services = [ServiceFactory(organisation=organisation, name=name) for name in ("One", "Two")]
    rows = export_rows(coordinator_client)
    for row in rows:
        row["typical_wait"] = "A week"
    upload(coordinator_client, as_csv(rows))
    for service in services:
        url = reverse("wagtailsnippets_directory_service:history", args=[service.pk])
        page = coordinator_client.get(url).content.decode()
        listing = page[page.index('class="listing') :]
        assert "Imported from CSV" in listing
        assert "Published" in listing and "Live version" in listing
        assert get_user_display_name(coordinator) in listing


def test_an_import_can_be_compared_and_reverted_to_the_service_as_it_was(
    coordinator_client, coordinator, organisation
):
    service = ServiceFactory(organisation=organisation, name="Old name", phone="01206 000000")
    upload(
        coordinator_client,
        changed(coordinator_client, service, name="New name", phone="01206 111111"),
    )
    before, imported = revisions_of(service)
    assert before.content["name"] == "Old name" and imported.content["name"] == "New name"
    compare = reverse(
        "wagtailsnippets_directory_service:revisions_compare",
        args=[service.pk, before.pk, imported.pk],
    )
    assert "Old name" in coordinator_client.get(compare).content.decode()
    revert = reverse(
        "wagtailsnippets_directory_service:revisions_revert", args=[service.pk, before.pk]
    )
    assert "Old name" in coordinator_client.get(revert).content.decode()

    # What the admin's revert does: a new revision from the old one, published.
    EditAction(
        before.as_object(), user=coordinator, publish=True, previous_revision=before
    ).execute()
    service.refresh_from_db()
    assert (service.name, service.phone) == ("Old name", "01206 000000")


def test_a_service_already_edited_in_the_admin_needs_no_extra_revision_to_revert_to(
    coordinator_client, coordinator, organisation
):
    service = ServiceFactory(organisation=organisation, name="Old name")
    service.save_revision(user=coordinator).publish(user=coordinator)
    upload(coordinator_client, changed(coordinator_client, service, name="New name"))
    revisions = revisions_of(service)
    assert [r.content["name"] for r in revisions] == ["Old name", "New name"]
    assert not logs_of(service).filter(action=BASELINE_LOG_ACTION).exists()
    assert logs_of(service).filter(action=IMPORT_LOG_ACTION, user=coordinator).count() == 1


def test_an_imported_new_service_is_created_as_a_published_revision(
    coordinator_client, coordinator, organisation
):
    template = ServiceFactory(organisation=organisation, name="Template")
    rows = export_rows(coordinator_client)
    rows.append({**rows[0], "uuid": "", "name": "Brand new", "slug": "brand-new"})
    response = upload(coordinator_client, as_csv(rows))
    assert response.status_code == 200
    new = Service.objects.get(name="Brand new")
    assert new.live and new.uuid != template.uuid
    (revision,) = revisions_of(new)
    assert revision.user == coordinator and new.live_revision == revision
    assert logs_of(new).filter(action="directory.import_csv.create").exists()
    assert not revisions_of(template)  # its row was unchanged


def test_categories_and_languages_in_the_file_are_saved(coordinator_client, organisation):
    service = ServiceFactory(organisation=organisation)
    CategoryFactory(slug="safe-houses")
    CategoryFactory(slug="legal-advice", name="Legal advice")
    Language.objects.create(code="pl", name="Polish")
    upload(
        coordinator_client,
        changed(coordinator_client, service, categories="safe-houses|legal-advice", languages="pl"),
    )
    service.refresh_from_db()
    assert {c.slug for c in service.categories.all()} == {"safe-houses", "legal-advice"}
    assert [lang.code for lang in service.languages.all()] == ["pl"]
    assert sorted(revisions_of(service)[-1].content["categories"]) == sorted(
        c.pk for c in service.categories.all()
    )


def test_unchanged_rows_create_no_revision_and_are_reported_as_unchanged(
    coordinator_client, organisation
):
    ServiceFactory(organisation=organisation, name="One", categories=[CategoryFactory()])
    ServiceFactory(organisation=organisation, name="Two", last_reviewed=timezone.localdate())
    response = upload(coordinator_client, as_csv(export_rows(coordinator_client)))
    assert not Revision.objects.exists()
    assert "2 unchanged" in response.content.decode()


def test_a_dry_run_changes_nothing_and_creates_no_revision(coordinator_client, organisation):
    service = ServiceFactory(organisation=organisation, name="Old name")
    IndexUpdate.objects.all().delete()
    rows = export_rows(coordinator_client)
    rows[0]["name"] = "New name"
    rows.append({**rows[0], "uuid": "", "name": "Brand new", "slug": "brand-new"})
    response = upload(coordinator_client, as_csv(rows), dry_run=True)
    page = response.content.decode()
    assert "Checked, nothing changed" in page and "1 would be added" in page
    service.refresh_from_db()
    assert service.name == "Old name"
    assert not Service.objects.filter(name="Brand new").exists()
    assert not Revision.objects.exists()
    assert not IndexUpdate.objects.exists()


def test_a_service_locked_by_someone_else_is_refused_and_the_other_rows_go_in(
    coordinator_client, coordinator, org_admin, organisation
):
    locked = ServiceFactory(organisation=organisation, name="Locked one")
    free = ServiceFactory(organisation=organisation, name="Free one")
    Service.objects.filter(pk=locked.pk).update(
        locked=True, locked_by=org_admin, locked_at=timezone.now()
    )
    rows = export_rows(coordinator_client)
    for row in rows:
        row["typical_wait"] = "A week"
    page = upload(coordinator_client, as_csv(rows)).content.decode()
    assert "Not imported" in page
    assert f"Locked one: it is locked by {org_admin}" in page
    assert "1 changed, 1 refused" in page
    locked.refresh_from_db()
    free.refresh_from_db()
    assert locked.typical_wait == "" and not revisions_of(locked)
    assert free.typical_wait == "A week"


def test_a_service_locked_by_the_importing_coordinator_is_imported(
    coordinator_client, coordinator, organisation
):
    service = ServiceFactory(organisation=organisation, name="Mine")
    Service.objects.filter(pk=service.pk).update(locked=True, locked_by=coordinator)
    upload(coordinator_client, changed(coordinator_client, service, typical_wait="A day"))
    service.refresh_from_db()
    assert service.typical_wait == "A day"


def test_a_service_with_changes_waiting_for_approval_is_refused(
    coordinator_client, org_admin, organisation
):
    service = ServiceFactory(organisation=organisation, name="Pending")
    service.description = "An organisation admin's change"
    revision = service.save_revision(user=org_admin)
    service.get_workflow().start(service, org_admin)
    csv_bytes = changed(coordinator_client, service, description="From the spreadsheet")
    page = upload(coordinator_client, csv_bytes).content.decode()
    assert "Pending: it has changes waiting for a coordinator&#x27;s approval" in page
    service.refresh_from_db()
    assert service.latest_revision == revision
    assert service.description == "Helps."


def test_a_service_with_an_unpublished_draft_is_refused(
    coordinator_client, org_admin, organisation
):
    service = ServiceFactory(organisation=organisation, name="Drafted")
    service.description = "Half-done words"
    service.save_revision(user=org_admin)
    page = upload(
        coordinator_client, changed(coordinator_client, service, description="From the sheet")
    ).content.decode()
    assert "Drafted: it has a saved draft that is not published yet" in page


def test_a_service_scheduled_to_change_is_refused(coordinator_client, coordinator, organisation):
    service = ServiceFactory(organisation=organisation, name="Scheduled")
    revision = service.save_revision(user=coordinator, changed=False)
    revision.approved_go_live_at = timezone.now() + timedelta(days=3)
    revision.save()
    page = upload(
        coordinator_client, changed(coordinator_client, service, description="From the sheet")
    ).content.decode()
    assert "Scheduled: it has changes scheduled to go live" in page


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("organisation", "no-such-org", "There is no organisation with the slug “no-such-org”"),
        ("categories", "safe-houses|nonsense", "There is no category with the slug “nonsense”"),
        ("languages", "xx", "There is no language with the code “xx”"),
        ("status", "open-ish", "Value &#x27;open-ish&#x27; is not a valid choice"),
        ("uuid", "not-an-id", "“not-an-id” is not a valid ID"),
        ("minimum_age", "three", "minimum_age: “three” is not a number."),
    ],
)
def test_a_bad_row_is_named_with_its_reason_and_nothing_is_written(
    coordinator_client, organisation, column, value, message
):
    CategoryFactory(slug="safe-houses")
    first = ServiceFactory(organisation=organisation, name="First")
    ServiceFactory(organisation=organisation, name="Second")
    rows = export_rows(coordinator_client)
    rows[0]["name"] = "First, renamed"
    rows[1][column] = value
    page = upload(coordinator_client, as_csv(rows)).content.decode()
    assert "Nothing was imported" in page
    assert "Row 2:" in page and message in page, page[page.find("Nothing") :][:800]
    first.refresh_from_db()
    assert first.name == "First"
    assert not Revision.objects.exists()


def test_a_service_listed_twice_is_a_bad_row(coordinator_client, organisation):
    service = ServiceFactory(organisation=organisation, name="Twice")
    rows = export_rows(coordinator_client)
    rows.append({**rows[0], "name": "Twice, again"})
    page = upload(coordinator_client, as_csv(rows)).content.decode()
    assert "Row 2: uuid: This ID is also in row 1" in page
    service.refresh_from_db()
    assert service.name == "Twice" and not Revision.objects.exists()


def test_the_export_makes_the_same_queries_however_many_services(coordinator_client, organisation):
    category = CategoryFactory()
    ServiceFactory(organisation=organisation, categories=[category])
    with CaptureQueriesContext(connection) as one:
        export_rows(coordinator_client)
    for _ in range(5):
        ServiceFactory(organisation=organisation, categories=[category])
    with CaptureQueriesContext(connection) as six:
        rows = export_rows(coordinator_client)
    assert len(rows) == 6 and all(row["categories"] == category.slug for row in rows)
    assert len(six) == len(one)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("services.xlsx", b"PK\x03\x04 binary", "Upload a .csv file"),
        ("services.csv", b"\xff\xfe\x00b\x00a\x00d", "not UTF-8 text"),
        ("services.csv", b"name,slug\nA,a\n", "missing: uuid, organisation"),
        ("services.csv", b"uuid,organisation,name,slug\n,a,b,c,d,e\n", "could not be read"),
    ],
)
def test_a_file_that_is_not_a_services_csv_is_refused_before_any_row(
    coordinator_client, organisation, name, content, message
):
    page = upload(coordinator_client, content, name=name).content.decode()
    assert message in page
    assert not Revision.objects.exists()


def test_a_huge_file_is_refused(coordinator_client, organisation):
    content = b"uuid,organisation,name,slug\n" + b",x,y,z\n" * 400_000
    page = upload(coordinator_client, content).content.decode()
    assert "larger than 2 MB" in page


def test_a_file_of_more_rows_than_one_import_takes_is_refused(coordinator_client, organisation):
    from directory.csv_import.forms import CSVImportForm
    from directory.models import CSVImport

    rows = CSVImportForm.MAX_ROWS + 1
    content = b"uuid,organisation,name,slug\n" + b",x,y,z\n" * rows
    page = upload(coordinator_client, content).content.decode()
    assert f"The file has {rows:,} rows; import at most 2,000 at a time." in page
    assert not CSVImport.objects.exists() and not Revision.objects.exists()


def test_the_import_queues_the_changed_services_for_the_search_index(
    coordinator_client, organisation
):
    service = ServiceFactory(organisation=organisation, name="Old name")
    other = ServiceFactory(organisation=organisation, name="Untouched")
    IndexUpdate.objects.all().delete()
    upload(coordinator_client, changed(coordinator_client, service, name="New name"))
    queued = set(IndexUpdate.objects.values_list("object_id", flat=True))
    assert str(service.pk) in queued and str(other.pk) not in queued


def test_an_imported_change_is_found_by_search(
    client, coordinator, staff_login, organisation, index_now
):
    service = ServiceFactory(organisation=organisation, name="Old name")
    staff_login(client, coordinator)
    upload(client, changed(client, service, name="Zanzibar advice line"))
    index_now()
    client.logout()
    page = client.get(reverse("directory:index"), {"q": "Zanzibar"}).content.decode()
    assert "Zanzibar advice line" in page


def test_organisation_admins_cannot_import(client, org_admin, staff_login, organisation):
    staff_login(client, org_admin)
    response = client.post(reverse("directory_import"), {})
    assert response.status_code in (302, 403)


def _import_queries(coordinator, rows) -> int:
    import tablib

    dataset = tablib.Dataset(headers=list(rows[0].keys()))
    for row in rows:
        dataset.append(list(row.values()))
    with CaptureQueriesContext(connection) as queries:
        result = ServiceResource(user=coordinator).import_data(
            dataset, dry_run=False, use_transactions=True, rollback_on_validation_errors=True
        )
    assert not result.has_errors() and not result.has_validation_errors()
    return len(queries)


def test_the_import_makes_a_bounded_number_of_queries_per_row(
    coordinator_client, coordinator, organisation
):
    services = [ServiceFactory(organisation=organisation, name=f"Service {n}") for n in range(12)]
    for service in services:
        service.save_revision(user=coordinator).publish(user=coordinator)
    rows = export_rows(coordinator_client)
    counts = {}
    for size, wait in ((3, "Two days"), (6, "Three days"), (12, "Four days")):
        for row in rows:
            row["typical_wait"] = wait
        counts[size] = _import_queries(coordinator, rows[:size])
    per_row = (counts[6] - counts[3]) / 3
    assert counts[12] == counts[6] + 6 * per_row  # the same for every row
    assert per_row <= 100  # about what one edit and publish in the admin costs


def test_unchanged_rows_cost_only_a_few_queries_each(coordinator_client, coordinator, organisation):
    for n in range(12):
        ServiceFactory(organisation=organisation, name=f"Service {n}")
    rows = export_rows(coordinator_client)
    counts = {size: _import_queries(coordinator, rows[:size]) for size in (3, 6, 12)}
    per_row = (counts[6] - counts[3]) / 3
    assert counts[12] == counts[6] + 6 * per_row
    assert per_row <= 6  # a savepoint and a look at the row, no revision work
