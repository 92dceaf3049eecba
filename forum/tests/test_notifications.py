"""Watching, notifications and e-mail: only readers hear of a post, and e-mails stay safe."""

import pytest
from django.core import mail
from django.core.management import call_command

from forum import services
from forum.models import ForumSettings, Notification, Watch

pytestmark = pytest.mark.django_db


def test_a_reply_to_a_reply_notifies_its_author_in_the_site_and_by_email(
    client, member, other_member, members_category, make_thread
):
    thread = make_thread(members_category, member, "Pathway for adults found at car washes")
    first = services.add_post(thread, other_member, "Police first, then the refuge?", None)
    mail.outbox.clear()
    client.force_login(member)
    client.post(f"/forum/post/{first.pk}/reply/", {"source": "Refuge can take them same day"})
    notification = Notification.objects.get(user=other_member)
    assert notification.kind == Notification.Kind.REPLY
    assert [m.to for m in mail.outbox] == [[other_member.email]]
    message = mail.outbox[0]
    assert message.subject == "New activity in a members-only discussion on Waymark"
    assert f"/forum/post/{notification.post_id}/" in message.body
    client.force_login(other_member)
    page = client.get("/forum/notifications/").content.decode()
    assert "replied to you" in page and "New" in page


def test_members_only_emails_carry_no_excerpt(member, other_member, members_category, make_thread):
    thread = make_thread(members_category, member, "Interpreting for Vietnamese nationals")
    mail.outbox.clear()
    services.add_post(thread, other_member, "Secret operational detail about Tuesday", None)
    assert len(mail.outbox) == 1
    assert "Secret operational detail" not in mail.outbox[0].body
    assert "Interpreting for Vietnamese nationals" not in mail.outbox[0].body


def test_public_emails_have_an_excerpt_with_personal_data_masked(
    member, other_member, public_category, make_thread
):
    thread = make_thread(public_category, member, "Car wash outreach")
    mail.outbox.clear()
    services.add_post(thread, other_member, "Outreach went well; reach Ana on 07700 900123", None)
    body = mail.outbox[0].body
    assert "Outreach went well" in body
    assert "07700 900123" not in body and "[removed]" in body


def test_a_private_group_thread_never_notifies_outsiders(
    member, other_member, private_category, make_thread
):
    thread = make_thread(private_category, member, "Operation Cedar")
    # A watch left over from before the person lost access, and a mention.
    Watch.objects.create(user=other_member, thread=thread, level="watching")
    mail.outbox.clear()
    services.add_post(thread, member, "Briefing for @bob tomorrow", None)
    assert not Notification.objects.filter(user=other_member).exists()
    assert mail.outbox == []


def test_category_watchers_hear_of_new_threads_and_muted_people_do_not(
    member, other_member, org_admin, members_category, make_thread
):
    Watch.objects.create(user=other_member, category=members_category, level="watching")
    Watch.objects.create(user=org_admin, category=members_category, level="muted")
    thread = make_thread(members_category, member, "New pathway idea")
    assert Notification.objects.filter(user=other_member, post__thread=thread).exists()
    services.add_post(thread, other_member, "Good idea", None)
    assert not Notification.objects.filter(user=org_admin).exists()


def test_a_thread_watch_overrides_a_category_watch(
    member, other_member, members_category, make_thread
):
    Watch.objects.create(user=other_member, category=members_category, level="watching")
    thread = make_thread(members_category, member, "Noisy thread")
    Watch.objects.create(user=other_member, thread=thread, level="muted")
    services.add_post(thread, member, "More", None)
    assert Notification.objects.filter(user=other_member).count() == 1  # the new thread only


def test_mentions_notify_the_person_mentioned(member, other_member, members_category, make_thread):
    thread = make_thread(members_category, member, "Who covers Harwich?")
    services.add_post(thread, member, "@bob do you know?", None)
    assert Notification.objects.get(user=other_member).kind == Notification.Kind.MENTION


