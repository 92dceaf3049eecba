"""Who may read and write where, from both sides of every rule."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import PrivateGroup
from forum.models import Category

pytestmark = pytest.mark.django_db


@pytest.fixture
def threads(public_category, members_category, private_category, member, make_thread):
    return {
        "public": make_thread(public_category, member, "Open question about NRM forms"),
        "members": make_thread(members_category, member, "Members pathway talk"),
        "private": make_thread(private_category, member, "Operation Cedar liaison"),
    }


def test_the_public_reads_public_threads_only(client, threads):
    index = client.get("/forum/").content.decode()
    assert "Open question about NRM forms" in index
    assert "Members pathway talk" not in index
    assert "Operation Cedar liaison" not in index
    assert client.get(threads["public"].get_absolute_url()).status_code == 200
    assert client.get(threads["members"].get_absolute_url()).status_code == 404
    assert client.get(threads["private"].get_absolute_url()).status_code == 404


def test_a_signed_in_outsider_sees_no_more_than_the_public(client, outsider, threads):
    client.force_login(outsider)
    assert client.get(threads["public"].get_absolute_url()).status_code == 200
    assert client.get(threads["members"].get_absolute_url()).status_code == 404
    assert client.get("/forum/c/pathways/").status_code == 404


def test_a_member_reads_members_threads_but_not_another_groups(client, other_member, threads):
    client.force_login(other_member)
    assert client.get(threads["members"].get_absolute_url()).status_code == 200
    assert client.get(threads["private"].get_absolute_url()).status_code == 404
    assert "Operation Cedar liaison" not in client.get("/forum/").content.decode()


def test_a_private_group_member_reads_the_group_thread(client, member, threads):
    client.force_login(member)
    response = client.get(threads["private"].get_absolute_url())
    assert response.status_code == 200
    assert "Private: Police and NGO operational liaison" in response.content.decode()


def test_a_person_named_in_a_group_reads_it_without_their_organisation(
    client, other_member, threads, private_group
):
    private_group.users.add(other_member)
    client.force_login(other_member)
    assert client.get(threads["private"].get_absolute_url()).status_code == 200


def test_a_coordinator_reads_every_private_group(client, coordinator, threads, staff_login):
    staff_login(client, coordinator)
    assert client.get(threads["private"].get_absolute_url()).status_code == 200


def test_the_public_cannot_post_even_in_a_public_category(client, public_category, threads):
    response = client.post("/forum/c/open/new/", {"title": "Hi", "source": "Spam"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    response = client.post(f"/forum/t/{threads['public'].pk}/reply/", {"source": "Spam"})
    assert "/accounts/login/" in response["Location"]


def test_an_outsider_cannot_post_in_a_public_category(client, outsider, threads):
    client.force_login(outsider)
    assert client.post("/forum/c/open/new/", {"title": "Hi", "source": "x"}).status_code == 403
    reply_url = f"/forum/t/{threads['public'].pk}/reply/"
    assert client.post(reply_url, {"source": "x"}).status_code == 403


def test_a_member_starts_a_discussion_in_a_public_category(client, other_member, threads):
    client.force_login(other_member)
    response = client.post(
        "/forum/c/open/new/", {"title": "Interpreters at first contact", "source": "Ideas?"}
    )
    assert response.status_code == 302
    assert "Interpreters at first contact" in client.get(response["Location"]).content.decode()


def test_a_member_of_another_organisation_cannot_post_in_a_private_group(
    client, other_member, threads
):
    client.force_login(other_member)
    response = client.post(f"/forum/t/{threads['private'].pk}/reply/", {"source": "Hello"})
    assert response.status_code == 404


def test_a_suspended_member_cannot_post(client, member, threads):
    from datetime import timedelta

    from django.utils import timezone

    member.suspended_until = timezone.now() + timedelta(days=3)
    member.save()
    client.force_login(member)
    response = client.post(f"/forum/t/{threads['members'].pk}/reply/", {"source": "Hello"})
    assert response.status_code == 403


def test_a_locked_thread_takes_no_replies_except_from_moderators(
    client, member, coordinator, threads, staff_login
):
    thread = threads["members"]
    thread.locked = True
    thread.save()
    client.force_login(member)
    assert client.post(f"/forum/t/{thread.pk}/reply/", {"source": "Late"}).status_code == 403
    staff_login(client, coordinator)
    assert client.post(f"/forum/t/{thread.pk}/reply/", {"source": "Note"}).status_code == 302


def test_only_the_author_edits_and_deletes_a_post(client, member, other_member, threads):
    post = threads["members"].posts.get()
    client.force_login(other_member)
    assert client.post(f"/forum/post/{post.pk}/edit/", {"source": "Hijack"}).status_code == 403
    assert client.post(f"/forum/post/{post.pk}/delete/").status_code == 403
    client.force_login(member)
    assert client.post(f"/forum/post/{post.pk}/edit/", {"source": "Better"}).status_code == 302
    history = client.get(f"/forum/post/{post.pk}/history/").content.decode()
    assert "Better" in history and "Hello" in history
    assert client.post(f"/forum/post/{post.pk}/delete/").status_code == 302
    page = client.get(threads["members"].get_absolute_url()).content.decode()
    assert "Post removed." in page and "Better" not in page


def test_the_atom_feed_is_for_public_categories_only(client, threads, members_category):
    feed = client.get("/forum/c/open/feed/")
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("application/atom+xml")
    body = feed.content.decode()
    assert "Open question about NRM forms" in body
    assert "Members pathway talk" not in body
    assert client.get("/forum/c/pathways/feed/").status_code == 404
    assert client.get("/forum/c/liaison/feed/").status_code == 404


def test_the_atom_feed_links_to_the_configured_site_address(client, threads, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://waymark.example"
    body = client.get("/forum/c/open/feed/", HTTP_HOST="localhost").content.decode()
    opening = threads["public"].posts.earliest("pk")
    assert f'href="https://waymark.example{opening.get_absolute_url()}"' in body
    assert 'href="https://waymark.example/forum/c/open/feed/"' in body
    assert "localhost" not in body


def test_category_audiences_come_from_the_policy(private_group):
    public = Category(access=Category.Access.PUBLIC)
    group = Category(access=Category.Access.GROUP, group=private_group)
    assert public.audiences() == {"public"}
    assert Category(access=Category.Access.MEMBERS).audiences() == {"members"}
    assert group.audiences() == {f"group:{private_group.pk}"}
    assert isinstance(PrivateGroup.objects.get(), PrivateGroup)
    assert AnonymousUser().is_authenticated is False
