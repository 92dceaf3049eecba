"""``seed_demo`` builds the whole demo network from the data files, and running it again
changes nothing."""

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from demo.load import read
from directory.models import Category, Organisation, Service
from forum.models import Category as ForumCategory
from forum.models import Post, Thread
from guidance.models import EventPage, GuidancePage, ResourcePage
from pathways.models import Pathway


def _counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "services": Service.objects.count(),
        "categories": Category.objects.count(),
        "people": User.objects.count(),
        "guidance pages": GuidancePage.objects.live().count(),
        "resources": ResourcePage.objects.live().count(),
        "events": EventPage.objects.live().count(),
        "forum categories": ForumCategory.objects.count(),
        "threads": Thread.objects.count(),
        "posts": Post.objects.count(),
        "pathways": Pathway.objects.count(),
    }


@pytest.mark.django_db
def test_the_demo_network_is_all_there_and_a_second_run_changes_nothing():
    call_command("seed_demo", stdout=io.StringIO())
    built = _counts()
    assert built == {
        "organisations": 43,
        "services": 131,
        "categories": 21,
        "people": 7,
        "guidance pages": 6,
        "resources": 6,
        "events": 4,
        "forum categories": 4,
        "threads": 4,
        "posts": 14,
        "pathways": 1,
    }
    assert Pathway.objects.get().status == Pathway.Status.AGREED
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == built


def _organisations_named_in_the_data() -> set[str]:
    named = {person["organisation"] for person in read("accounts")}
    forum = read("forum")
    named |= set(forum["private_group"]["organisations"])
    named |= {link["organisation"] for link in forum["service_links"].values()}
    for pathway in read("pathways")["pathways"]:
        named |= set(pathway["participating_organisations"])
        named |= {sign_off["organisation"] for sign_off in pathway["sign_offs"]}
        for step in pathway["steps"]:
            named |= {service["organisation"] for service in step.get("services", [])}
            if "responsible_organisation" in step:
                named.add(step["responsible_organisation"])

    named |= {
        block["value"]["organisation"]
        for page in _pages(read("guidance")["pages"])
        for block in page.get("body", [])
        if block["type"] == "contact"
    }
    return named


def _pages(pages):
    for page in pages:
        yield page
        yield from _pages(page.get("children", []))


def test_every_name_the_data_files_use_is_defined_in_them():
    """A typo in a hand-edited data file would quietly drop a block or a person."""
    directory = read("directory")
    organisations = {entry["slug"] for entry in directory["organisations"]}
    assert _organisations_named_in_the_data() <= organisations
    categories = {category["slug"] for category in directory["categories"]}
    for kind in directory["service_kinds"].values():
        assert set(kind["categories"]) <= categories
    for entry in directory["organisations"]:
        assert entry["town"] in directory["towns"]
        assert set(entry["services"]) <= set(directory["service_kinds"])
        assert set(entry["languages"]) <= {language["code"] for language in directory["languages"]}
    for town in directory["towns"].values():
        assert town["district"] in directory["postcode_districts"]
    people = {person["email"] for person in read("accounts")}
    forum = read("forum")
    for thread in forum["threads"]:
        assert {thread["author"]} | {post["author"] for post in thread["posts"]} <= people
        assert thread["category"] in {category["slug"] for category in forum["categories"]}
    for pathway in read("pathways")["pathways"]:
        assert {pathway["created_by"]} | {s["by"] for s in pathway["sign_offs"]} <= people
        assert pathway["source_thread"] in {thread["title"] for thread in forum["threads"]}
    guidance = read("guidance")
    slugs = {page["slug"] for page in _pages(guidance["pages"])}
    assert {link["page"] for link in guidance["home"]["quick_links"]} <= slugs
