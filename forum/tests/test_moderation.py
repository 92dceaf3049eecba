"""Moderation and rate limits."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from forum import services
from forum.models import Flag, ModerationLog, Post

pytestmark = pytest.mark.django_db


def test_a_member_flags_a_post_and_a_coordinator_sees_it_in_the_queue(
    client, member, other_member, coordinator, members_category, make_thread, staff_login
):
    thread = make_thread(members_category, member)
    post = thread.posts.get()
    client.force_login(other_member)
    client.post(f"/forum/post/{post.pk}/flag/", {"reason": "personal_data", "details": "DOB"})
    assert Flag.objects.get().flagged_by == other_member
    assert client.get("/forum/moderation/").status_code == 403
    staff_login(client, coordinator)
    queue = client.get("/forum/moderation/").content.decode()
    assert "It contains personal data of a potential victim" in queue


def test_hiding_a_post_hides_it_from_members_and_is_logged(
    client, member, coordinator, members_category, make_thread, staff_login
):
    thread = make_thread(members_category, member, source="Unkind words")
    post = thread.posts.get()
    client.force_login(member)
    assert client.post(f"/forum/post/{post.pk}/moderate/hide/").status_code == 403
    staff_login(client, coordinator)
    client.post(f"/forum/post/{post.pk}/moderate/hide/")
    assert Post.objects.get().is_hidden
    client.force_login(member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert "Unkind words" not in page and "hidden by a moderator" in page
    assert ModerationLog.objects.get().action == "hide"


@pytest.mark.parametrize(
    "action, field", [("lock", "locked"), ("pin", "pinned"), ("close", "closed")]
)
def test_coordinators_lock_pin_and_close_threads(
    client, member, coordinator, members_category, make_thread, action, field, staff_login
):
    thread = make_thread(members_category, member)
    client.force_login(member)
    assert client.post(f"/forum/t/{thread.pk}/moderate/{action}/").status_code == 403
    staff_login(client, coordinator)
    client.post(f"/forum/t/{thread.pk}/moderate/{action}/")
    thread.refresh_from_db()
    assert getattr(thread, field)
    assert ModerationLog.objects.filter(action=action, thread=thread).exists()


def test_a_coordinator_moves_a_thread(
    client, member, coordinator, members_category, public_category, make_thread, staff_login
):
    thread = make_thread(members_category, member)
    staff_login(client, coordinator)
    client.post(f"/forum/t/{thread.pk}/moderate/move/", {"category": public_category.pk})
    thread.refresh_from_db()
    assert thread.category == public_category
    assert "from Referral pathways to Open questions" in ModerationLog.objects.get().detail


def test_a_coordinator_suspends_a_member_who_then_cannot_post(
    client, member, coordinator, members_category, make_thread, staff_login
):
    thread = make_thread(members_category, member)
    staff_login(client, coordinator)
    client.post(f"/forum/moderation/people/{member.pk}/suspend/", {"days": 7, "reason": "Spam"})
    member.refresh_from_db()
    assert member.is_suspended
    assert ModerationLog.objects.get().action == "suspend"
    client.force_login(member)
    assert client.post(f"/forum/t/{thread.pk}/reply/", {"source": "x"}).status_code == 403


def test_members_cannot_suspend_anyone(client, member, other_member):
    client.force_login(member)
    response = client.post(
        f"/forum/moderation/people/{other_member.pk}/suspend/", {"days": 7, "reason": "x"}
    )
    assert response.status_code == 403


def _age(user, days):
    from datetime import timedelta

    from django.utils import timezone

    user.date_joined = timezone.now() - timedelta(days=days)
    user.save()


def test_new_members_are_limited_more_strictly_with_a_clear_message(
    client, member, members_category, make_thread
):
    thread = make_thread(members_category, member)  # the opening post counts as one
    client.force_login(member)
    url = f"/forum/t/{thread.pk}/reply/"
    assert client.post(url, {"source": "second"}).status_code == 302
    response = client.post(url, {"source": "third"})
    assert response.status_code == 200
    assert "You are posting too quickly" in response.content.decode()
    assert Post.objects.count() == 2


def test_established_members_may_post_more_before_the_limit(
    client, member, members_category, make_thread
):
    _age(member, 30)
    thread = make_thread(members_category, member)
    client.force_login(member)
    url = f"/forum/t/{thread.pk}/reply/"
    codes = [client.post(url, {"source": f"reply {n}"}).status_code for n in range(6)]
    assert codes == [302] * 5 + [200]


def test_the_limit_resets_in_the_next_window(member, members_category, make_thread):
    thread = make_thread(members_category, member)
    services.add_post(thread, member, "two", None)
    with pytest.raises(services.RateLimited):
        services.check_rate_limit(member)
    with (
        time_machine.travel(timezone.now() + timedelta(seconds=59)),
        pytest.raises(services.RateLimited),
    ):
        services.check_rate_limit(member)
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        services.check_rate_limit(member)
