"""Guidance pages: home, spot-the-signs guidance, training resources and events."""

from __future__ import annotations

import html

from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.documents import get_document_model_string
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Page
from wagtail.search import index

from core import caching, params, site_address
from guidance import ical
from guidance.blocks import GuidanceStreamBlock, QuickLinkBlock
from guidance.home import home_context
from guidance.visibility import page_audiences, visible_pages

AUDIENCE_HELP = 'Who this is for, e.g. "taxi drivers", "housing officers", "health staff".'

LANGUAGES = [
    ("en", "English"),
    ("ar", "Arabic"),
    ("zh", "Chinese"),
    ("pl", "Polish"),
    ("ro", "Romanian"),
    ("sq", "Albanian"),
    ("uk", "Ukrainian"),
    ("vi", "Vietnamese"),
]


# --- snippets ------------------------------------------------------------------


class Helpline(models.Model):
    """A phone line people can call, reused on the home page, guidance and the footer."""

    name = models.CharField(max_length=150)
    phone = models.CharField(max_length=40)
    hours = models.CharField(max_length=100, blank=True, help_text='e.g. "24 hours a day"')
    description = models.TextField(blank=True)
    website = models.URLField(blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = ["name", "phone", "hours", "description", "website", "sort_order"]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.phone})"

    @property
    def tel(self) -> str:
        return "".join(ch for ch in self.phone if ch.isdigit() or ch == "+")


class FooterLink(models.Model):
    title = models.CharField(max_length=80)
    url = models.CharField(max_length=300, help_text="A full address or a path such as /about/")
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = ["title", "url", "sort_order"]

    class Meta:
        ordering = ["sort_order", "title"]

    def __str__(self) -> str:
        return self.title


# --- shared page behaviour ------------------------------------------------------


class SiteAddressMixin:
    """Full URLs (canonical links, the sitemap, calendar files) on the configured site
    address, not the Wagtail Site record's hostname (``localhost`` on a fresh install)."""

    def get_url_parts(self, request=None):
        parts = super().get_url_parts(request)
        if parts is None:
            return None
        site_id, _root_url, page_path = parts
        return site_id, site_address.base_url(), page_path


class KeptForVisitorsMixin:
    """Served to people who are not signed in from the cache (core/caching.py) until a page,
    or the directory that guidance blocks show, changes."""

    def serve(self, request, *args, **kwargs):
        return caching.serve_page(
            request,
            (caching.PAGES, caching.DIRECTORY),
            lambda: super(KeptForVisitorsMixin, self).serve(request, *args, **kwargs),
        )


class GuidanceBasePage(KeptForVisitorsMixin, SiteAddressMixin, Page):
    """What every Waymark page shares: audiences for search and sharing metadata."""

    summary = models.TextField(
        blank=True, max_length=300, help_text="One or two sentences; shown in lists and shares."
    )

    search_fields = [*Page.search_fields, index.SearchField("summary")]

    class Meta:
        abstract = True

    def audiences(self) -> frozenset[str]:
        """``public`` when anyone may read it, ``members`` for members-only pages."""
        return page_audiences(self)

    @property
    def share_description(self) -> str:
        return self.search_description or self.summary


class AudienceTaggedPage(GuidanceBasePage):
    class Meta:
        abstract = True

    @property
    def audience_list(self) -> list:
        return list(self.audience_tags.all())


# --- home -----------------------------------------------------------------------


class HomePage(KeptForVisitorsMixin, SiteAddressMixin, Page):
    """The site's front page: what the network is and where to get help."""

    intro = RichTextField(blank=True)
    quick_links = StreamField(
        [("link", QuickLinkBlock())],
        blank=True,
        help_text="Quick links by audience, e.g. Spot the signs for taxi drivers.",
    )

    content_panels = [*Page.content_panels, "intro", "quick_links"]
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "guidance.GuidanceIndexPage",
        "guidance.ResourceIndexPage",
        "guidance.EventIndexPage",
        "guidance.GuidancePage",
        "guidance.PrivacyNoticePage",
    ]

    def audiences(self) -> frozenset[str]:
        return page_audiences(self)

    @property
    def share_description(self) -> str:
        intro = " ".join(html.unescape(strip_tags(self.intro)).split())
        return self.search_description or Truncator(intro).chars(300)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            home_context(request.user, GuidancePage.objects.all(), EventPage.objects.all())
        )
        return context


# --- guidance -------------------------------------------------------------------


