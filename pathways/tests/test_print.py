"""The agreed pathway prints cleanly: one or two A4 pages, without the site's chrome."""

import re

import pytest
from django.core.files.base import ContentFile
from django.core.management.base import OutputWrapper
from django.utils import timezone
from playwright.sync_api import Page
from wagtail.documents import get_document_model

from demo import accounts as accounts_demo
from demo import directory as directory_demo
from demo import forum as forum_demo
from demo import pathways as pathways_demo
from pathways.models import Pathway

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A page object, not the /Type /Pages tree that holds them.
PAGE_OBJECT = re.compile(rb"/Type\s*/Page\b(?!s)")


@pytest.fixture
def agreed_pathway(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    quiet = OutputWrapper(open("/dev/null", "w"))  # noqa: SIM115
    directory_demo.seed(quiet)
    accounts_demo.seed(quiet)
    forum_demo.seed(quiet)
    pathways_demo.seed(quiet)
    pathway = Pathway.objects.get(slug="adults-found-at-car-washes", version=1)
    assert pathway.status == Pathway.Status.AGREED
    form = get_document_model()(
        title="Duty to notify (MS1) guidance",
        file=ContentFile(b"%PDF-1.4 guidance", name="ms1-guidance.pdf"),
    )
    form._set_document_file_metadata()
    form.save()
    pathway.set_documents([form])
    return pathway


def printed(page: Page, url: str) -> bytes:
    page.goto(url)
    page.emulate_media(media="print")
    return page.pdf(format="A4", print_background=True)


def assert_prints_cleanly(page, pdf: bytes) -> None:
    pages = len(PAGE_OBJECT.findall(pdf))
    assert 1 <= pages <= 2, f"the pathway prints on {pages} pages"
    for chrome in (
        ".wm-masthead",
        ".govuk-service-navigation",
        ".govuk-footer",
        ".govuk-breadcrumbs",
        ".govuk-skip-link",
        ".wm-no-print",
    ):
        for element in page.locator(chrome).all():
            assert not element.is_visible(), f"{chrome} shows in print"
    assert page.get_by_test_id("emergency-route").is_visible()
    steps = page.get_by_test_id("steps")
    assert steps.is_visible() and steps.locator("li").count() == 5
    assert page.get_by_test_id("documents").is_visible()


def test_the_agreed_pathway_prints_on_at_most_two_pages_without_navigation(
    live_server, page, agreed_pathway, artifacts_dir
):
    pdf = printed(page, f"{live_server.url}{agreed_pathway.get_absolute_url()}")
    with open(f"{artifacts_dir}/pathway-print.pdf", "wb") as out:
        out.write(pdf)
    assert_prints_cleanly(page, pdf)
    page.screenshot(path=f"{artifacts_dir}/pathway-print.png", full_page=True)

    page.emulate_media(media="screen")
    assert page.locator(".govuk-footer").is_visible()  # the screen still has its chrome


def test_a_lapsed_pathway_says_so_in_print(live_server, page, agreed_pathway, artifacts_dir):
    # Its review date has come and no new version was agreed: the sign-offs have lapsed.
    Pathway.objects.filter(pk=agreed_pathway.pk).update(review_date=timezone.localdate())
    pdf = printed(page, f"{live_server.url}{agreed_pathway.get_absolute_url()}")
    with open(f"{artifacts_dir}/pathway-print-lapsed.pdf", "wb") as out:
        out.write(pdf)
    assert_prints_cleanly(page, pdf)
    assert page.get_by_test_id("standing").inner_text().lower() == "lapsed"
    notice = page.get_by_test_id("lapsed")
    assert notice.is_visible()
    assert "This pathway is no longer agreed" in notice.inner_text()
