"""Coordinators manage forum categories and private groups in the Wagtail admin."""

import pytest

from forum.models import Category

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/forum_categories/", "/admin/private_groups/"])
def test_a_coordinator_manages_categories_and_groups(client, coordinator, staff_login, url):
    staff_login(client, coordinator)
    assert client.get(url).status_code == 200


def test_a_coordinator_adds_a_private_group_category(
    client, coordinator, staff_login, private_group
):
    staff_login(client, coordinator)
    response = client.post(
        "/admin/forum_categories/new/",
        {
            "name": "Liaison",
            "slug": "liaison",
            "description": "",
            "access": "group",
            "group": private_group.pk,
        },
    )
    assert response.status_code == 302
    assert Category.objects.get().audiences() == {private_group.audience}


def test_an_editor_cannot_manage_forum_categories(client, editor, staff_login):
    staff_login(client, editor)
    response = client.get("/admin/forum_categories/")
    assert response.status_code in (302, 403)
