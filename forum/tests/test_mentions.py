"""Suggestions of people to @mention while writing: who gets them, and who is offered."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import PrivateGroup, User
from conftest import make_user
from directory.models import Organisation
from forum.markdown import render_post

pytestmark = pytest.mark.django_db

URL = reverse("forum:mentions")


def person(email, display_name=None, **extra):
    user = make_user(email, **extra)
    if display_name:
        user.display_name = display_name
        user.save(update_fields=["display_name"])
    return user


def suggest(client, q, **place):
    response = client.get(URL, {"q": q, **place})
    assert response.status_code == 200, response.content
    return response.json()["results"]


def handles(results, kind="person"):
    return [r["handle"] for r in results if r["kind"] == kind]


@pytest.fixture
def amira(organisation):
    return person("amira.haddad@example.org", "Amira Haddad", organisation=organisation)


@pytest.fixture
def thread(members_category, make_thread, member):
    return make_thread(members_category, member)


# --- who gets suggestions ----------------------------------------------------------------


def test_a_member_writing_in_a_thread_is_offered_people_by_handle(client, member, amira, thread):
    client.force_login(member)
    results = suggest(client, "ami", thread=thread.pk)
    assert results == [
        {
            "handle": "amira.haddad",
            "name": "Amira Haddad",
            "organisation": "Colne Valley Refuge Trust",
            "kind": "person",
        }
    ]


def test_the_handle_offered_turns_into_a_mention_when_posted(client, member, amira, thread):
    client.force_login(member)
    [suggestion] = suggest(client, "ami", thread=thread.pk)
    rendered = render_post(f"Thanks @{suggestion['handle']} for the referral", thread.audiences())
    assert rendered.user_ids == [amira.pk]
    assert "@Amira Haddad" in rendered.html


def test_people_are_found_by_surname_and_by_organisation_name_ignoring_case(
    client, member, amira, other_member, thread
):
    client.force_login(member)
    assert handles(suggest(client, "HADD", thread=thread.pk)) == ["amira.haddad"]
    assert handles(suggest(client, "harwich", thread=thread.pk)) == ["bob"]
    assert handles(suggest(client, "housing", thread=thread.pk)) == ["bob"]


def test_a_member_starting_a_thread_is_offered_people_for_the_category(
    client, member, amira, members_category
):
    client.force_login(member)
    assert handles(suggest(client, "am", category=members_category.pk)) == ["amira.haddad"]


def test_no_email_address_is_ever_in_the_answer(client, member, amira, thread):
    client.force_login(member)
    response = client.get(URL, {"q": "a", "thread": thread.pk})
    assert "example.org" not in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in_and_get_no_data(client, amira, public_category):
    response = client.get(URL, {"q": "ami", "category": public_category.pk})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert b"amira" not in response.content


def test_someone_signed_in_outside_any_member_organisation_gets_nothing(
    client, outsider, amira, public_category, thread
):
    client.force_login(outsider)
    assert client.get(URL, {"q": "ami", "category": public_category.pk}).status_code == 403
    # A members-only thread does not even admit that it exists.
    assert client.get(URL, {"q": "ami", "thread": thread.pk}).status_code == 404


def test_a_suspended_member_gets_no_suggestions(client, member, amira, thread):
    member.suspended_until = timezone.now() + timedelta(days=3)
    member.save()
    client.force_login(member)
    assert client.get(URL, {"q": "ami", "thread": thread.pk}).status_code == 403


def test_a_member_gets_nothing_for_a_private_group_thread_they_cannot_read(
    client, other_member, amira, private_category, make_thread, member
):
    thread = make_thread(private_category, member)
    client.force_login(other_member)
    assert client.get(URL, {"q": "ami", "thread": thread.pk}).status_code == 404
    assert client.get(URL, {"q": "ami", "category": private_category.pk}).status_code == 404


def test_a_request_without_a_place_is_refused(client, member):
    client.force_login(member)
    assert client.get(URL, {"q": "ami"}).status_code == 400
    assert client.get(URL, {"q": "ami", "thread": "x"}).status_code == 400


@pytest.mark.parametrize(
    "place", [{"thread": "²"}, {"category": "²"}, {"thread": "１"}, {"thread": "9" * 20}]
)
def test_a_place_that_is_not_a_plain_number_is_a_clear_400(client, member, place):
    """Superscript and full-width digits pass ``str.isdigit`` but not ``int()``."""
    client.force_login(member)
    response = client.get(URL, {"q": "ami", **place})
    assert response.status_code == 400
    [name] = place
    assert response.json()["parameter"] == name
    assert "whole number" in response.json()["error"]


# --- who is offered ----------------------------------------------------------------------


def test_a_private_group_thread_offers_only_people_in_the_group(
    client, member, amira, other_member, private_category, private_group, make_thread
):
    named = make_user(
        "nadia@example.org",
        organisation=Organisation.objects.create(name="Essex Police", slug="essex-police"),
    )
    private_group.users.add(named)
    thread = make_thread(private_category, member)
    client.force_login(member)
    offered = (
        handles(suggest(client, "a", thread=thread.pk))
        + handles(suggest(client, "b", thread=thread.pk))
        + handles(suggest(client, "n", thread=thread.pk))
    )
    # amira through her organisation, nadia named in the group; bob is in neither.
    assert sorted(offered) == ["amira.haddad", "nadia"]


def test_people_who_could_not_read_the_thread_are_not_offered(
    client, member, outsider, thread, public_category
):
    client.force_login(member)
    # charlie belongs to no member organisation: not offered even where the public reads.
    assert suggest(client, "char", thread=thread.pk) == []
    assert suggest(client, "char", category=public_category.pk) == []


def test_inactive_and_suspended_people_are_never_offered(client, member, organisation, thread):
    make_user("amy@example.org", organisation=organisation, is_active=False)
    make_user(
        "amos@example.org",
        organisation=organisation,
        suspended_until=timezone.now() + timedelta(days=1),
    )
    make_user("amber@example.org", organisation=organisation)
    client.force_login(member)
    assert handles(suggest(client, "am", thread=thread.pk)) == ["amber"]


def test_staff_of_a_suspended_organisation_are_not_offered(client, member, thread):
    suspended = Organisation.objects.create(
        name="Closed Charity", slug="closed", status=Organisation.Status.SUSPENDED
    )
    make_user("amy@example.org", organisation=suspended)
    client.force_login(member)
    assert suggest(client, "am", thread=thread.pk) == []


def test_two_people_with_the_same_name_have_different_handles_and_both_are_offered(
    client, member, organisation, other_organisation, thread
):
    make_user("sam@colne.example.org", organisation=organisation)
    make_user("sam@harwich.example.org", organisation=other_organisation)
    make_user("samira@example.org", organisation=organisation)
    client.force_login(member)
    assert handles(suggest(client, "sam", thread=thread.pk)) == ["sam", "sam2", "samira"]
    rendered = render_post("@sam2 can you cover?", thread.audiences())
    assert rendered.user_ids == [User.objects.get(email="sam@harwich.example.org").pk]


def test_the_person_writing_is_not_offered_to_themselves(client, member, thread):
    client.force_login(member)
    assert suggest(client, "alice", thread=thread.pk) == []


def test_coordinators_and_editors_are_offered_in_members_places(
    client, member, coordinator, editor, thread
):
    client.force_login(member)
    assert handles(suggest(client, "cora", thread=thread.pk)) == ["cora"]
    assert handles(suggest(client, "ed", thread=thread.pk)) == ["ed"]


def test_at_most_eight_people_are_offered_handles_first(client, member, organisation, thread):
    for n in range(12):
        person(f"sara{n:02}@example.org", f"Z {n}", organisation=organisation)
    person("zed@example.org", "Sarah Zed", organisation=organisation)
    client.force_login(member)
    results = suggest(client, "sar", thread=thread.pk)
    assert len(results) == 8
    assert all(r["handle"].startswith("sara") for r in results)


def test_nothing_typed_or_odd_characters_find_nobody(client, member, amira, thread):
    client.force_login(member)
    assert suggest(client, "", thread=thread.pk) == []
    assert suggest(client, "@", thread=thread.pk) == []
    assert suggest(client, "a%", thread=thread.pk) == []
    assert handles(suggest(client, "@ami", thread=thread.pk)) == ["amira.haddad"]


def test_the_answer_takes_the_same_queries_for_3_and_60_people(
    client, member, organisation, other_organisation, thread, django_assert_num_queries
):
    group = PrivateGroup.objects.create(name="Liaison")
    group.organisations.add(organisation)

    def grow(start, count):
        for n in range(start, start + count):
            person = make_user(
                f"pat{n:03}@example.org", organisation=[organisation, other_organisation][n % 2]
            )
            group.users.add(person)

    grow(0, 3)
    client.force_login(member)
    # session, user, thread, the policy (groups, memberships, private groups), people,
    # their memberships with organisations.
    with django_assert_num_queries(9) as small:
        assert len(suggest(client, "pat", thread=thread.pk)) == 3
    grow(3, 57)
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(suggest(client, "pat", thread=thread.pk)) == 8


def test_the_people_who_may_see_a_place_are_exactly_those_the_policy_lets_see_it(
    member, other_member, org_admin, coordinator, editor, outsider, private_group, organisation
):
    from accounts import policy

    inactive = make_user("gone@example.org", organisation=organisation, is_active=False)
    named = make_user("nadia@example.org")
    private_group.users.add(named)
    people = [member, other_member, org_admin, coordinator, editor, outsider, inactive, named]
    places = [
        {policy.PUBLIC},
        {policy.MEMBERS},
        {policy.group_audience(private_group.pk)},
        {policy.organisation_audience(organisation.pk)},
    ]
    for audiences in places:
        # (Anyone may see a public place, even someone inactive; only active people count.)
        expected = {p.pk for p in people if p.is_active and policy.can_see(p, audiences)}
        found = set(policy.people_who_may_see(audiences).values_list("pk", flat=True))
        assert found == expected, audiences


# --- organisations ---------------------------------------------------------------------


def test_organisations_in_the_directory_are_offered_after_people_and_link_when_posted(
    client, member, other_member, other_organisation, thread
):
    client.force_login(member)
    results = suggest(client, "harwich", thread=thread.pk)
    assert [(r["kind"], r["handle"]) for r in results] == [
        ("person", "bob"),
        ("organisation", "harwich-housing"),
    ]
    assert results[1]["name"] == "Harwich Housing Association"
    assert "directory entry" in results[1]["organisation"]
    rendered = render_post(f"Ask @{results[1]['handle']} about tenancies", thread.audiences())
    assert other_organisation.get_absolute_url() in rendered.html


def test_suspended_and_unpublished_organisations_are_not_offered(
    client, member, other_organisation, thread
):
    client.force_login(member)
    assert handles(suggest(client, "harw", thread=thread.pk), "organisation") == ["harwich-housing"]
    other_organisation.status = Organisation.Status.SUSPENDED
    other_organisation.save()
    assert handles(suggest(client, "harw", thread=thread.pk), "organisation") == []
    Organisation.objects.filter(pk=other_organisation.pk).update(
        status=Organisation.Status.ACTIVE, live=False
    )
    assert handles(suggest(client, "harw", thread=thread.pk), "organisation") == []


def test_organisations_take_at_most_three_of_the_eight_places(client, member, organisation, thread):
    for n in range(6):
        Organisation.objects.create(name=f"Tendring Outreach {n}", slug=f"tendring-outreach-{n}")
        person(f"tendring.worker{n}@example.org", f"Worker {n}", organisation=organisation)
    client.force_login(member)
    results = suggest(client, "tendring", thread=thread.pk)
    assert len(results) == 8
    assert len(handles(results, "person")) == 5
    assert len(handles(results, "organisation")) == 3


# --- whom a written mention names ----------------------------------------------------------


def preview(client, url, source, **fields):
    response = client.post(url, {"source": source, "preview": "1", **fields})
    assert response.status_code == 200, response.content
    page = response.content.decode()
    return page.split('data-testid="preview">', 1)[1].split("</div>", 1)[0]


def test_a_preview_names_only_people_who_may_read_the_private_thread(
    client, member, amira, other_member, private_category, make_thread
):
    thread = make_thread(private_category, member, "Operation Cedar")
    client.force_login(member)
    shown = preview(client, f"/forum/t/{thread.pk}/reply/", "Ask @amira.haddad and @bob")
    # amira's organisation is in the group; bob's is not: his handle stays plain text.
    assert '<span class="wm-mention">@Amira Haddad</span>' in shown
    assert "@bob" in shown and "Bob" not in shown
    assert shown.count("wm-mention") == 1


def test_a_new_thread_preview_names_only_people_who_may_read_the_category(
    client, member, amira, other_member, private_category, members_category
):
    client.force_login(member)
    source = "Ask @amira.haddad and @bob"
    url = f"/forum/c/{private_category.slug}/new/"
    shown = preview(client, url, source, title="Briefing")
    assert "@Amira Haddad" in shown and "Bob" not in shown
    shown = preview(client, f"/forum/c/{members_category.slug}/new/", source, title="Briefing")
    assert "@Amira Haddad" in shown and "@Bob" in shown


def test_a_saved_post_names_and_notifies_only_people_who_may_read_the_thread(
    member, amira, other_member, private_category, members_category, make_thread
):
    from forum import services
    from forum.models import Notification

    private = make_thread(private_category, member, "Operation Cedar")
    post = services.add_post(private, member, "@bob and @amira.haddad, briefing at nine", None)
    assert "@Amira Haddad" in post.html
    assert "Bob" not in post.html and "@bob" in post.html
    assert Notification.objects.filter(user=amira, kind=Notification.Kind.MENTION).exists()
    assert not Notification.objects.filter(user=other_member).exists()

    members = make_thread(members_category, member, "Harwich cover")
    post = services.add_post(members, member, "@bob can you cover?", None)
    assert "@Bob" in post.html
    assert Notification.objects.get(user=other_member).kind == Notification.Kind.MENTION


def test_people_outside_every_member_organisation_are_never_named_even_where_the_public_reads(
    member, outsider, other_member, public_category, make_thread
):
    thread = make_thread(public_category, member, "Open question", source="@charlie and @bob")
    opening = thread.posts.get()
    assert "Charlie" not in opening.html and "@charlie" in opening.html
    assert "@Bob" in opening.html


def test_organisations_still_link_from_a_private_thread(
    member, other_organisation, private_category, make_thread
):
    thread = make_thread(private_category, member, "Liaison", source="Ask @harwich-housing")
    assert other_organisation.get_absolute_url() in thread.posts.get().html


def test_moving_a_thread_into_a_private_group_stops_naming_people_who_cannot_follow(
    client, staff_login, coordinator, member, other_member, members_category, private_category,
    make_thread,
):  # fmt: skip
    thread = make_thread(members_category, member, "Harwich cover", source="@bob can you cover?")
    assert "@Bob" in thread.posts.get().html
    staff_login(client, coordinator)
    response = client.post(
        f"/forum/t/{thread.pk}/moderate/move/", {"category": private_category.pk}
    )
    assert response.status_code == 302
    html = thread.posts.get().html
    assert "Bob" not in html and "@bob" in html
