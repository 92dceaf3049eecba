"""The Nu HTML Checker over the key pages, public and signed in: no errors.

The checker (`nu.validator:validator` from Maven Central, fetched by `scripts/vnu.sh` with mvn
and run with the project's JDK) reads the HTML the Django test client renders; every page is
checked in one run of the checker, so the JVM starts once. When the checker cannot be fetched
or run, the test fails and says why: it never skips.
"""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / "scripts" / "vnu.sh"


FETCH_HELP = (
    "The Nu HTML Checker could not run. It comes from Maven Central through scripts/vnu.sh, "
    "which needs mvn and a JDK 17+ (`scripts/vnu.sh install` fetches it; make test does)."
)


def run_checker(pages: dict[str, str], folder: Path) -> dict[str, list[str]]:
    """Each page's errors (warnings and info aside), by the page's name."""
    names = {}
    for number, (name, html) in enumerate(pages.items()):
        path = folder / f"page-{number:03}.html"
        path.write_text(html, encoding="utf-8")
        names[path.name] = name
    command = [
        str(VNU),
        "check",
        "--format",
        "json",
        "--stdout",
        *sorted(map(str, folder.iterdir())),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        pytest.fail(f"{FETCH_HELP}\n{error}", pytrace=False)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"{FETCH_HELP}\n{done.stderr[-4000:]}", pytrace=False)
    errors: dict[str, list[str]] = {}
    for message in report["messages"]:
        if message["type"] in ("error", "non-document-error"):
            name = names.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", "?"))
            errors.setdefault(name, []).append(
                f"line {message.get('lastLine', '?')}: {message['message']}\n"
                f"      {message.get('extract', '').strip()}"
            )
    return errors


def readable(errors: dict[str, list[str]]) -> str:
    return "\n".join(
        f"{name}:\n" + "\n".join(f"  - {error}" for error in found)
        for name, found in errors.items()
    )


@pytest.fixture
def demo(search_indices):
    from search import indexing

    call_command("seed_demo", stdout=io.StringIO())
    indexing.drain()
    indexing.refresh()


def key_pages() -> dict[str, list[str]]:
    from directory.models import Category, Organisation, Service
    from forum.models import Thread
    from guidance.models import EventIndexPage, EventPage, GuidancePage
    from pathways.models import Pathway

    organisation = Organisation.objects.get(slug="colne-valley-refuge-trust")
    service = Service.objects.filter(organisation=organisation).earliest("pk")
    pathway = Pathway.objects.get(slug="adults-found-at-car-washes", status=Pathway.Status.AGREED)
    guidance = GuidancePage.objects.live().public().get(slug="spot-the-signs-taxi-drivers")
    events = EventIndexPage.objects.live().public().get()
    event = EventPage.objects.live().public().earliest("pk")
    category = Category.objects.earliest("pk")
    directory_filtered = (
        f"/directory/?q=safe+house&category={category.slug}&near=CO1&radius=10&accepting=on"
    )
    public = [
        "/",
        "/directory/",
        directory_filtered,
        organisation.get_absolute_url(),
        service.get_absolute_url(),
        f"{organisation.get_absolute_url()}report/",
        "/search/?q=safe+house",
        guidance.url,
        events.url,
        event.url,
        pathway.get_absolute_url(),
        "/accounts/login/",
        "/accounts/join/",
        "/privacy/",
    ]
    member = [
        "/",
        directory_filtered,
        service.get_absolute_url(),
        "/forum/",
        Thread.objects.earliest("pk").get_absolute_url(),
        "/pathways/",
        pathway.get_absolute_url(),
        "/search/?q=safe+house",
        "/accounts/data/",
        "/accounts/profile/",
        "/accounts/close/",
    ]
    return {"public": public, "member": member}


def test_the_key_pages_have_no_html_errors(client, demo, tmp_path):
    from accounts.models import User

    pages = {}
    paths = key_pages()
    for who in ("public", "member"):
        if who == "member":
            client.force_login(User.objects.get(email="member@example.org"))
        for path in paths[who]:
            response = client.get(path)
            assert response.status_code == 200, f"{path} ({who}) answered {response.status_code}"
            pages[f"{path} ({who})"] = response.content.decode()
    errors = run_checker(pages, tmp_path)
    assert not errors, f"{sum(map(len, errors.values()))} HTML error(s):\n{readable(errors)}"


def test_the_summary_in_a_copy_of_someones_data_has_no_html_errors(demo, tmp_path):
    """The page a person reads in the archive of their data (accounts/data_export.py)."""
    import zipfile

    from accounts import data_export
    from accounts.models import User

    member = User.objects.get(email="member@example.org")
    with zipfile.ZipFile(io.BytesIO(data_export.build_archive(member))) as archive:
        summary = archive.read(data_export.HTML_NAME).decode()
    errors = run_checker({"summary": summary}, tmp_path)
    assert not errors, readable(errors)


def test_the_checker_finds_an_error_when_there_is_one(tmp_path):
    """The check above can fail: a page with a known fault gets an error."""
    page = '<!DOCTYPE html><html lang="en"><title>x</title><div aria-label="map"></div></html>'
    errors = run_checker({"faulty": page}, tmp_path)
    assert "faulty" in errors and "aria-label" in errors["faulty"][0]
