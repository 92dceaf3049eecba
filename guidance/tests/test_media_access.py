"""Documents and pictures of members-only pages and collections are never served to the
public, whether through /documents/ or /media/."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from demo.media import preview_png
from guidance.tests.conftest import members_only
from guidance.tests.test_resources import make_resource  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _download(client, document):
    return client.get(document.url)


def _members_only_collection():
    collection = Collection.get_first_root_node().add_child(name="Members only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    return collection


def _picture_urls(image) -> list[str]:
    """The stored original and a rendition as a page would show it."""
    return [image.file.url, image.get_rendition("fill-160x220").url]


def test_anyone_downloads_the_document_of_a_public_resource(client, make_resource):  # noqa: F811
    resource = make_resource("Taxi poster")
    response = _download(client, resource.document)
    assert response.status_code == 200


def test_the_public_cannot_download_the_document_of_a_members_only_resource(
    client,
    outsider,
    member,
    make_resource,  # noqa: F811
):
    resource = members_only(make_resource("Partner briefing"))
    response = _download(client, resource.document)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(outsider)
    assert _download(client, resource.document).status_code == 403
    client.force_login(member)
    assert _download(client, resource.document).status_code == 200


def test_a_document_in_a_members_only_collection_is_for_members_only(client, member):
    document = get_document_model().objects.create(
        title="Contacts",
        file=ContentFile(b"secret numbers", name="c.txt"),
        collection=_members_only_collection(),
    )
    assert _download(client, document).status_code == 302
    client.force_login(member)
    assert _download(client, document).status_code == 200


def test_anyone_sees_the_preview_picture_of_a_public_resource(client, make_resource):  # noqa: F811
    resource = make_resource("Taxi poster")
    for url in _picture_urls(resource.preview_image):
        assert url.startswith("/media/")
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_the_public_cannot_see_the_preview_picture_of_a_members_only_resource(
    client,
    outsider,
    member,
    make_resource,  # noqa: F811
):
    resource = members_only(make_resource("Partner briefing"))
    urls = _picture_urls(resource.preview_image)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(outsider)
    assert {client.get(url).status_code for url in urls} == {403}
    client.force_login(member)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"]


def test_a_picture_in_a_members_only_collection_is_for_members_only(client, member):
    image = get_image_model().objects.create(
        title="Safe house floor plan",
        file=ContentFile(preview_png("Plan", (0, 0, 0)), name="plan.png"),
        collection=_members_only_collection(),
    )
    assert {client.get(url).status_code for url in _picture_urls(image)} == {302}
    client.force_login(member)
    assert {client.get(url).status_code for url in _picture_urls(image)} == {200}


def test_an_organisations_logo_stays_public_even_on_a_members_only_page(
    client,
    organisation,
    make_resource,  # noqa: F811
):
    resource = members_only(make_resource("Partner briefing"))
    organisation.logo = resource.preview_image
    organisation.save()
    assert {client.get(url).status_code for url in _picture_urls(resource.preview_image)} == {200}


def test_a_file_wagtail_does_not_know_is_not_served(client, settings):
    from pathlib import Path

    stray = Path(settings.MEDIA_ROOT) / "images" / "stray-upload.png"
    stray.parent.mkdir(parents=True, exist_ok=True)
    stray.write_bytes(b"\x89PNG")
    try:
        assert client.get("/media/images/stray-upload.png").status_code == 404
        assert client.get("/media/original_images/stray-upload.png").status_code == 404
    finally:
        stray.unlink()
