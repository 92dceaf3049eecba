"""Pages render in a constant number of queries, however much the forum grows."""

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from conftest import make_user
from forum import services
from forum.models import ForumSettings, Notification, Post, Watch, WatchLevel

pytestmark = pytest.mark.django_db


def grow(thread, authors, count):
    """Add ``count`` posts as a random reply tree (fast: one bulk insert)."""
    existing = list(thread.posts.values_list("pk", flat=True))
    rng = random.Random(count)
    for n in range(count):
        parent_id = rng.choice(existing + [None])
        post = Post.objects.create(
            thread=thread,
            author=authors[n % len(authors)],
            parent_id=parent_id,
            source=f"Reply {n}",
            html=f"<p>Reply {n}</p>",
        )
        existing.append(post.pk)


def test_the_thread_page_takes_the_same_queries_for_5_and_500_posts(
    client, member, other_member, members_category, make_thread, django_assert_num_queries
):
    thread = make_thread(members_category, member)
    client.force_login(other_member)
    client.get(thread.get_absolute_url())  # the read state exists from now on
    grow(thread, [member, other_member], 5)
    # session, user, the thread (with the reader's read state and watch), the policy (groups,
    # memberships, private groups), the thread's outline (every post's id and parent, for the
    # page of the tree), the read state's update, the page's posts, their linked services,
    # author memberships, linked pathways (side panel), notification count for the header, and
    # the footer's links. Not Django's permission tables: a member gets no Wagtail userbar.
    with django_assert_num_queries(14) as small:
        assert client.get(thread.get_absolute_url()).status_code == 200
    grow(thread, [member, other_member], 495)
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(thread.get_absolute_url())
    assert "Reply 499" in response.content.decode() or "Continue this thread" in (
        response.content.decode()
    )
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(thread.get_absolute_url() + "?view=flat")


def test_the_public_thread_page_is_constant_too(
    client, member, public_category, make_thread, django_assert_num_queries
):
    thread = make_thread(public_category, member)
    grow(thread, [member], 3)
    with django_assert_num_queries(7) as small:
        client.get(thread.get_absolute_url())
    grow(thread, [member], 200)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(thread.get_absolute_url())


def test_index_and_category_pages_are_constant(
    client, member, other_member, members_category, public_category, make_thread
):
    make_thread(members_category, member, "First")
    services.start_thread(public_category, other_member, "Public first", "x @alice")
    client.force_login(member)
    urls = ("/forum/", "/forum/c/open/", "/forum/notifications/")
    for url in urls:  # first visits create settings rows; measure the steady state
        client.get(url)
    counts = []
    for more in (0, 25):
        for n in range(more):
            thread = services.start_thread(public_category, other_member, f"Thread {n}", "x")
            services.add_post(thread, other_member, "@alice see this", None)
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured.captured_queries))
    assert counts[: len(urls)] == counts[len(urls) :]


def test_a_deep_reply_chain_is_capped_with_continue_this_thread(
    client, member, members_category, make_thread
):
    thread = make_thread(members_category, member)
    parent = None
    for n in range(9):
        parent = services.add_post(thread, member, f"Level {n + 1}", parent, notify=False)
    page = client.get(thread.get_absolute_url())
    assert page.status_code == 404  # members only: sign in first
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Level 4" in page and "Level 5" not in page
    assert "Continue this thread (5 more replies)" in page
    deep = client.get(f"/forum/post/{parent.pk}/", follow=False)
    assert "/replies/" in deep["Location"] and deep["Location"].endswith(f"#post-{parent.pk}")
    subtree = client.get(deep["Location"].split("#")[0]).content.decode()
    assert "Level 9" in subtree


def test_a_members_pages_work_out_their_access_once_and_skip_the_permission_tables(
    client, member, other_member, members_category, make_thread
):
    thread = make_thread(members_category, member)
    client.force_login(other_member)
    for url in ("/forum/", thread.get_absolute_url(), f"/forum/t/{thread.pk}/reply/"):
        client.get(url)  # first visits create the read state
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        sql = [query["sql"] for query in captured.captured_queries]
        assert sum('FROM "accounts_privategroup"' in query for query in sql) == 1, url
        assert not any('"auth_permission"' in query for query in sql), url


def test_the_forum_index_and_reply_form_take_a_pinned_number_of_queries(
    client, member, other_member, members_category, make_thread, django_assert_num_queries
):
    thread = make_thread(members_category, member)
    client.force_login(other_member)
    client.get("/forum/")
    # session, user, categories with their thread counts, the policy (groups, memberships,
    # private groups), notification count, the recent threads, the footer's links
    with django_assert_num_queries(9):
        assert client.get("/forum/").status_code == 200
    # session, user, thread, the policy (3), notification count, the footer's links
    with django_assert_num_queries(8):
        assert client.get(f"/forum/t/{thread.pk}/reply/").status_code == 200


def test_staff_keep_wagtails_userbar_and_members_do_not_get_it(
    client, member, org_admin, staff_login
):
    client.force_login(member)
    assert "wagtail-userbar" not in client.get("/forum/").content.decode()
    staff_login(client, org_admin)
    assert "wagtail-userbar" in client.get("/forum/").content.decode()


def test_a_reply_takes_the_same_queries_for_1_and_8_people_to_notify(
    client, organisation, member, other_member, members_category, make_thread
):
    thread = make_thread(members_category, member)
    other_member.date_joined -= timedelta(days=30)  # not a new member: the wider rate limit
    other_member.save(update_fields=["date_joined"])
    client.force_login(other_member)
    url = f"/forum/t/{thread.pk}/reply/"
    assert client.post(url, {"source": "First, to make the watch"}).status_code == 302

    def reply() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.post(url, {"source": "Thanks, we can take a referral"}).status_code == 302
        return len(captured)

    # session, user, thread, the policy (3), the rate limit (a count of their recent posts);
    # in one transaction (2) the hold settings, the post, its search update, its linked
    # services, the thread's counters, the author's watch, their read state, the category's
    # and thread's watchers, the people among them who may read it, their notifications, their
    # e-mail choices, and an e-mail task for the thread's author. No cache writes: the posts
    # are the rate limit's count.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        assert reply() == 22
        for n in range(7):  # seven more watchers, who read a daily digest
            watcher = make_user(f"watcher{n}@example.org", organisation=organisation)
            ForumSettings.objects.create(user=watcher, email=ForumSettings.Email.DAILY)
            Watch.objects.create(user=watcher, thread=thread, level=WatchLevel.WATCHING)
        assert reply() == 22
    assert Notification.objects.filter(user__email__startswith="watcher").count() == 7
