"""Handles: what others type after @ to mention someone. A form of the person's name,
unique, changeable on their account page, and never a part of their e-mail address."""

import importlib

import pytest
from django.apps import apps

from accounts.models import User
from conftest import make_user
from directory.models import Organisation
from forum.markdown import render_post

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profile/"


def named(email, display_name="", **extra):
    return User.objects.create_user(email, "x", display_name=display_name, **extra)


def test_a_new_person_s_handle_is_a_form_of_their_name_not_of_their_address():
    priya = named("p.shah-1984@agency.example.org", "Priya Shah")
    assert priya.handle == "priya.shah"
    zoe = named("zn@example.org", "Zoë  Núñez-O'Brien")
    assert zoe.handle == "zoe.nunez.o.brien"
    first_and_last = named("fl@example.org", first_name="Amira", last_name="Haddad")
    assert first_and_last.handle == "amira.haddad"


def test_someone_without_a_name_gets_a_plain_handle_never_their_address():
    first = named("coordinator@example.org")
    second = named("j.bloggs@example.org")
    assert [first.handle, second.handle] == ["member", "member2"]


def test_someone_without_a_name_is_shown_by_their_handle_never_their_address():
    person = named("j.bloggs@example.org")
    assert person.name == person.handle == "member"
    assert "bloggs" not in person.name


def test_no_handle_contains_any_part_of_an_e_mail_address():
    people = [
        named("coordinator@colchester.example.org"),
        named("priya.shah@example.org", "Priya Shah"),  # the name happens to match
        named("psh@example.org", "Priya Shah"),
        make_user("amira.haddad@example.org"),
    ]
    for person in people:
        local_part = person.email.split("@")[0]
        if person.display_name.lower().replace(" ", ".") != local_part:
            assert local_part not in person.handle, person.handle


def test_handles_are_unique_and_never_an_organisation_s_directory_name(db):
    Organisation.objects.create(name="Amira", slug="amira")
    one, two = named("a1@example.org", "Priya Shah"), named("a2@example.org", "Priya Shah")
    assert (one.handle, two.handle) == ("priya.shah", "priya.shah2")
    assert named("a3@example.org", "Amira").handle == "amira2"


def test_a_long_name_is_cut_to_the_handle_length_and_numbered_within_it():
    long_name = "Bartholomew Maximilian Fortescue-Smythe"
    first, second = named("l1@example.org", long_name), named("l2@example.org", long_name)
    assert len(first.handle) <= 30 and len(second.handle) <= 30
    assert second.handle.endswith("2") and first.handle != second.handle
    assert not first.handle.endswith(".")


def test_a_member_changes_their_handle_and_mentions_follow_it(client, member):
    client.force_login(member)
    assert client.get(PROFILE).context["form"]["handle"].value() == "alice"
    response = client.post(PROFILE, {"handle": "@Alice-Colne"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.handle == "alice-colne"
    assert "Your handle is now @alice-colne" in client.get(PROFILE).content.decode()
    members = {"members"}
    assert render_post("Thanks @alice-colne", members).user_ids == [member.pk]
    assert render_post("Thanks @alice", members).user_ids == []


@pytest.mark.parametrize(
    ("handle", "says"),
    [
        ("bob", "Someone else"),
        ("harwich-housing", "Someone else (or an organisation)"),
        ("no spaces", "Use letters a to z"),
        (".dot-first", "Use letters a to z"),
        ("", "required"),
        ("x" * 31, "30 characters"),
        ("émile", "Use letters a to z"),
    ],
)
def test_a_handle_someone_has_or_that_is_malformed_is_refused_and_nothing_changes(
    client, member, other_member, other_organisation, handle, says
):
    client.force_login(member)
    response = client.post(PROFILE, {"handle": handle})
    assert response.status_code == 200
    assert says in response.content.decode()
    member.refresh_from_db()
    assert member.handle == "alice"


def test_the_migration_re_derives_e_mail_based_handles_from_names(organisation):
    priya = named("p.shah-1984@example.org", "Priya Shah")
    nameless = named("coordinator@example.org")
    Organisation.objects.create(name="Sam", slug="sam")
    sam = named("s.jones@example.org", "Sam")
    for person in (priya, nameless, sam):  # as the handles read before: the address
        User.objects.filter(pk=person.pk).update(handle=person.email.split("@")[0])
    migration = importlib.import_module("accounts.migrations.0002_user_handle")
    migration.derive_from_names(apps, None)
    handles = dict(User.objects.values_list("email", "handle"))
    assert handles == {
        "p.shah-1984@example.org": "priya.shah",
        "coordinator@example.org": "member",
        "s.jones@example.org": "sam2",
    }