def test_watching_a_thread_through_the_page(
    client, member, other_member, members_category, make_thread
):
    thread = make_thread(members_category, member)
    client.force_login(other_member)
    client.post(f"/forum/watch/thread/{thread.pk}/", {"level": "watching"})
    services.add_post(thread, member, "Update for watchers", None)
    assert Notification.objects.filter(user=other_member, post__thread=thread).exists()


def test_daily_digest_people_get_one_email_a_day(
    member, other_member, members_category, make_thread
):
    ForumSettings.objects.create(user=other_member, email=ForumSettings.Email.DAILY)
    thread = make_thread(members_category, member, "Digest thread")
    Watch.objects.create(user=other_member, thread=thread, level="watching")
    mail.outbox.clear()
    services.add_post(thread, member, "One", None)
    services.add_post(thread, member, "Two", None)
    assert mail.outbox == []
    call_command("forum_digest")
    assert len(mail.outbox) == 1
    assert "2 new" in mail.outbox[0].subject
    assert "New activity in a members-only discussion" in mail.outbox[0].body
    assert "Digest thread" not in mail.outbox[0].body
    assert "One" not in mail.outbox[0].body
    call_command("forum_digest")
    assert len(mail.outbox) == 1


def test_unread_markers_show_new_posts_since_the_last_visit(
    client, member, other_member, members_category, make_thread
):
    thread = make_thread(members_category, member)
    client.force_login(other_member)
    assert "Unread" in client.get("/forum/c/pathways/").content.decode()
    client.get(thread.get_absolute_url())
    assert "Unread" not in client.get("/forum/c/pathways/").content.decode()
    services.add_post(thread, member, "Something new", None)
    assert "New posts" in client.get("/forum/c/pathways/").content.decode()
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "1 new since your last visit" in page


def test_a_mention_in_a_new_thread_notifies(member, other_member, members_category, make_thread):
    make_thread(members_category, member, "Question for Harwich", source="@bob any ideas?")
    assert Notification.objects.get(user=other_member).kind == Notification.Kind.MENTION


# --- what an e-mail may say: outside mail providers carry it ---------------------------------


def everything_sent(message) -> str:
    """The subject, the text and every alternative (HTML) body of an e-mail."""
    parts = [message.subject, message.body]
    parts += [content for content, _ in getattr(message, "alternatives", [])]
    return "\n".join(parts)


@pytest.fixture
def amira(organisation):
    from conftest import make_user

    user = make_user("amira.haddad@example.org", organisation=organisation)
    user.display_name = "Amira Haddad"
    user.save(update_fields=["display_name"])
    return user


def test_a_members_only_email_carries_no_title_no_text_and_no_sender(
    member, other_member, members_category, make_thread
):
    thread = make_thread(members_category, member, "Cedar Road car wash visit")
    mail.outbox.clear()
    # A reply to alice, then a mention of her: each e-mail says only that there is news.
    first = services.add_post(thread, other_member, "Tuesday 6am, two officers attend", None)
    services.add_post(thread, other_member, "@alice the interpreter is booked", first)
    assert [m.to for m in mail.outbox] == [[member.email], [member.email]]
    for message in mail.outbox:
        sent = everything_sent(message)
        assert message.subject == "New activity in a members-only discussion on Waymark"
        for secret in ("Cedar Road", "Tuesday 6am", "interpreter", other_member.name):
            assert secret not in sent
        assert "/forum/post/" in message.body and "sign in" in message.body


def test_a_private_group_email_carries_no_title_no_text_and_no_sender(
    member, amira, private_category, make_thread
):
    thread = make_thread(private_category, member, "Operation Cedar briefing")
    Watch.objects.create(user=amira, thread=thread, level="watching")
    mail.outbox.clear()
    services.add_post(thread, member, "Raid on the Harbour Street address at dawn", None)
    [message] = mail.outbox
    assert message.to == [amira.email]
    sent = everything_sent(message)
    assert message.subject == "New activity in a private group's discussion on Waymark"
    for secret in ("Operation Cedar", "Harbour Street", "dawn", member.name, "liaison"):
        assert secret.lower() not in sent.lower()


