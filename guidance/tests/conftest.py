"""Pages for guidance tests, built under the site's home page."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import PageViewRestriction, Site
from wagtail.rich_text import RichText

from guidance.editorial import ensure_editorial_setup
from guidance.models import (
    EventIndexPage,
    EventPage,
    GuidanceIndexPage,
    GuidancePage,
    HomePage,
    ResourceIndexPage,
)


@pytest.fixture
def home(db) -> HomePage:
    home = HomePage.objects.filter(depth=2).first()
    if home is None:  # flushed by an earlier transactional test
        from wagtail.models import Page

        root = Page.get_first_root_node()
        home = root.add_child(instance=HomePage(title="Waymark", slug="home"))
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home},
        )
        ensure_editorial_setup()  # the page permissions and workflow of the new home page
    return home


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def guidance_index(home) -> GuidanceIndexPage:
    return publish(home.add_child(instance=GuidanceIndexPage(title="Guidance", slug="guidance")))


@pytest.fixture
def make_guide(guidance_index):
    def make(title="Spot the signs", slug=None, audiences=(), body=(), **fields):
        page = GuidancePage(title=title, slug=slug or slugify(title), body=list(body), **fields)
        guidance_index.add_child(instance=page)
        if audiences:
            page.audience_tags.add(*audiences)
        return publish(page)

    return make


def members_only(page):
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


@pytest.fixture
def members_guide(make_guide):
    return members_only(
        make_guide(
            "Out of hours contacts", summary="Members only", audiences=["safeguarding leads"]
        )
    )


@pytest.fixture
def event_index(home) -> EventIndexPage:
    return publish(home.add_child(instance=EventIndexPage(title="Events", slug="events")))


@pytest.fixture
def make_event(event_index):
    def make(title, days_from_now, hours=2, **fields):
        start = timezone.now().replace(microsecond=0) + timedelta(days=days_from_now)
        page = EventPage(
            title=title,
            slug=slugify(title),
            start=start,
            end=start + timedelta(hours=hours),
            **fields,
        )
        event_index.add_child(instance=page)
        return publish(page)

    return make


@pytest.fixture
def resource_index(home) -> ResourceIndexPage:
    return publish(home.add_child(instance=ResourceIndexPage(title="Resources", slug="resources")))


def text(html: str) -> RichText:
    return RichText(html)
