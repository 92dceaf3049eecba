"""Every box a post is written in has the personal-data reminder beside it."""

import re

import pytest

from forum import services

pytestmark = pytest.mark.django_db

REMINDER = "Never post a potential victim"


def boxes_and_reminders(html: str) -> tuple[int, int]:
    boxes = len(re.findall(r'<textarea[^>]*name="source"', html))
    return boxes, html.count(REMINDER)


def test_each_reply_box_under_a_post_and_at_the_foot_of_the_thread_has_the_reminder(
    client, member, other_member, members_category, make_thread
):
    thread = make_thread(members_category, other_member)
    services.add_post(thread, other_member, "Police first.", None)
    client.force_login(member)
    html = client.get(thread.get_absolute_url()).content.decode()
    # Under the opening post, under the reply, and at the foot.
    assert boxes_and_reminders(html) == (3, 3)
    flat = client.get(thread.get_absolute_url(), {"view": "flat"}).content.decode()
    assert boxes_and_reminders(flat) == (3, 3)


def test_the_new_thread_reply_and_edit_pages_have_the_reminder(
    client, member, other_member, members_category, make_thread
):
    thread = make_thread(members_category, member)
    post = services.add_post(thread, other_member, "Police first.", None)
    mine = services.add_post(thread, member, "The refuge next.", post)
    client.force_login(member)
    for url in (
        f"/forum/c/{members_category.slug}/new/",
        f"/forum/post/{post.pk}/reply/",
        f"/forum/t/{thread.pk}/reply/",
        f"/forum/post/{mine.pk}/edit/",
    ):
        html = client.get(url).content.decode()
        assert boxes_and_reminders(html) == (1, 1), url


def test_people_who_cannot_write_see_no_reminder(client, member, public_category, make_thread):
    thread = make_thread(public_category, member)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert boxes_and_reminders(html) == (0, 0)