def test_a_public_thread_email_names_the_thread_and_the_sender(
    member, other_member, public_category, make_thread
):
    thread = make_thread(public_category, member, "Car wash outreach")
    mail.outbox.clear()
    services.add_post(thread, other_member, "Leaflets are at the front desk", None)
    [message] = mail.outbox
    assert message.subject == 'Bob posted in a discussion you watch: "Car wash outreach"'
    assert "Leaflets are at the front desk" in message.body


def test_a_digest_names_public_threads_only(
    member, other_member, public_category, members_category, private_category, make_thread
):
    ForumSettings.objects.create(user=member, email=ForumSettings.Email.DAILY)
    open_thread = make_thread(public_category, member, "Car wash outreach")
    members = make_thread(members_category, member, "Cedar Road car wash visit")
    services.add_post(open_thread, other_member, "Leaflets are ready", None)
    services.add_post(members, other_member, "Tuesday 6am, two officers attend", None)
    mail.outbox.clear()
    call_command("forum_digest")
    [message] = mail.outbox
    sent = everything_sent(message)
    assert 'Bob posted in a discussion you watch: "Car wash outreach"' in sent
    assert "New activity in a members-only discussion" in sent
    assert "Cedar Road" not in sent and "Tuesday 6am" not in sent


def test_only_what_the_public_may_read_may_travel_by_email(private_group):
    from accounts import policy

    assert policy.may_travel_by_email({policy.PUBLIC})
    assert not policy.may_travel_by_email({policy.MEMBERS})
    assert not policy.may_travel_by_email({policy.group_audience(private_group.pk)})
    assert not policy.may_travel_by_email(set())


# --- the count in the header ------------------------------------------------------------


def header(client, url="/directory/") -> str:
    page = client.get(url).content.decode()
    return page.split('<header class="wm-masthead"', 1)[1].split("</header>", 1)[0]


def test_every_page_s_header_counts_unread_notifications_and_links_to_them(
    client, member, other_member, members_category, make_thread
):
    thread = make_thread(members_category, member)
    services.add_post(thread, other_member, "Police first?", None)
    services.add_post(thread, other_member, "Or the refuge?", None)
    client.force_login(member)
    for url in ("/directory/", "/forum/", thread.get_absolute_url(), "/accounts/profile/"):
        shown = header(client, url)
        assert 'href="/forum/notifications/"' in shown, url
        assert '2<span class="govuk-visually-hidden"> unread</span>' in shown, url
    client.post("/forum/notifications/", {"mark_read": "1"})
    shown = header(client)
    assert "Notifications" in shown and "unread" not in shown


def test_the_header_count_is_one_query_and_nothing_for_visitors(client, member):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(member)
    with CaptureQueriesContext(connection) as queries:
        header(client)
    counts = [q["sql"] for q in queries.captured_queries if "forum_notification" in q["sql"]]
    assert len(counts) == 1 and "COUNT(" in counts[0]
    client.logout()
    assert "/forum/notifications/" not in header(client)


def test_times_read_naturally(client, member, other_member, members_category, make_thread):
    from datetime import timedelta

    import time_machine
    from django.utils import timezone

    thread = make_thread(members_category, member)
    services.add_post(thread, other_member, "Police first?", None)
    client.force_login(member)
    page = client.get("/forum/notifications/").content.decode()
    assert "just now" in page and "0 minutes" not in page
    for later, says in [
        # (a no-break space between the number and its unit)
        (timedelta(minutes=5, seconds=10), "5\xa0minutes ago"),
        (timedelta(days=3, hours=4), "3\xa0days ago"),
    ]:
        with time_machine.travel(timezone.now() + later):
            page = client.get("/forum/notifications/").content.decode()
        assert says in page, says
    assert "hours ago" not in page  # the largest unit only


def test_the_thread_page_shows_how_the_reader_watches_it(
    client, member, other_member, members_category, make_thread
):
    thread = make_thread(members_category, member)
    Watch.objects.create(user=other_member, thread=thread, level="muted")
    client.force_login(other_member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'value="muted" checked' in page
    assert 'value="watching" checked' not in page
