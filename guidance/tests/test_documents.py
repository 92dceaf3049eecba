"""Documents of members-only pages and collections are never served to the public."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from guidance.tests.conftest import members_only
from guidance.tests.test_resources import make_resource  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def _download(client, document):
    return client.get(document.url)


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
    root = Collection.get_first_root_node()
    collection = root.add_child(name="Members only")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=CollectionViewRestriction.LOGIN
    )
    document = get_document_model().objects.create(
        title="Contacts", file=ContentFile(b"secret numbers", name="c.txt"), collection=collection
    )
    assert _download(client, document).status_code == 302
    client.force_login(member)
    assert _download(client, document).status_code == 200
