"""Training resources: downloads with a preview and size, filterable by audience and language."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from demo.media import preview_png, tiny_pdf
from guidance.models import ResourcePage
from guidance.tests.conftest import members_only, publish
from tests.query_counts import queries_to_get

pytestmark = pytest.mark.django_db


@pytest.fixture
def make_resource(resource_index):
    def make(title, *, language="en", kind="leaflet", audiences=()):
        pdf = tiny_pdf(title, ["Helpline 08000 121 700"])
        document = get_document_model()(title=title, file=ContentFile(pdf, name="r.pdf"))
        document.file_size = len(pdf)
        document.save()
        image = get_image_model().objects.create(
            title=title, file=ContentFile(preview_png(title, (76, 44, 146)), name="r.png")
        )
        page = ResourcePage(
            title=title,
            slug=title.lower().replace(" ", "-"),
            language=language,
            kind=kind,
            document=document,
            preview_image=image,
        )
        resource_index.add_child(instance=page)
        page.audience_tags.add(*audiences)
        return publish(page)

    return make


def test_a_resource_shows_its_preview_file_type_and_size(client, make_resource):
    resource = make_resource("Taxi poster", kind="poster")
    html = client.get(resource.url).content.decode()
    size = resource.document.file_size
    assert size > 0
    assert f"PDF, {size}\xa0bytes" in html
    assert resource.document.url in html
    assert "<img" in html


def test_resources_filter_by_audience_and_language(client, resource_index, make_resource):
    make_resource("Taxi poster", audiences=["taxi drivers"])
    make_resource("Know your rights Polish", language="pl", audiences=["workers"])
    make_resource("Know your rights Romanian", language="ro", audiences=["workers"])

    def listed(**filters) -> str:
        html = client.get(resource_index.url, filters).content.decode()
        return html.split('data-testid="resource-list"')[1]

    by_language = listed(language="pl")
    assert "Know your rights Polish" in by_language
    assert "Romanian" not in by_language and "Taxi poster" not in by_language

    by_audience = listed(audience="workers")
    assert "Polish" in by_audience and "Romanian" in by_audience
    assert "Taxi poster" not in by_audience


@pytest.mark.parametrize("name", ["audience", "language", "kind"])
def test_a_filter_with_a_nul_is_a_clear_400(client, resource_index, name):
    response = client.get(resource_index.url, {name: "workers\x00"})
    assert response.status_code == 400
    html = response.content.decode()
    assert f"{name.capitalize()} must not contain control characters." in html
    assert "\x00" not in html


def test_members_only_resources_are_not_listed_for_the_public(
    client, member, resource_index, make_resource
):
    members_only(make_resource("Partner briefing"))
    assert b"Partner briefing" not in client.get(resource_index.url).content
    client.force_login(member)
    assert b"Partner briefing" in client.get(resource_index.url).content


def test_the_resource_list_takes_the_same_queries_as_resources_grow(
    client, resource_index, make_resource
):
    make_resource("First", audiences=["workers"])

    queries_to_get(client, resource_index.url)  # renditions are generated on the first view
    few = queries_to_get(client, resource_index.url)
    for n in range(4):
        make_resource(f"Leaflet {n}", audiences=["workers", f"group {n}"])
    queries_to_get(client, resource_index.url)
    assert queries_to_get(client, resource_index.url) == few


def test_the_demo_pdf_is_a_real_pdf():
    pdf = tiny_pdf("Poster", ["Line"])
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
    assert b"startxref" in pdf
