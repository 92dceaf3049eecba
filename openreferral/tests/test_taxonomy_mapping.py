"""An Open Referral import maps the feed's taxonomy terms onto the local taxonomy (same id,
then same vocabulary and code, then same name) and holds the rest for a coordinator, instead
of putting a second, parallel category tree into the public filters."""

import io
import json
import uuid
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse

from directory.models import Category, Service, TaxonomyTermMapping
from tests.factories import CategoryFactory

pytestmark = pytest.mark.django_db

ORG_ID = "5a7c1b2e-0000-4000-8000-000000000001"
VOCABULARY_ID = "5a7c1b2e-0000-4000-8000-0000000000aa"


@pytest.fixture
def local_taxonomy(db):
    return {
        "accommodation": CategoryFactory(
            name="Accommodation and safe houses", slug="accommodation"
        ),
        "interpreting": CategoryFactory(name="Interpreting"),
        "legal": CategoryFactory(name="Legal and immigration advice", slug="legal-immigration"),
    }


def _term(name: str, n: int) -> dict[str, str]:
    return {
        "id": f"5a7c1b2e-0000-4000-8000-{n:012d}",
        "name": name,
        "taxonomy": "Essex County Council service types",
        "taxonomy_id": VOCABULARY_ID,
        "term": name.lower().replace(" ", "_"),
    }


def _service(n: int, *terms: dict[str, str]) -> dict[str, Any]:
    return {
        "id": f"5a7c1b2e-0000-4000-9000-{n:012d}",
        "name": f"Service {n}",
        "status": "active",
        "organization": {"id": ORG_ID, "name": "Essex Services Hub"},
        "attributes": [
            {"id": str(uuid.uuid4()), "link_type": "service", "taxonomy_term": term}
            for term in terms
        ],
    }


ACCOMMODATION = _term("Accommodation", 101)
INTERPRETING = _term("INTERPRETING.", 102)
LEGAL = _term("Legal & Immigration Advice", 103)
BEFRIENDING = _term("Befriending", 104)


def _import(tmp_path, *services) -> str:
    feed = tmp_path / "feed.json"
    feed.write_text(json.dumps({"contents": list(services)}))
    out, err = io.StringIO(), io.StringIO()
    call_command("import_oruk", str(feed), stdout=out, stderr=err, verbosity=0)
    assert err.getvalue() == ""
    return out.getvalue()


def _categories(n: int) -> set[str]:
    service = Service.objects.get(uuid=f"5a7c1b2e-0000-4000-9000-{n:012d}")
    return set(service.categories.values_list("name", flat=True))


def test_incoming_terms_map_onto_local_categories_by_name_and_make_no_new_ones(
    tmp_path, local_taxonomy
):
    _import(tmp_path, _service(1, ACCOMMODATION, INTERPRETING), _service(2, LEGAL))

    assert _categories(1) == {"Accommodation and safe houses", "Interpreting"}
    assert _categories(2) == {"Legal and immigration advice"}
    assert Category.objects.count() == 3
    mapping = TaxonomyTermMapping.objects.get(term_id=ACCOMMODATION["id"])
    assert mapping.category == local_taxonomy["accommodation"]
    assert mapping.matched_by == "name" and not mapping.waiting_services.exists()


def test_a_term_with_a_local_categorys_id_or_code_maps_to_it(tmp_path, local_taxonomy):
    from directory.models import Taxonomy

    ours = Taxonomy.objects.create(name="Waymark", uuid=VOCABULARY_ID)
    interpreting = local_taxonomy["interpreting"]
    interpreting.taxonomy = ours
    interpreting.save()
    by_id = {"id": str(local_taxonomy["legal"].uuid), "name": "Legal help (ours, renamed)"}
    by_code = dict(_term("Language support", 105), term="interpreting")

    _import(tmp_path, _service(1, by_id, by_code))

    assert _categories(1) == {"Legal and immigration advice", "Interpreting"}
    assert set(TaxonomyTermMapping.objects.values_list("matched_by", flat=True)) == {"id", "code"}


def test_an_unknown_term_waits_for_a_coordinator_and_the_service_still_comes_in(
    tmp_path, local_taxonomy, client, index_now
):
    out = _import(tmp_path, _service(1, BEFRIENDING, ACCOMMODATION), _service(2, BEFRIENDING))

    assert "1 taxonomy term(s) wait for a coordinator" in out and "Befriending" in out
    assert _categories(1) == {"Accommodation and safe houses"}
    assert _categories(2) == set()
    waiting = TaxonomyTermMapping.objects.get(name="Befriending")
    assert waiting.is_waiting
    assert {s.name for s in waiting.waiting_services.all()} == {"Service 1", "Service 2"}
    # Nowhere public: no category, no filter option, no facet value.
    assert not Category.objects.filter(name__icontains="befriending").exists()
    assert "Befriending" not in client.get(reverse("directory:index")).content.decode()
    index_now()
    facets = client.get("/api/search", {"q": "service"}).json()["facets"]["categories"]
    assert [v["value"] for v in facets] == ["Accommodation and safe houses"]


