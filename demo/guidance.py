"""The demo site's pages from ``data/guidance.json``: guidance for three audiences, the NRM,
referral pathways, training resources (with real PDFs and previews), events, one
members-only page, the helplines and the footer.

Pages are made once, under the home page that ``migrate`` creates; later runs leave
editors' changes alone. A page's body is Wagtail's own stream JSON, except that a contact
card names its organisation, and a service list its category, by slug.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.management.base import OutputWrapper
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction

from demo.load import read
from demo.media import preview_png, tiny_pdf
from directory.models import Category, Organisation
from guidance.models import (
    EventIndexPage,
    EventPage,
    FooterLink,
    GuidanceIndexPage,
    GuidancePage,
    Helpline,
    HomePage,
    ResourceIndexPage,
    ResourcePage,
)

PAGE_TYPES = {
    model.__name__: model
    for model in (
        GuidanceIndexPage,
        GuidancePage,
        ResourceIndexPage,
        ResourcePage,
        EventIndexPage,
        EventPage,
    )
}
# Blocks that name a record by slug in the data file, and where to find it.
REFERENCES: dict[str, tuple[str, type[Organisation] | type[Category]]] = {
    "contact": ("organisation", Organisation),
    "services": ("category", Category),
}


def seed(stdout: OutputWrapper) -> None:
    data = read("guidance")
    _seed_snippets(data)
    home = HomePage.objects.get(depth=2)
    for spec in data["pages"]:
        _add_page(home, spec)
    _seed_home(home, data["home"])
    stdout.write(
        f"  guidance: {GuidancePage.objects.live().count()} guidance pages, "
        f"{ResourcePage.objects.live().count()} resources, "
        f"{EventPage.objects.live().count()} events"
    )


def _seed_snippets(data: dict[str, Any]) -> None:
    for order, helpline in enumerate(data["helplines"]):
        Helpline.objects.update_or_create(
            name=helpline["name"],
            defaults={**helpline, "sort_order": order},
        )
    for order, link in enumerate(data["footer_links"]):
        FooterLink.objects.update_or_create(
            title=link["title"], defaults={"url": link["url"], "sort_order": order}
        )


def _add_page(parent: Page, spec: dict[str, Any]) -> Page:
    fields = dict(spec)
    children = fields.pop("children", [])
    model = PAGE_TYPES[fields.pop("type")]
    page = model.objects.child_of(parent).filter(slug=fields["slug"]).first()
    if page is None:
        page = _create_page(parent, model, fields)
    for child in children:
        _add_page(page, child)
    return page


def _create_page(parent: Page, model: type[Page], fields: dict[str, Any]) -> Page:
    audiences = fields.pop("audiences", [])
    members_only = fields.pop("members_only", False)
    if "body" in fields:
        fields["body"] = _stream(model, fields["body"])
    for name in ("start", "end"):
        if name in fields:
            fields[name] = _relative_time(**fields[name])
    if model is ResourcePage:
        fields["document"], fields["preview_image"] = _resource_files(
            fields["slug"], fields["title"], fields.pop("preview_colour")
        )
    page = model(**fields)
    parent.add_child(instance=page)
    if audiences:
        page.audience_tags.add(*audiences)
    page.save_revision().publish()
    if members_only:
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    return page


def _stream(model: type[Page], blocks: list[dict[str, Any]]) -> list[tuple[str, Any]]:
    """Stream JSON as (block type, value) pairs, with slugs turned into records; a block whose
    record is missing is left out."""
    stream_block = model._meta.get_field("body").stream_block
    pairs = []
    for block in blocks:
        value = block["value"]
        if block["type"] in REFERENCES:
            key, reference_model = REFERENCES[block["type"]]
            record = reference_model.objects.filter(slug=value[key]).first()
            if record is None:
                continue
            value = {**value, key: record.pk}
        pairs.append((block["type"], stream_block.child_blocks[block["type"]].to_python(value)))
    return pairs


def _relative_time(in_days: int, at: str) -> datetime:
    day = timezone.localdate() + timedelta(days=in_days)
    return timezone.make_aware(datetime.combine(day, time.fromisoformat(at)))


def _resource_files(slug: str, title: str, colour: list[int]) -> tuple[Any, Any]:
    """A real one-page PDF to download and a preview image of it."""
    pdf = tiny_pdf(title, ["Waymark, Colchester & North Essex", "Helpline 08000 121 700"])
    document = get_document_model()(title=title, file=ContentFile(pdf, name=f"{slug}.pdf"))
    document.file_size = len(pdf)
    document.save()
    red, green, blue = colour
    image = get_image_model().objects.create(
        title=f"Preview: {title}",
        file=ContentFile(preview_png(title, (red, green, blue)), f"{slug}.png"),
    )
    return document, image


def _seed_home(home: HomePage, spec: dict[str, Any]) -> None:
    if home.intro and home.quick_links:
        return
    home.intro = home.intro or spec["intro"]
    home.quick_links = [
        ("link", {"audience": link["audience"], "page": page, "description": link["description"]})
        for link in spec["quick_links"]
        if (page := GuidancePage.objects.descendant_of(home).filter(slug=link["page"]).first())
    ]
    home.save_revision().publish()
