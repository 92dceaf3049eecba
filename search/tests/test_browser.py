"""Suggestions as you type on /search/: an accessible combobox used with the keyboard alone,
that suggests only what the person may see, and a plain form without JavaScript."""

import pytest

from forum.models import Category as ForumCategory
from forum.services import start_thread
from search import indexing
from tests.factories import ServiceFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def suggestions(elasticsearch, member):
    indexing.delete_all_indices()
    indexing.ensure_indices()
    ServiceFactory(name="Emergency safe house", description="Beds tonight")
    ServiceFactory(name="Emergency interpreting line", description="Albanian and Romanian")
    members_only = ForumCategory.objects.create(name="Liaison", slug="liaison", access="members")
    start_thread(members_only, member, "Emergency liaison rota", "Who is on call")
    indexing.drain()
    indexing.refresh()
    yield
    indexing.delete_all_indices()


def open_suggestions(page, live_server, text: str):
    page.goto(f"{live_server.url}/search/")
    box = page.get_by_role("combobox", name="Search services, organisations")
    box.focus()
    page.keyboard.type(text, delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for()
    return box, listbox


def test_a_suggestion_is_chosen_with_the_arrow_keys_and_enter(
    page, live_server, suggestions, artifacts_dir
):
    box, listbox = open_suggestions(page, live_server, "emerg")
    options = listbox.get_by_role("option")
    assert sorted(options.all_inner_texts()) == [
        "Emergency interpreting line",
        "Emergency safe house",
    ]  # the members' thread title is not suggested to the public
    assert box.get_attribute("aria-expanded") == "true"
    assert "2 suggestions" in page.get_by_role("status").inner_text()

    page.keyboard.press("ArrowDown")
    first = options.nth(0)
    assert first.get_attribute("aria-selected") == "true"
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # wraps round to the first again
    assert first.get_attribute("aria-selected") == "true"
    page.keyboard.press("ArrowUp")
    chosen = options.nth(1)
    assert chosen.get_attribute("aria-selected") == "true"
    chosen_text = chosen.inner_text()
    page.screenshot(path=f"{artifacts_dir}/search-suggestions-keyboard.png", full_page=True)

    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert box.input_value() == chosen_text
    assert chosen_text in page.locator("main").inner_text()


def test_escape_closes_the_suggestions_and_leaves_the_words_typed(page, live_server, suggestions):
    box, listbox = open_suggestions(page, live_server, "emerg")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert listbox.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None
    assert box.input_value() == "emerg"
    page.keyboard.press("Enter")  # with nothing chosen, Enter searches for what was typed
    page.wait_for_url("**/search/?q=emerg&*")


def test_without_javascript_the_search_box_is_a_plain_form(browser, live_server, suggestions):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/search/")
    box = page.get_by_role("searchbox", name="Search services, organisations")
    assert box.get_attribute("role") is None
    box.fill("safe house")
    page.locator("#main-content").get_by_role("button", name="Search").click()
    page.wait_for_url("**/search/?q=safe+house*")
    assert "Emergency safe house" in page.locator("main").inner_text()
    context.close()
