"""A new member's first posts, and posts whose personal data the author confirmed, wait for a
coordinator: nobody else sees them (pages, search, feeds, notifications, e-mail) until then,
and the author sees that they are waiting."""

import pytest
from django.core import mail

from conftest import make_user
from forum import services
from forum.models import HoldSettings, Notification, Post, Thread
from forum.search_index import build_thread

pytestmark = pytest.mark.django_db

WAITING = "Waiting for a coordinator"


def hold_first(posts: int) -> None:
    """Call after the threads a test needs exist: their authors are new members too."""
    HoldSettings.objects.update_or_create(pk=1, defaults={"hold_first_posts": posts})


@pytest.fixture
def newcomer(organisation):
    return make_user("nina@example.org", organisation=organisation)


def test_a_new_member_s_first_replies_are_seen_only_by_them_and_the_coordinators(
    client, staff_login, newcomer, member, coordinator, public_category, make_thread
):
    thread = make_thread(public_category, member, "Night shelter", "Who has beds?")
    hold_first(2)
    mail.outbox.clear()
    client.force_login(newcomer)
    response = client.post(
        f"/forum/t/{thread.pk}/reply/", {"source": "Two beds tonight @alice"}, follow=True
    )
    assert "waiting for a coordinator&#x27;s approval" in response.content.decode()
    post = Post.objects.get(source="Two beds tonight @alice")
    assert post.is_held and WAITING in response.content.decode()

    # Nobody else hears of it or sees it: notifications, e-mail, page, permalink, feed, search.
    assert not Notification.objects.filter(post=post).exists() and mail.outbox == []
    client.force_login(member)
    assert "Two beds tonight" not in client.get(thread.get_absolute_url()).content.decode()
    assert client.get(f"/forum/post/{post.pk}/").status_code == 404
    client.logout()
    assert "Two beds tonight" not in client.get(thread.get_absolute_url()).content.decode()
    assert "Two beds" not in client.get(f"/forum/c/{public_category.slug}/feed/").content.decode()
    assert "Two beds" not in build_thread(Thread.objects.get(pk=thread.pk))["body"]
    assert Thread.objects.get(pk=thread.pk).post_count == 1

    staff_login(client, coordinator)
    queue = client.get("/forum/moderation/").content.decode()
    assert "Two beds tonight" in queue and "One of a new member" in queue
    client.post(f"/forum/post/{post.pk}/moderate/approve/")
    post.refresh_from_db()
    assert not post.is_held
    assert Notification.objects.get(post=post, user=member).kind == Notification.Kind.MENTION
    client.logout()
    assert "Two beds tonight" in client.get(thread.get_absolute_url()).content.decode()
    assert "Two beds" in build_thread(Thread.objects.get(pk=thread.pk))["body"]


def test_only_the_first_posts_wait_and_coordinators_never_do(
    newcomer, coordinator, members_category, make_thread
):
    hold_first(2)
    thread = make_thread(members_category, coordinator, "Cover", "Who can cover?")
    assert not thread.is_held
    first = services.add_post(thread, newcomer, "One", None)
    services.approve(first, coordinator)
    second = services.add_post(thread, newcomer, "Two", None)
    assert second.is_held
    services.approve(second, coordinator)
    assert not services.add_post(thread, newcomer, "Three", None).is_held


def test_a_new_member_s_new_thread_waits_with_its_opening_post(
    client, newcomer, member, members_category
):
    hold_first(2)
    client.force_login(newcomer)
    response = client.post(
        f"/forum/c/{members_category.slug}/new/", {"title": "Car wash raid", "source": "Hello"}
    )
    thread = Thread.objects.get(title="Car wash raid")
    assert thread.is_held and response["Location"] == thread.get_absolute_url()
    assert WAITING in client.get(thread.get_absolute_url()).content.decode()
    client.force_login(member)
    assert client.get(thread.get_absolute_url()).status_code == 404
    for url in ("/forum/", f"/forum/c/{members_category.slug}/"):
        assert "Car wash raid" not in client.get(url).content.decode(), url
    assert build_thread(thread) is None


def test_a_post_whose_personal_data_the_author_confirmed_waits_even_without_the_setting(
    client, member, other_member, members_category, make_thread
):
    thread = make_thread(members_category, other_member)
    client.force_login(member)
    source = "Call her on 07700 900123"
    client.post(f"/forum/t/{thread.pk}/reply/", {"source": source})
    assert not Post.objects.filter(source=source).exists()  # the guard asks first
    client.post(
        f"/forum/t/{thread.pk}/reply/", {"source": source, "confirm_no_personal_data": "on"}
    )
    post = Post.objects.get(source=source)
    assert post.is_held and post.held_reason == "personal_data"
    assert not Notification.objects.filter(post=post).exists()


def test_members_cannot_approve_or_change_the_setting(
    client, newcomer, member, members_category, make_thread
):
    thread = make_thread(members_category, member)
    hold_first(2)
    post = services.add_post(thread, newcomer, "One", None)
    client.force_login(member)
    assert client.post(f"/forum/post/{post.pk}/moderate/approve/").status_code in (403, 404)
    assert client.post("/forum/moderation/", {"hold_first_posts": "0"}).status_code == 403
    post.refresh_from_db()
    assert post.is_held and HoldSettings.current().hold_first_posts == 2


def test_a_coordinator_sets_how_many_first_posts_wait_and_bad_input_changes_nothing(
    client, staff_login, coordinator
):
    staff_login(client, coordinator)
    assert client.post("/forum/moderation/", {"hold_first_posts": "3"}).status_code == 302
    assert HoldSettings.current().hold_first_posts == 3
    response = client.post("/forum/moderation/", {"hold_first_posts": "-1"})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    assert HoldSettings.current().hold_first_posts == 3


def test_a_held_thread_is_searchable_only_once_approved(
    index_now, newcomer, coordinator, other_member, public_category
):
    from search.engine import search
    from search.params import parse

    def found(user) -> list[str]:
        return [hit.title for hit in search(user, parse({"q": "quokka"})).hits]

    hold_first(1)
    thread = services.start_thread(public_category, newcomer, "Quokka sanctuary", "Hello")
    index_now()
    assert found(other_member) == []
    services.approve(thread.posts.get(), coordinator)
    index_now()
    assert found(other_member) == ["Quokka sanctuary"]