class GuidanceIndexPage(GuidanceBasePage):
    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, "summary", "intro"]
    parent_page_types = ["guidance.HomePage"]
    subpage_types = ["guidance.GuidancePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        pages = visible_pages(GuidancePage.objects.child_of(self), request.user)
        audience = params.text(request.GET, "audience") or ""
        if audience:
            pages = pages.filter(audience_tags__slug=audience)
        context["audience"] = audience
        context["audience_options"] = audience_options(GuidancePage, request.user)
        context["guides"] = pages.prefetch_related("audience_tags").order_by("title")
        return context


class GuidancePageAudience(TaggedItemBase):
    content_object = ParentalKey(
        "guidance.GuidancePage", on_delete=models.CASCADE, related_name="tagged_audiences"
    )


class GuidancePage(AudienceTaggedPage):
    body = StreamField(GuidanceStreamBlock(), blank=True)
    audience_tags = ClusterTaggableManager(
        through=GuidancePageAudience, blank=True, verbose_name="audiences", help_text=AUDIENCE_HELP
    )
    show_exit_button = models.BooleanField(
        default=True,
        help_text='Show "Exit this page" for anyone reading where it is not safe to.',
    )

    content_panels = [*Page.content_panels, "summary", "audience_tags", "body"]
    settings_panels = [*Page.settings_panels, "show_exit_button"]
    search_fields = [*GuidanceBasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["guidance.GuidanceIndexPage", "guidance.HomePage"]
    subpage_types: list[str] = []

    def contents(self) -> list[dict]:
        """The page's section headings, for a contents list on long pages."""
        from django.utils.text import slugify

        return [
            {"title": block.value, "anchor": slugify(block.value)}
            for block in self.body
            if block.block_type == "heading"
        ]


# --- training resources ---------------------------------------------------------


class ResourceIndexPage(GuidanceBasePage):
    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, "summary", "intro"]
    parent_page_types = ["guidance.HomePage"]
    subpage_types = ["guidance.ResourcePage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        resources = visible_pages(ResourcePage.objects.child_of(self), request.user)
        filters = {
            name: params.text(request.GET, name) or "" for name in ("audience", "language", "kind")
        }
        if filters["audience"]:
            resources = resources.filter(audience_tags__slug=filters["audience"])
        if filters["language"]:
            resources = resources.filter(language=filters["language"])
        if filters["kind"]:
            resources = resources.filter(kind=filters["kind"])
        context["filters"] = filters
        context["audience_options"] = audience_options(ResourcePage, request.user)
        context["language_options"] = LANGUAGES
        context["kind_options"] = ResourcePage.Kind.choices
        context["resources"] = (
            resources.select_related("document", "preview_image")
            .prefetch_related("audience_tags")
            .order_by("title")
        )
        return context


class ResourcePageAudience(TaggedItemBase):
    content_object = ParentalKey(
        "guidance.ResourcePage", on_delete=models.CASCADE, related_name="tagged_audiences"
    )


class ResourcePage(AudienceTaggedPage):
    """A poster, leaflet or training pack to download."""

    class Kind(models.TextChoices):
        POSTER = "poster", "Poster"
        LEAFLET = "leaflet", "Leaflet"
        TRAINING_PACK = "training-pack", "Training pack"
        TOOLKIT = "toolkit", "Toolkit"

    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.LEAFLET)
    language = models.CharField(max_length=10, choices=LANGUAGES, default="en")
    document = models.ForeignKey(
        get_document_model_string(), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    preview_image = models.ForeignKey(
        get_image_model_string(),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    description = RichTextField(blank=True, features=["bold", "italic", "ul", "ol", "link"])
    audience_tags = ClusterTaggableManager(
        through=ResourcePageAudience, blank=True, verbose_name="audiences", help_text=AUDIENCE_HELP
    )

    content_panels = [
        *Page.content_panels,
        "summary",
        FieldRowPanel(["kind", "language"]),
        "document",
        "preview_image",
        "audience_tags",
        "description",
    ]
    search_fields = [
        *GuidanceBasePage.search_fields,
        index.SearchField("description"),
        index.FilterField("language"),
        index.FilterField("kind"),
    ]
    parent_page_types = ["guidance.ResourceIndexPage"]
    subpage_types: list[str] = []

    @property
    def file_extension(self) -> str:
        return self.document.file_extension.upper() if self.document else ""


# --- events ---------------------------------------------------------------------


class EventIndexPage(RoutablePageMixin, GuidanceBasePage):
    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, "summary", "intro"]
    parent_page_types = ["guidance.HomePage"]
    subpage_types = ["guidance.EventPage"]

    @property
    def feed_url(self) -> str:
        return f"{self.url}feed.ics"

    def events_for(self, user):
        return (
            visible_pages(EventPage.objects.child_of(self), user)
            .prefetch_related("audience_tags")
            .order_by("start")
        )

    @path("")
    def index_route(self, request):
        now = timezone.now()
        events = self.events_for(request.user)
        return self.render(
            request,
            context_overrides={
                "upcoming": events.filter(end__gte=now),
                "past": events.filter(end__lt=now).order_by("-start")[:20],
            },
        )

    @path("feed.ics/", name="feed")
    def feed(self, request):
        # Calendar apps fetch anonymously: the feed carries public events only.
        events = EventPage.objects.child_of(self).live().public().order_by("start")
        return ical.response(
            ical.build(list(events), name=self.title, request=request), "events.ics"
        )


class EventPageAudience(TaggedItemBase):
    content_object = ParentalKey(
        "guidance.EventPage", on_delete=models.CASCADE, related_name="tagged_audiences"
    )


class EventPage(RoutablePageMixin, AudienceTaggedPage):
    class Kind(models.TextChoices):
        TRAINING = "training", "Training session"
        CONFERENCE = "conference", "Conference"
        MONITORING = "monitoring", "Monitoring visit"
        MEETING = "meeting", "Network meeting"

    kind = models.CharField("type", max_length=20, choices=Kind.choices, default=Kind.TRAINING)
    start = models.DateTimeField()
    end = models.DateTimeField()
    venue = models.CharField(max_length=200, blank=True, help_text='e.g. "Online (Teams)"')
    address = models.TextField(blank=True)
    booking_url = models.URLField("booking link", blank=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="Places available, when there is no booking link."
    )
    body = RichTextField(blank=True, features=["h3", "bold", "italic", "ul", "ol", "link"])
    audience_tags = ClusterTaggableManager(
        through=EventPageAudience, blank=True, verbose_name="audiences", help_text=AUDIENCE_HELP
    )

    content_panels = [
        *Page.content_panels,
        "summary",
        "kind",
        FieldRowPanel(["start", "end"]),
        MultiFieldPanel(["venue", "address"], heading="Place"),
        FieldRowPanel(["booking_url", "capacity"], heading="Booking"),
        "audience_tags",
        "body",
    ]
    search_fields = [
        *GuidanceBasePage.search_fields,
        index.SearchField("body"),
        index.SearchField("venue"),
        index.FilterField("start"),
    ]
    parent_page_types = ["guidance.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="event_ends_after_it_starts"
            )
        ]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": "The event must end after it starts."})

    @property
    def ics_url(self) -> str:
        return f"{self.url}event.ics"

    @property
    def is_past(self) -> bool:
        return self.end < timezone.now()

    @path("")
    def detail(self, request):
        return self.render(request)

    @path("event.ics/", name="ics")
    def ics(self, request):
        return ical.response(
            ical.build([self], name=self.title, request=request), f"{self.slug}.ics"
        )


# --- the privacy notice -----------------------------------------------------------


class PrivacyNoticePage(GuidanceBasePage):
    """What Waymark holds about people, why, for how long and who sees it (guidance/privacy.py).
    There is one, and ``/privacy/`` serves it wherever it sits in the tree."""

    body = RichTextField(features=["h2", "h3", "bold", "italic", "ul", "ol", "link"])

    content_panels = [*Page.content_panels, "summary", "body"]
    search_fields = [*GuidanceBasePage.search_fields, index.SearchField("body")]
    parent_page_types = ["guidance.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "privacy notice"


def audience_options(page_model, user) -> list:
    """The audience tags used on pages of ``page_model`` that ``user`` may see."""
    from taggit.models import Tag

    through = page_model.audience_tags.through
    visible_ids = visible_pages(page_model.objects.all(), user).values("pk")
    return list(
        Tag.objects.filter(
            pk__in=through.objects.filter(content_object__in=visible_ids).values("tag_id")
        ).order_by("name")
    )


__all__ = [
    "EventIndexPage",
    "EventPage",
    "FooterLink",
    "GuidanceIndexPage",
    "GuidancePage",
    "Helpline",
    "HomePage",
    "PrivacyNoticePage",
    "ResourceIndexPage",
    "ResourcePage",
]
