"""The category facet lists the directory's categories, never what kind of thing a result is."""

import pytest
from django.utils.text import slugify
from wagtail.models import Page

from tests.factories import CategoryFactory, ServiceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mixed_results(index_now):
    from guidance.models import GuidancePage

    ServiceFactory(
        name="Night shelter", categories=[CategoryFactory(name="Accommodation and safe houses")]
    )
    home = Page.objects.filter(depth=2).first() or Page.get_first_root_node()
    for title in ("Finding a night shelter", "Night shelter checklist"):
        page = GuidancePage(title=title, slug=slugify(title), summary="Night shelter beds")
        home.add_child(instance=page)
        page.save_revision().publish()
    index_now()


def test_the_category_facet_lists_no_page_types(client, mixed_results):
    body = client.get("/api/search", {"q": "night shelter"}).json()
    assert body["type_counts"]["page"] == 2 and body["type_counts"]["service"] == 1
    assert [v["value"] for v in body["facets"]["categories"]] == ["Accommodation and safe houses"]


def test_the_search_page_tells_kinds_apart_by_tab_not_by_category(client, mixed_results):
    html = client.get("/search/", {"q": "night shelter"}).content.decode()
    assert "Guidance page" not in html
    assert 'aria-label="Result types"' in html and "Guidance <span" in html
    assert 'value="Accommodation and safe houses"' in html
