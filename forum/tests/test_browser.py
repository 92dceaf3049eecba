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


def test_a_member_picks_someone_to_mention_with_the_keyboard_and_they_are_notified(
    live_server,
    page,
    sign_in,
    member,
    organisation,
    other_member,
    members_category,
    artifacts_dir,
):
    from conftest import make_user
    from tests.browser.test_accessibility import axe_violations, readable

    amira = make_user("amira.haddad@example.org", organisation=organisation)
    amira.display_name = "Amira Haddad"
    amira.save(update_fields=["display_name"])
    make_user("amir@example.org", organisation=organisation, is_active=False)
    thread = services.start_thread(
        members_category, other_member, "Pathway for adults found at car washes", "Who?"
    )
    sign_in(member)
    page.goto(f"{live_server.url}{thread.get_absolute_url()}")
    box = page.get_by_label("Your message")
    box.click()
    box.press_sequentially("Thanks @ami")
    listbox = page.get_by_role("listbox", name="People to mention")
    option = listbox.get_by_role("option", name="Amira Haddad @amira.haddad")
    option.wait_for()
    assert listbox.get_by_role("option").count() == 1  # never the inactive amir
    assert "Colne Valley Refuge Trust" in option.inner_text()
    assert page.get_by_role("status").filter(has_text="1 person to mention").count() == 1

    # The first suggestion is active as soon as the list opens: Enter or Tab picks it.
    assert option.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    # The list sits right under the textarea, as wide as it.
    box_area, list_area = box.bounding_box(), listbox.bounding_box()
    assert abs(list_area["y"] - (box_area["y"] + box_area["height"])) <= 4
    assert abs(list_area["x"] - box_area["x"]) <= 2
    page.locator("#reply").screenshot(path=f"{artifacts_dir}/forum-mention-suggestions.png")
    if violations := axe_violations(page, live_server.url):
        raise AssertionError(readable(page.url, violations))

    box.press("Enter")
    assert box.input_value() == "Thanks @amira.haddad "
    assert listbox.is_hidden()
    box.press_sequentially("for the referral @zz")
    page.wait_for_timeout(400)
    assert listbox.is_hidden()  # nobody matches: no list
    box.press_sequentially("x")
    box.press("Escape")
    assert listbox.is_hidden()
    # Tab picks the active one too, also with the caret in the middle of the text.
    box.press_sequentially(" and @am")
    box.press("Home")
    box.press_sequentially("@ami")
    option.wait_for()
    box.press("Tab")
    assert box.input_value() == ("@amira.haddad Thanks @amira.haddad for the referral @zzx and @am")
    assert box.evaluate("element => element === document.activeElement")
    # And a click.
    box.press("Control+End")
    box.press_sequentially("ir")
    option.click()
    assert box.input_value() == (
        "@amira.haddad Thanks @amira.haddad for the referral @zzx and @amira.haddad "
    )

    page.get_by_role("button", name="Post reply").click()
    page.wait_for_url(f"**{thread.get_absolute_url()}#post-*")
    assert page.locator(".wm-mention", has_text="@Amira Haddad").count() == 3
    assert Notification.objects.get(user=amira).kind == Notification.Kind.MENTION


def test_the_preview_and_the_post_replied_to_are_in_the_site_s_type_beside_the_reminder(
    live_server, page, sign_in, member, other_member, members_category, artifacts_dir
):
    thread = services.start_thread(members_category, other_member, "Night shelter", "Beds?")
    first = services.add_post(thread, other_member, "> quoted\n\nTwo beds tonight.", None)
    sign_in(member)
    page.goto(f"{live_server.url}/forum/post/{first.pk}/reply/?quote=1")
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_test_id("preview")
    preview.wait_for()
    site_font = page.locator("h1").evaluate("e => getComputedStyle(e).fontFamily")
    assert "system-ui" in site_font
    for body in page.locator(".wm-post__body").all():
        for part in [body, *body.locator("blockquote, p").all()]:
            assert part.evaluate("e => getComputedStyle(e).fontFamily") == site_font
    reminder = page.locator(".wm-reminder")
    assert reminder.is_visible() and "Never post a potential victim" in reminder.inner_text()
    page.screenshot(path=f"{artifacts_dir}/forum-preview.png", full_page=True)


def test_more_replies_come_into_the_page_and_a_permalink_lands_on_its_post(
    live_server, page, sign_in, member, other_member, members_category, artifacts_dir
):
    thread = services.start_thread(members_category, other_member, "Night shelter", "Beds?")
    for n in range(25):
        services.add_post(thread, other_member, f"Branch {n}", None, notify=False)
    sign_in(member)
    url = f"{live_server.url}{thread.get_absolute_url()}"
    page.goto(url)
    tree = page.get_by_test_id("reply-tree")
    top_level = tree.locator(":scope > li")
    assert top_level.count() == 10
    page.get_by_role("link", name="More replies").click()
    page.get_by_text("Branch 19", exact=True).wait_for()
    assert page.url == url  # the same page, longer
    assert top_level.count() == 20
    assert page.evaluate("document.activeElement.textContent").count("Branch 10") == 1
    # The reply box of a reply brought in takes mentions too.
    assert (
        tree.locator("li", has_text="Branch 15")
        .locator("textarea")
        .first.get_attribute("aria-haspopup")
        == "listbox"
    )
    page.get_by_role("link", name="More replies").click()
    page.get_by_text("Branch 24", exact=True).wait_for()
    assert top_level.count() == 25
    assert page.get_by_role("link", name="More replies").count() == 0

    last = thread.posts.get(source="Branch 24")
    page.goto(f"{live_server.url}/forum/post/{last.pk}/")
    assert page.url.endswith(f"?page=3#post-{last.pk}")
    assert page.locator(f"#post-{last.pk}").is_visible()
    page.screenshot(path=f"{artifacts_dir}/forum-long-thread-page-3.png", full_page=True)
