"""A coordinator's CSV import runs in the background: the upload is checked at once, the
import is queued with its uploader, and a status page (any coordinator's, nobody else's)
follows it to its outcome."""

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from wagtail.models import Revision

from accounts import policy
from conftest import make_user
from directory.csv_import import tasks
from directory.models import CSVImport, Service
from directory.tests.test_csv_import import as_csv, changed, export_rows, revisions_of, upload
from tests.factories import CategoryFactory, ServiceFactory

pytestmark = pytest.mark.django_db

ON_THE_QUEUE = override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})


@pytest.fixture
def second_coordinator(organisation):
    return make_user("cody@example.org", organisation=organisation, group=policy.COORDINATORS)


def post(client, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload_file = SimpleUploadedFile("services.csv", content, content_type="text/csv")
    return client.post(reverse("directory_import"), {"file": upload_file})


def queued_rename(client, organisation) -> tuple[Service, CSVImport]:
    """A service "Old name", and the queued import (not run yet) that renames it "New name"."""
    service = ServiceFactory.create(organisation=organisation, name="Old name")
    with ON_THE_QUEUE:
        post(client, changed(client, service, name="New name"))
    return service, CSVImport.objects.get()


def imported_rename(client, organisation) -> CSVImport:
    """The import, run at once, that renamed a service "Old name" to "New name"."""
    service = ServiceFactory(organisation=organisation, name="Old name")
    upload(client, changed(client, service, name="New name"))
    return CSVImport.objects.get()


def status_page(client, csv_import) -> str:
    return client.get(csv_import.get_absolute_url()).content.decode()


def test_an_upload_is_queued_with_its_coordinator_and_shows_as_queued(
    coordinator_client, coordinator, organisation
):
    service = ServiceFactory(organisation=organisation, name="Old name")
    content = changed(coordinator_client, service, name="New name")
    with ON_THE_QUEUE:
        response = post(coordinator_client, content)
        csv_import = CSVImport.objects.get()
        assert response.status_code == 302
        assert response["Location"] == csv_import.get_absolute_url()
        assert csv_import.user == coordinator and csv_import.status == CSVImport.Status.QUEUED
        assert csv_import.text == content.decode() and csv_import.row_count == 1
        queued = DBTaskResult.objects.get(task_path="directory.csv_import.tasks.import_services")
        assert queued.args_kwargs["args"] == [csv_import.pk]
        page = coordinator_client.get(csv_import.get_absolute_url())
    assert "Queued" in page.content.decode() and "refresh it now" in page.content.decode()
    assert page["Refresh"] == "3"
    service.refresh_from_db()
    assert service.name == "Old name"  # nothing changes in the request


def test_a_queued_import_run_by_a_worker_publishes_revisions_by_the_uploader(
    coordinator_client, coordinator, organisation
):
    service, csv_import = queued_rename(coordinator_client, organisation)
    assert tasks.import_services.call(csv_import.pk) == CSVImport.Status.DONE
    service.refresh_from_db()
    assert service.name == "New name" and service.live
    assert service.live_revision.user == coordinator
    response = coordinator_client.get(csv_import.get_absolute_url())
    page = response.content.decode()
    assert "Imported: 1 changed" in page
    assert reverse("wagtailsnippets_directory_service:history", args=[service.pk]) in page
    assert "Refresh" not in response  # finished: the page stops reloading


def test_the_status_page_lists_the_refused_rows_with_their_reasons(
    coordinator_client, org_admin, organisation
):
    locked = ServiceFactory(organisation=organisation, name="Locked one")
    ServiceFactory(organisation=organisation, name="Free one")
    Service.objects.filter(pk=locked.pk).update(locked=True, locked_by=org_admin)
    rows = export_rows(coordinator_client)
    for row in rows:
        row["typical_wait"] = "A week"
    response = upload(coordinator_client, as_csv(rows))
    assert response.redirect_chain[-1][0] == CSVImport.objects.get().get_absolute_url()
    page = response.content.decode()
    assert "Imported: 1 changed, 1 refused" in page
    assert "Row 1, Locked one: it is locked by" in page


def test_running_an_import_again_changes_nothing_more(
    coordinator_client, coordinator, organisation
):
    service = ServiceFactory(organisation=organisation, name="Old name")
    content = changed(coordinator_client, service, name="New name")
    upload(coordinator_client, content)
    first = CSVImport.objects.get()
    revisions = len(revisions_of(service))
    # A retried task finds its import done and leaves it.
    assert tasks.import_services.call(first.pk) == CSVImport.Status.DONE
    # The same file uploaded again is all unchanged rows.
    page = upload(coordinator_client, content).content.decode()
    assert "Imported: 1 unchanged" in page
    assert len(revisions_of(service)) == revisions


def test_the_files_text_is_not_kept_once_the_import_is_done_or_failed(
    coordinator_client, coordinator, organisation
):
    service = ServiceFactory(organisation=organisation, name="Old name")
    with ON_THE_QUEUE:
        post(coordinator_client, changed(coordinator_client, service, name="New name"))
        post(coordinator_client, changed(coordinator_client, service, name="Other name"))
    done, failed = CSVImport.objects.order_by("pk")
    assert "New name" in done.text  # kept while queued: any worker may need it
    assert tasks.import_services.call(done.pk) == CSVImport.Status.DONE
    coordinator.groups.clear()
    assert tasks.import_services.call(failed.pk) == CSVImport.Status.FAILED
    for csv_import in (done, failed):
        csv_import.refresh_from_db()
        assert csv_import.text == "" and csv_import.file_name
    # A finished import run again is left as it is.
    assert tasks.import_services.call(failed.pk) == CSVImport.Status.FAILED


def test_an_import_that_stopped_half_way_runs_again_from_a_clean_start(
    coordinator_client, organisation
):
    service, csv_import = queued_rename(coordinator_client, organisation)
    csv_import.mark_running()  # a worker that died with it: its transaction rolled back
    assert tasks.import_services.call(csv_import.pk) == CSVImport.Status.DONE
    service.refresh_from_db()
    assert service.name == "New name"


def test_a_row_that_became_invalid_while_queued_fails_the_whole_import_with_its_reason(
    coordinator_client, organisation
):
    category = CategoryFactory(slug="safe-houses")
    first = ServiceFactory(organisation=organisation, name="First")
    ServiceFactory(organisation=organisation, name="Second", categories=[category])
    rows = export_rows(coordinator_client)
    rows[0]["name"] = "First, renamed"
    rows[1]["typical_wait"] = "A week"
    with ON_THE_QUEUE:
        post(coordinator_client, as_csv(rows))
    category.slug = "refuges"
    category.save()
    csv_import = CSVImport.objects.get()
    assert tasks.import_services.call(csv_import.pk) == CSVImport.Status.FAILED
    page = status_page(coordinator_client, csv_import)
    assert "Failed" in page and "Nothing was imported" in page
    assert "Row 2: categories: There is no category with the slug “safe-houses”" in page
    first.refresh_from_db()
    assert first.name == "First" and not Revision.objects.exists()


def test_an_error_during_the_import_is_recorded_and_nothing_is_written(
    coordinator_client, organisation, monkeypatch
):
    service, csv_import = queued_rename(coordinator_client, organisation)
    from directory.csv_import import resources

    original = resources.ServiceResource._save_as_admin_edit

    def save_then_break(self, instance, is_create):
        original(self, instance, is_create)  # the revision is written, then the crash
        raise RuntimeError("the database went away")

    monkeypatch.setattr(resources.ServiceResource, "_save_as_admin_edit", save_then_break)
    assert tasks.import_services.call(csv_import.pk) == CSVImport.Status.FAILED
    page = status_page(coordinator_client, csv_import)
    assert "Nothing was imported" in page and "Row 1: the database went away" in page
    service.refresh_from_db()
    assert service.name == "Old name" and not Revision.objects.exists()


def test_if_the_outcome_cannot_be_recorded_the_import_is_undone_and_marked_failed(
    coordinator_client, organisation, monkeypatch
):
    service, csv_import = queued_rename(coordinator_client, organisation)

    def broken_finish(self, result):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(CSVImport, "finish", broken_finish)
    assert tasks.import_services.call(csv_import.pk) == CSVImport.Status.FAILED
    page = status_page(coordinator_client, csv_import)
    assert "Nothing was imported" in page and "RuntimeError: the disk is full" in page
    service.refresh_from_db()
    assert service.name == "Old name" and not Revision.objects.exists()


def test_an_import_whose_uploader_is_no_longer_a_coordinator_is_not_run(
    coordinator_client, coordinator, organisation
):
    service, csv_import = queued_rename(coordinator_client, organisation)
    coordinator.groups.remove(Group.objects.get(name=policy.COORDINATORS))
    assert tasks.import_services.call(csv_import.pk) == CSVImport.Status.FAILED
    csv_import.refresh_from_db()
    assert "can no longer manage the directory" in csv_import.error
    service.refresh_from_db()
    assert service.name == "Old name"


@pytest.mark.parametrize(
    "content",
    [
        b"name,slug\nA,a\n",  # not a services file
        None,  # a file with an invalid row
    ],
)
def test_a_bad_file_is_rejected_before_anything_is_queued(
    coordinator_client, organisation, content
):
    service = ServiceFactory(organisation=organisation, name="Old name")
    if content is None:
        content = changed(coordinator_client, service, organisation="no-such-org")
    with ON_THE_QUEUE:
        response = post(coordinator_client, content)
    assert response.status_code == 200
    assert not CSVImport.objects.exists() and not DBTaskResult.objects.exists()


def test_a_check_only_upload_queues_nothing(coordinator_client, organisation):
    service = ServiceFactory(organisation=organisation, name="Old name")
    content = changed(coordinator_client, service, name="New name")
    with ON_THE_QUEUE:
        page = upload(coordinator_client, content, dry_run=True).content.decode()
    assert "Checked, nothing changed: 1 would be changed" in page
    assert not CSVImport.objects.exists() and not DBTaskResult.objects.exists()


def test_coordinators_follow_each_others_imports(
    client, coordinator_client, second_coordinator, organisation, staff_login
):
    csv_import = imported_rename(coordinator_client, organisation)
    staff_login(client, second_coordinator)
    assert "Imported: 1 changed" in status_page(client, csv_import)
    assert csv_import.file_name in client.get(reverse("directory_import_list")).content.decode()


@pytest.mark.parametrize("role", ["org_admin", "editor", "member"])
def test_nobody_but_coordinators_sees_import_pages(
    request, client, staff_login, coordinator_client, organisation, role
):
    csv_import = imported_rename(coordinator_client, organisation)
    user = request.getfixturevalue(role)
    if role == "member":
        client.force_login(user)
    else:
        staff_login(client, user)
    for url in (csv_import.get_absolute_url(), reverse("directory_import_list")):
        response = client.get(url)
        assert response.status_code in (302, 403)
        if response.status_code == 302:  # no admin access at all: off to sign in
            assert "login" in response["Location"]
        else:
            assert role != "member"
        assert csv_import.file_name not in response.content.decode()


def test_org_admins_and_editors_get_403_on_a_status_page(
    client, staff_login, coordinator_client, org_admin, editor, organisation
):
    csv_import = imported_rename(coordinator_client, organisation)
    for user in (org_admin, editor):
        staff_login(client, user)
        assert client.get(csv_import.get_absolute_url()).status_code == 403


def test_the_import_page_and_the_menu_lead_to_recent_imports(coordinator_client, organisation):
    imported_rename(coordinator_client, organisation)
    list_url = reverse("directory_import_list")
    assert list_url in coordinator_client.get(reverse("directory_import")).content.decode()
    assert list_url in coordinator_client.get(reverse("wagtailadmin_home")).content.decode()


def test_the_import_pages_make_the_same_queries_however_many_imports(
    coordinator_client, coordinator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n):
        for _ in range(n):
            CSVImport.objects.create(
                user=coordinator,
                file_name="services.csv",
                text="uuid\n",
                status=CSVImport.Status.DONE,
                result={"totals_text": "1 changed", "changed_rows": [], "refused": []},
            )

    make(1)
    url = reverse("directory_import_list")
    with CaptureQueriesContext(connection) as one:
        coordinator_client.get(url)
    make(5)
    with CaptureQueriesContext(connection) as six:
        page = coordinator_client.get(url).content.decode()
    assert page.count("1 changed") == 6
    assert len(six) == len(one)


def test_a_status_page_makes_the_same_queries_however_many_rows_changed(
    coordinator_client, coordinator
):
    def status_queries(n: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        rows = [{"name": f"Service {i}", "is_new": False, "service_id": i + 1} for i in range(n)]
        refused = [{"number": i, "name": f"Held {i}", "reason": "locked"} for i in range(n)]
        csv_import = CSVImport.objects.create(
            user=coordinator,
            file_name="services.csv",
            text="uuid\n",
            status=CSVImport.Status.DONE,
            result={"totals_text": f"{n} changed", "changed_rows": rows, "refused": refused},
        )
        with CaptureQueriesContext(connection) as queries:
            page = status_page(coordinator_client, csv_import)
        assert page.count(": changed") == n and page.count(": locked.") == n
        return len(queries)

    assert status_queries(1) == status_queries(6)


def test_the_check_on_upload_costs_a_few_queries_a_row_and_writes_nothing(
    coordinator_client, coordinator, organisation
):
    import tablib
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from directory.csv_import.resources import check_csv

    category = CategoryFactory()
    for n in range(12):
        ServiceFactory(organisation=organisation, name=f"Service {n}", categories=[category])
    rows = export_rows(coordinator_client)
    for row in rows:
        row["typical_wait"] = "A fortnight"

    def check_queries(size: int) -> int:
        dataset = tablib.Dataset(headers=list(rows[0].keys()))
        for row in rows[:size]:
            dataset.append(list(row.values()))
        with CaptureQueriesContext(connection) as queries:
            check = check_csv(dataset, coordinator)
        assert check["totals_text"] == f"{size} would be changed"
        assert not any(q["sql"].startswith(("INSERT", "UPDATE")) for q in queries)
        return len(queries)

    counts = {size: check_queries(size) for size in (3, 6, 12)}
    per_row = (counts[6] - counts[3]) / 3
    assert counts[12] == counts[6] + 6 * per_row
    # Validation (the organisation, the uuid and slug unique), the refusal look-ups
    # (workflow, schedule) and a savepoint: the check must answer the upload itself,
    # thousands of rows within a web worker's 30 seconds.
    assert per_row <= 8
    assert not Revision.objects.exists()


def test_an_import_running_for_far_too_long_says_its_worker_probably_stopped(
    coordinator_client, coordinator
):
    from datetime import timedelta

    from django.utils import timezone

    csv_import = CSVImport.objects.create(
        user=coordinator, file_name="services.csv", text="uuid\n", status="running"
    )
    CSVImport.objects.filter(pk=csv_import.pk).update(started_at=timezone.now())
    assert "probably stopped" not in status_page(coordinator_client, csv_import)
    CSVImport.objects.filter(pk=csv_import.pk).update(
        started_at=timezone.now() - timedelta(hours=1)
    )
    assert "probably stopped" in status_page(coordinator_client, csv_import)
