"""Forum threads, referral pathways and guidance pages reach the index, and leave it."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils.text import slugify
from wagtail.models import Page, PageViewRestriction

from accounts import policy
from accounts.models import PrivateGroup
from forum.models import Category as ForumCategory
from forum.services import add_post, start_thread
from pathways.models import Pathway
from search.tests.helpers import run_search, titles

pytestmark = pytest.mark.django_db


@pytest.fixture
def forum_category(db):
    return ForumCategory.objects.create(name="Referrals", slug="referrals", access="public")


def test_a_thread_is_found_by_its_title_opening_post_and_replies(index_now, forum_category, member):
    thread = start_thread(forum_category, member, "Bed spaces in Clacton", "Any refuge capacity?")
    add_post(thread, member, "Try the Harbour night shelter", parent=None, notify=False)
    index_now()
    for query in ("clacton", "capacity", "harbour night shelter"):
        assert titles(run_search(q=query, type="thread")) == ["Bed spaces in Clacton"]


def test_a_hidden_reply_stops_matching(index_now, forum_category, member):
    thread = start_thread(forum_category, member, "Hostel question", "Opening words")
    reply = add_post(thread, member, "Ask about xylophone rooms", parent=None, notify=False)
    index_now()
    assert run_search(q="xylophone", type="thread").total == 1
    reply.is_hidden = True
    reply.save()
    index_now()
    assert run_search(q="xylophone", type="thread").total == 0


def test_making_a_category_private_hides_every_thread_in_it_from_the_public(
    index_now, forum_category, member, organisation
):
    start_thread(forum_category, member, "Labour exploitation on farms", "Seasonal workers")
    start_thread(forum_category, member, "Farms near Tiptree", "Pickers")
    index_now()
    assert run_search(q="farms", type="thread").total == 2
    group = PrivateGroup.objects.create(name="Farm watch")
    group.organisations.add(organisation)
    forum_category.access = "group"
    forum_category.group = group
    forum_category.save()
    index_now()
    policy.forget(member)  # the next request reads the member's groups afresh
    assert run_search(AnonymousUser(), q="farms", type="thread").total == 0
    assert run_search(member, q="farms", type="thread").total == 2


def test_deleting_a_thread_removes_it(index_now, forum_category, member):
    thread = start_thread(forum_category, member, "Temporary thread", "Soon gone")
    index_now()
    thread.delete()
    index_now()
    assert run_search(q="temporary", type="thread").total == 0


def test_an_agreed_public_pathway_is_public_and_a_draft_is_for_members(index_now, member):
    pathway = Pathway.objects.create(
        title="Adult emergency accommodation",
        slug="adult-emergency",
        area="Colchester",
        summary="Who to call for a bed tonight",
        visibility="public",
    )
    index_now()
    assert run_search(q="emergency accommodation", type="pathway").total == 0
    assert run_search(member, q="emergency accommodation", type="pathway").total == 1
    pathway.status = Pathway.Status.AGREED
    pathway.save()
    index_now()
    assert run_search(q="emergency accommodation", type="pathway").total == 1


def _guide(title: str, **fields):
    from guidance.models import GuidancePage

    home = Page.objects.filter(depth=2).first() or Page.get_first_root_node()
    page = GuidancePage(title=title, slug=slugify(title), **fields)
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_published_guidance_page_is_found_and_unpublishing_removes_it(index_now):
    page = _guide("Spotting forced labour", summary="Signs in car washes and nail bars")
    index_now()
    assert titles(run_search(q="car washes", type="page")) == ["Spotting forced labour"]
    page.unpublish()
    index_now()
    assert run_search(q="car washes", type="page").total == 0


def test_making_a_page_private_makes_it_members_only(index_now, member):
    page = _guide("Out of hours contacts", summary="Night duty numbers")
    index_now()
    assert run_search(q="night duty", type="page").total == 1
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    index_now()
    assert run_search(q="night duty", type="page").total == 0
    assert run_search(member, q="night duty", type="page").total == 1


def test_moving_a_page_under_a_private_section_and_out_again_changes_who_finds_it(
    index_now, member
):
    private = _guide("Members' area", summary="For members")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    page = _guide("Liaison rota", summary="Quarterly liaison rota")
    child = _guide("Rota archive", summary="Older liaison rotas")
    child.move(page, pos="last-child")
    index_now()
    assert run_search(q="liaison rota", type="page").total == 2

    page.refresh_from_db()
    page.move(private, pos="last-child")
    index_now()
    assert run_search(q="liaison rota", type="page").total == 0
    found = run_search(member, q="liaison rota", type="page")
    assert found.total == 2
    assert all("/members-area/" in hit.url for hit in found.hits)

    page.refresh_from_db()
    page.move(private.get_parent(), pos="last-child")
    index_now()
    assert run_search(q="liaison rota", type="page").total == 2
