"""Every admin view of the forum's models (categories, private groups, flags, the
moderation log) asks the permission policy: coordinators use them all, editors and
organisation admins none, and a refused view shows nothing of the object. The views are read
from the registered viewsets, so one added later is walked too."""

import pytest

from forum.models import Flag, ModerationLog
from tests.admin_urls import admin_viewsets, is_refused, viewset_urls

pytestmark = pytest.mark.django_db

POST_ONLY = {"reorder"}


@pytest.fixture
def forum_objects(private_category, private_group, make_thread, coordinator):
    """One of each, and the words of each that must not show to anyone refused."""
    thread = make_thread(private_category, coordinator, "Liaison on a raid next week")
    flag = Flag.objects.create(
        post=thread.posts.first(), reason=Flag.Reason.OTHER, details="Flagged: a raid date"
    )
    log = ModerationLog.objects.create(
        actor=coordinator, action=ModerationLog.Action.HIDE, detail="Hid the raid's address"
    )
    return {
        private_category: private_category.name,
        private_group: private_group.name,
        flag: flag.details,
        log: log.detail,
    }


def test_the_forum_admin_serves_each_model_from_one_viewset(forum_objects):
    for obj in forum_objects:
        assert len(admin_viewsets(type(obj))) == 1, type(obj)


@pytest.mark.parametrize("role", ["coordinator", "editor", "org_admin"])
def test_each_forum_admin_view_follows_the_policy(
    request, client, staff_login, forum_objects, role
):
    staff_login(client, request.getfixturevalue(role))
    wrong = []
    for obj, words in forum_objects.items():
        (viewset,) = admin_viewsets(type(obj))
        for name, url in viewset_urls(viewset, obj).items():
            response = client.post(url, {"position": 0}) if name in POST_ONLY else client.get(url)
            if role == "coordinator":
                ok = response.status_code == 200
            else:
                ok = is_refused(response) and words not in response.content.decode()
            if not ok:
                wrong.append(f"{name} {url} -> {response.status_code}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)


def test_the_category_list_shows_a_coordinator_the_private_category(
    client, staff_login, coordinator, private_category
):
    page = staff_login(client, coordinator).get("/admin/forum_categories/").content.decode()
    assert private_category.name in page
