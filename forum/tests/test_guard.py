"""The safeguarding guard: personal data of a potential victim is caught before publishing."""

import pytest

from forum.models import Post
from forum.safeguarding import find_personal_data, kinds, mask

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "text, kind",
    [
        ("Found Maria Popescu born 12/03/1998 at the car wash", "a date of birth"),
        ("DOB: 4 March 2001", "a date of birth"),
        ("Anna Kowalska, 12 June 1999, was moved", "a name with a date"),
        ("call her on 07700 900123 tonight", "a phone number"),
        ("Ring +44 7700 900123", "a phone number"),
        ("Office line 01206 555123", "a phone number"),
        ("write to maria.p@example.com", "an e-mail address"),
        ("she lives at CO1 1AB near the station", "a full postcode"),
        ("NI number QQ 12 34 56 C", "a National Insurance number"),
        ("Passport no. 123456789", "a passport number"),
        ("passport number: X1234567", "a passport number"),
    ],
)
def test_personal_data_is_found(text, kind):
    assert kind in kinds(find_personal_data(text))


@pytest.mark.parametrize(
    "text",
    [
        "Who takes adults found at car washes out of hours?",
        "The NRM decision usually takes 45 days; in 2023 it was longer.",
        "Colchester and north Essex, CO1 area",
        "Meeting on 12/03 at the Town Hall",
    ],
)
def test_ordinary_discussion_is_not_flagged(text):
    assert find_personal_data(text) == []


def test_masking_removes_every_detail():
    text = "Maria, born 12/03/1998, phone 07700 900123, email m@example.com, CO1 1AB"
    masked = mask(text)
    for detail in ["12/03/1998", "07700 900123", "m@example.com", "CO1 1AB"]:
        assert detail not in masked


def test_the_form_warns_and_publishes_nothing_until_confirmed(
    client, member, members_category, make_thread
):
    thread = make_thread(members_category, member)
    client.force_login(member)
    url = f"/forum/t/{thread.pk}/reply/"
    response = client.post(url, {"source": "Her number is 07700 900123", "publish": "1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "may contain personal data of a potential victim" in page
    assert "a phone number" in page
    assert "I confirm this contains no personal data of a potential victim" in page
    assert Post.objects.count() == 1
    response = client.post(
        url,
        {
            "source": "The refuge switchboard is 07700 900123",
            "confirm_no_personal_data": "on",
            "publish": "1",
        },
    )
    assert response.status_code == 302
    assert Post.objects.count() == 2


def test_removing_the_detail_publishes_without_confirming(
    client, member, members_category, make_thread
):
    thread = make_thread(members_category, member)
    client.force_login(member)
    url = f"/forum/t/{thread.pk}/reply/"
    client.post(url, {"source": "Her number is 07700 900123", "publish": "1"})
    response = client.post(url, {"source": "I have passed her details on securely."})
    assert response.status_code == 302


def test_a_new_thread_title_is_checked_too(client, member, members_category):
    client.force_login(member)
    response = client.post(
        "/forum/c/pathways/new/",
        {"title": "Maria Popescu born 12/03/1998", "source": "Can anyone help?"},
    )
    assert "may contain personal data" in response.content.decode()


def test_preview_shows_the_rendered_post_and_publishes_nothing(
    client, member, members_category, make_thread
):
    thread = make_thread(members_category, member)
    client.force_login(member)
    response = client.post(
        f"/forum/t/{thread.pk}/reply/", {"source": "**Bold idea**", "preview": "1"}
    )
    assert "<strong>Bold idea</strong>" in response.content.decode()
    assert Post.objects.count() == 1


def test_a_coordinator_redacts_and_the_original_leaves_the_history(
    client, member, coordinator, members_category, make_thread, staff_login
):
    thread = make_thread(members_category, member, source="Original text")
    post = thread.posts.get()
    post.edit("Now with 07700 900123", member)
    client.force_login(member)
    assert client.get(f"/forum/post/{post.pk}/redact/").status_code == 403
    staff_login(client, coordinator)
    response = client.post(f"/forum/post/{post.pk}/redact/", {"source": "Now with [removed]"})
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.revisions.count() == 0
    history = client.get(f"/forum/post/{post.pk}/history/").content.decode()
    assert "07700 900123" not in history and "Original text" not in history
    assert "redacted this post" in history
