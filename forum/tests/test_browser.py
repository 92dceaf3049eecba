"""A member reads a thread as a tree, replies to a reply, and the other member is notified."""

import pytest

from forum import services
from forum.models import Notification

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_replies_to_a_reply_and_the_other_member_is_notified(
    live_server, page, sign_in, member, other_member, members_category, artifacts_dir
):
    thread = services.start_thread(
        members_category, member, "Pathway for adults found at car washes", "Who does what?"
    )
    first = services.add_post(thread, other_member, "Police first, then the refuge.", None)
    sign_in(member)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    tree = page.get_by_test_id("reply-tree")
    assert "Police first, then the refuge." in tree.inner_text()

    reply_box = page.get_by_test_id(f"reply-{first.pk}")
    reply_box.locator("summary").click()
    reply_box.get_by_label("Your reply to Bob").fill("The refuge can take them the same night.")
    reply_box.get_by_role("button", name="Post reply").click()
    page.wait_for_url(f"**{thread.get_absolute_url()}#post-*")
    nested = page.locator(f"#post-{first.pk} .wm-tree")
    assert "The refuge can take them the same night." in nested.inner_text()
    page.screenshot(path=f"{artifacts_dir}/forum-reply-to-a-reply.png", full_page=True)

    page.get_by_label("Watching: notify me of every new post").check()
    page.get_by_role("button", name="Save notification setting").click()
    page.get_by_text("Your notification setting is saved.").wait_for()

    notification = Notification.objects.get(user=other_member)
    assert notification.kind == Notification.Kind.REPLY
    page.context.clear_cookies()
    sign_in(other_member)
    page.goto(f"{live_server.url}/forum/notifications/")
    listing = page.get_by_test_id("notifications")
    assert "replied to you" in listing.inner_text()
    listing.get_by_role("link", name="Pathway for adults found at car washes").click()
    page.wait_for_url(f"**#post-{notification.post_id}")
    page.screenshot(path=f"{artifacts_dir}/forum-notification-opened.png", full_page=True)