def test_two_local_categories_of_the_same_name_leave_the_choice_to_a_coordinator(tmp_path, db):
    housing = CategoryFactory(name="Housing")
    CategoryFactory(name="Other", slug="other-housing", parent=housing)
    CategoryFactory(name="Other", slug="other-legal")

    _import(tmp_path, _service(1, _term("Other", 106)))

    assert TaxonomyTermMapping.objects.get(name="Other").is_waiting
    assert _categories(1) == set()


def test_a_coordinator_maps_a_waiting_term_and_the_waiting_services_get_the_category(
    tmp_path, local_taxonomy, client, staff_login, coordinator, index_now
):
    _import(tmp_path, _service(1, BEFRIENDING), _service(2, BEFRIENDING, INTERPRETING))
    mapping = TaxonomyTermMapping.objects.get(name="Befriending")
    index_now()
    staff_login(client, coordinator)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 term from an Open Referral import</a> matches no category" in dashboard
    queue = reverse("wagtailsnippets_directory_taxonomytermmapping:list")
    assert "Befriending" in client.get(queue, {"state": "waiting"}).content.decode()
    assert "Befriending" not in client.get(queue, {"state": "mapped"}).content.decode()
    edit = reverse("wagtailsnippets_directory_taxonomytermmapping:edit", args=[mapping.pk])
    assert "Befriending" in client.get(edit).content.decode()

    response = client.post(edit, {"category": local_taxonomy["interpreting"].pk})

    assert response.status_code == 302
    assert _categories(1) == {"Interpreting"}
    assert _categories(2) == {"Interpreting"}
    mapping.refresh_from_db()
    assert mapping.matched_by == "coordinator" and not mapping.waiting_services.exists()
    assert "Open Referral import" not in client.get(reverse("wagtailadmin_home")).content.decode()
    # Reindexed through the outbox: the category filter finds them now.
    index_now()
    body = client.get("/api/search", {"category": "Interpreting", "type": "service"}).json()
    assert {r["title"] for r in body["results"]} == {"Service 1", "Service 2"}


def test_the_coordinators_mapping_is_remembered_and_a_second_import_changes_nothing(
    tmp_path, local_taxonomy
):
    feed = [_service(1, BEFRIENDING, ACCOMMODATION), _service(2, LEGAL)]
    _import(tmp_path, *feed)
    mapping = TaxonomyTermMapping.objects.get(name="Befriending")
    mapping.category = local_taxonomy["interpreting"]
    mapping.save()
    mapping.apply_to_waiting_services()
    before = (
        Category.objects.count(),
        TaxonomyTermMapping.objects.count(),
        _categories(1),
        _categories(2),
    )

    out = _import(tmp_path, *feed)
    _import(tmp_path, *feed, _service(3, BEFRIENDING))

    assert "wait for a coordinator" not in out
    after = (Category.objects.count(), TaxonomyTermMapping.objects.count())
    assert after == before[:2]
    assert (_categories(1), _categories(2)) == before[2:]
    assert _categories(3) == {"Interpreting"}
    assert not TaxonomyTermMapping.objects.filter(waiting_services__isnull=False).exists()


def test_an_ignored_term_gives_no_category_and_nobody_waits_for_it(tmp_path, local_taxonomy):
    _import(tmp_path, _service(1, BEFRIENDING))
    mapping = TaxonomyTermMapping.objects.get(name="Befriending")
    mapping.ignored = True
    mapping.save()
    mapping.apply_to_waiting_services()

    _import(tmp_path, _service(1, BEFRIENDING), _service(2, BEFRIENDING))

    assert _categories(1) == _categories(2) == set()
    assert not mapping.waiting_services.exists()


def test_a_coordinator_cannot_both_map_and_ignore(
    tmp_path, local_taxonomy, client, staff_login, coordinator
):
    _import(tmp_path, _service(1, BEFRIENDING))
    mapping = TaxonomyTermMapping.objects.get(name="Befriending")
    staff_login(client, coordinator)
    edit = reverse("wagtailsnippets_directory_taxonomytermmapping:edit", args=[mapping.pk])

    response = client.post(edit, {"category": local_taxonomy["interpreting"].pk, "ignored": "on"})

    assert response.status_code == 200 and "not both" in response.content.decode()
    mapping.refresh_from_db()
    assert mapping.is_waiting and _categories(1) == set()
