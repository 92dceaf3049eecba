"""Automated WCAG 2.2 AA checks: axe-core run in the browser on the site's key pages.

axe-core is an npm devDependency (`npm ci` installs it). It is served to the page from
the live server's own origin through a Playwright route, so the page's real
Content-Security-Policy (script-src 'self', no inline scripts) stays in force while axe
runs, and the page is checked exactly as a person gets it.
"""

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
AXE_PATH = "/__axe__/axe.min.js"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Only third-party markup is left out of the check:
# - `.leaflet-tile-container` and `.leaflet-control-attribution`: Leaflet's map tiles and
#   the tile provider's attribution, drawn by the Leaflet library over images from the
#   tile server. Everything the map shows is also in the list of results beside it.
EXCLUDE = [[".leaflet-tile-container"], [".leaflet-control-attribution"]]

RUN_AXE = """([tags, exclude]) => window.axe.run(
    {include: [document], exclude: exclude},
    {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}
).then(results => results.violations.map(v => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    targets: v.nodes.map(n => n.target.join(' ')),
})))"""


def axe_violations(page, origin: str) -> list[dict]:
    """Run axe on the page as loaded; return its violations (empty when it passes)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `npm ci` (make test does this)", pytrace=False)
    page.route(
        f"{origin}{AXE_PATH}",
        lambda route: route.fulfill(
            body=AXE.read_bytes(), content_type="text/javascript; charset=utf-8"
        ),
    )
    page.add_script_tag(url=f"{origin}{AXE_PATH}")
    page.wait_for_function("() => window.axe !== undefined")
    return page.evaluate(RUN_AXE, [WCAG_AA_TAGS, EXCLUDE])


def readable(url: str, violations: list[dict]) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"    {target}" for target in violation["targets"])
    return "\n".join(lines)


def check_pages(page, live_server, paths: list[tuple[str, int]]) -> None:
    """Visit each page in turn, then fail with every page's violations listed together."""
    reports = []
    for path, status in paths:
        url = f"{live_server.url}{path}"
        response = page.goto(url)
        assert response.status == status, f"{url} answered {response.status}"
        page.wait_for_load_state("load")
        if violations := axe_violations(page, live_server.url):
            reports.append(readable(url, violations))
    assert not reports, "\n\n".join(reports)


@pytest.fixture
def demo(page, live_server):
    call_command("seed_demo", stdout=io.StringIO())
    # The map's tiles come from another host: this machine reaches no other host, so
    # the page is checked without them rather than waiting for them to time out.
    page.route(
        lambda url: not url.startswith(live_server.url),
        lambda route: route.abort(),
    )


def demo_urls() -> dict[str, str]:
    from directory.models import Organisation, Service
    from forum.models import Thread
    from guidance.models import GuidancePage
    from pathways.models import Pathway

    organisation = Organisation.objects.get(slug="colne-valley-refuge-trust")
    service = Service.objects.filter(organisation=organisation).earliest("pk")
    pathway = Pathway.objects.get(slug="adults-found-at-car-washes", status=Pathway.Status.AGREED)
    guidance = GuidancePage.objects.live().public().get(slug="spot-the-signs-taxi-drivers")
    thread = Thread.objects.earliest("pk")
    return {
        "organisation": organisation.get_absolute_url(),
        "service": service.get_absolute_url(),
        "pathway": pathway.get_absolute_url(),
        "guidance": guidance.url,
        "thread": thread.get_absolute_url(),
    }


def test_the_public_pages_have_no_wcag_aa_violations(page, live_server, demo):
    urls = demo_urls()
    check_pages(
        page,
        live_server,
        [
            ("/", 200),
            ("/directory/?q=safe+house", 200),
            (urls["organisation"], 200),
            (urls["service"], 200),
            ("/search/?q=safe+house", 200),
            (urls["pathway"], 200),
            (urls["guidance"], 200),
            ("/accounts/login/", 200),
            ("/no-such-page/", 404),
        ],
    )


def test_a_members_forum_pages_have_no_wcag_aa_violations(page, live_server, demo, sign_in):
    member = get_user_model().objects.get(email="member@example.org")
    member.set_password(PASSWORD)  # the fixture signs in with the test suite's password
    member.save(update_fields=["password"])
    sign_in(member)
    check_pages(
        page,
        live_server,
        [("/forum/", 200), (demo_urls()["thread"], 200), ("/directory/?q=safe+house", 200)],
    )


def test_the_open_suggestions_list_has_no_wcag_aa_violations(
    page, live_server, search_indices, demo
):
    """Popups are checked open, not only as the page loads: axe sees the listbox, its
    options and the active one as a keyboard user has them."""
    from search import indexing

    indexing.drain()
    indexing.refresh()
    page.goto(f"{live_server.url}/search/")
    page.get_by_role("combobox", name="Search services, organisations").focus()
    page.keyboard.type("safe", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for()
    page.keyboard.press("ArrowDown")
    assert listbox.get_by_role("option", selected=True).count() == 1
    violations = axe_violations(page, live_server.url)
    assert not violations, readable(page.url + " (suggestions open)", violations)
