import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from directory.models import Category, Location, Organisation, Service, TaxonomyTermMapping

pytestmark = pytest.mark.django_db

EXAMPLES = Path(__file__).resolve().parent.parent / "profile" / "examples"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, verbosity=0)
    return out.getvalue(), err.getvalue()


def test_the_shared_service_example_imports_with_its_organisation_location_and_terms():
    out, err = run("import_oruk", str(EXAMPLES / "service_full.json"))
    service = Service.objects.get(uuid="ac148810-d857-441c-9679-408f346de14b")
    assert service.name == "Community Counselling"
    assert service.organisation.name == "Example Organization Inc."
    assert service.organisation.company_number == "1234567"
    assert service.minimum_age == 12 and service.maximum_age == 100
    assert Location.objects.get(uuid="3a19ff88-4620-4d17-9830-ac1d859eb5d5").town == "MyCity"
    # Its term matches no local category: it waits for a coordinator, not in the public tree.
    term = TaxonomyTermMapping.objects.get(term_id="3f7b145d-84af-42d7-8fae-eaca714b02b2")
    assert list(term.waiting_services.all()) == [service]
    assert not service.categories.exists() and not Category.objects.exists()
    assert service.schedules.get().byday == "TH,FR"
    assert "created 1 services" in out and not err


def test_importing_the_same_file_twice_changes_nothing_new():
    run("import_oruk", str(EXAMPLES / "service_full.json"))
    counts = (Service.objects.count(), Organisation.objects.count(), Location.objects.count())
    out, _ = run("import_oruk", str(EXAMPLES / "service_full.json"))
    assert (Service.objects.count(), Organisation.objects.count(), Location.objects.count()) == (
        counts
    )
    assert "updated 1 services" in out


@pytest.mark.parametrize(
    "example",
    [
        "service_list.json",
        "organization_full.json",
        "organization_list.json",
        "taxonomy.json",
        "taxonomy_list.json",
        "taxonomy_term.json",
        "taxonomy_term_list.json",
        "service_at_location_full.json",
    ],
)
def test_every_shared_example_imports_without_errors(example):
    _, err = run("import_oruk", str(EXAMPLES / example))
    assert err == ""


def test_a_dry_run_changes_nothing():
    out, _ = run("import_oruk", str(EXAMPLES / "service_full.json"), "--dry-run")
    assert "Dry run" in out
    assert not Service.objects.exists() and not Organisation.objects.exists()


def test_a_bad_record_is_reported_and_skipped_and_the_rest_go_in(tmp_path):
    good = json.loads((EXAMPLES / "service_full.json").read_text())
    half_bad = dict(good, id="11111111-1111-4111-8111-111111111111", status="exploded")
    no_org = {"id": "22222222-2222-4222-8222-222222222222", "name": "Orphan", "status": "active"}
    not_uuid = dict(good, id="not-a-uuid")
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"contents": [half_bad, good, no_org, not_uuid]}))
    out, err = run("import_oruk", str(feed))
    assert list(Service.objects.values_list("name", flat=True)) == ["Community Counselling"]
    assert "11111111-1111-4111-8111-111111111111" in err and "status" in err
    assert "22222222-2222-4222-8222-222222222222" in err and "no organization" in err
    assert "not-a-uuid" in err
    assert "skipped 3 bad record(s)" in out


def test_a_bad_record_leaves_nothing_half_written(tmp_path):
    record = json.loads((EXAMPLES / "service_full.json").read_text())
    record["schedules"][0]["opens_at"] = "teatime"
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps([record]))
    _, err = run("import_oruk", str(feed))
    assert "teatime" in err
    assert not Service.objects.exists()
    assert not Organisation.objects.exists()
    assert not TaxonomyTermMapping.objects.exists()


def test_a_file_that_is_not_json_is_refused_clearly(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        run("import_oruk", str(broken))
    with pytest.raises(CommandError, match="No such file"):
        run("import_oruk", str(tmp_path / "missing.json"))
