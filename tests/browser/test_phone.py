"""Phone first: at 375×812 a search's first result is on the first screen, and the header's
menu and the filters fold behind toggles that work without JavaScript."""

import io

import pytest
from django.core.management import call_command

from tests.browser.test_accessibility import axe_violations, readable

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 375, "height": 812}
WIDE = {"width": 1280, "height": 900}
FIRST_RESULT = ".wm-search-result, [data-testid=result]"
# The first result's heading line, at least, shows above the fold.
HEADING_LINE = 40


@pytest.fixture
def demo(search_indices, live_server):
    from search import indexing

    call_command("seed_demo", stdout=io.StringIO())
    indexing.drain()
    indexing.refresh()
    return live_server.url


def open_page(browser, origin: str, viewport: dict, *, javascript: bool = True):
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript)
    context.set_default_timeout(15_000)
    page = context.new_page()
    # This machine reaches no other host (the map's tiles): fail those fast.
    page.route(lambda url: not url.startswith(origin), lambda route: route.abort())
    return page


def first_result_top(page) -> float:
    first = page.locator(FIRST_RESULT).first
    first.wait_for()
    return first.evaluate("element => element.getBoundingClientRect().top")


SEARCHES = [
    "/search/?q=modren+slavery",
    "/directory/?q=safe+house",
    "/directory/?near=CO1&radius=10",
]


# One test for every search (and one for the toggles): each seeds the demo network, which
# takes a while on a small machine.
def test_a_search_s_first_result_is_on_a_phone_s_first_screen(browser, demo, artifacts_dir):
    page = open_page(browser, demo, PHONE)
    tops = {}
    for number, path in enumerate(SEARCHES):
        page.goto(f"{demo}{path}")
        page.wait_for_load_state("load")
        tops[path] = first_result_top(page)
        page.screenshot(path=f"{artifacts_dir}/phone-first-screen-{number}.png")
    below = {path: top for path, top in tops.items() if top + HEADING_LINE > PHONE["height"]}
    assert not below, f"first results below a {PHONE['height']} px screen: {below}"

    # Unfolded, the menu and the filters pass the same WCAG checks as the wide pages.
    page.get_by_test_id("menu-toggle").click()
    page.get_by_test_id("filters").locator("summary").click()
    page.get_by_role("button", name="Show on a map").click()
    violations = axe_violations(page, demo)
    assert not violations, readable(page.url + " (375 px, menu and filters open)", violations)
    page.context.close()


def test_the_menu_and_the_filters_fold_on_a_phone_and_open_without_javascript(browser, demo):
    from directory.models import Category

    page = open_page(browser, demo, PHONE, javascript=False)
    page.goto(f"{demo}/directory/")
    navigation = page.get_by_role("navigation", name="Main")
    assert not navigation.is_visible()
    assert not page.get_by_role("link", name="Sign in").is_visible()

    page.get_by_test_id("menu-toggle").click()
    assert navigation.get_by_role("link", name="Forum").is_visible()
    assert page.get_by_role("link", name="Sign in").is_visible()
    assert page.get_by_role("searchbox", name="Search Waymark").is_visible()

    category = Category.objects.filter(parent__isnull=True).earliest("pk")
    page.goto(f"{demo}/directory/?q=safe+house&category={category.slug}&accepting=on")
    search = page.get_by_role("search", name="Search the directory")
    assert search.get_by_role("textbox", name="Search the directory").is_visible()
    assert not search.get_by_role("combobox", name="Category").is_visible()
    search.get_by_text("Filters (2)").click()
    assert search.get_by_role("combobox", name="Category").is_visible()
    search.get_by_role("checkbox", name="Accepting referrals now").uncheck()
    search.get_by_role("button", name="Search").click()
    page.wait_for_url(f"**category={category.slug}**")
    assert "accepting=" not in page.url
    assert page.get_by_text("Filters (1)").is_visible()
    page.context.close()

    # A wide screen shows the navigation and the filters, without their toggles.
    page = open_page(browser, demo, WIDE)
    page.goto(f"{demo}/directory/?q=safe+house")
    assert (
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Forum").is_visible()
    )
    assert not page.get_by_test_id("menu-toggle").is_visible()
    assert page.get_by_role("combobox", name="Category").is_visible()
    page.context.close()
