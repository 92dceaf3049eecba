"""The partner directory, shaped after Open Referral UK (HSDS 3.0).

Organisations and services are Wagtail snippets with drafts, revisions, locking and a
coordinator-approval workflow: the database row is the live (published) version, and
the public site and the feed only ever show rows that are live.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.log_actions import log
from wagtail.models import (
    DraftStateMixin,
    LockableMixin,
    Orderable,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index

from accounts import policy
from places.postcodes import district_centre, district_of, normalise_postcode, validate_postcode

REVIEW_INTERVAL = timedelta(days=365)


class Taxonomy(models.Model):
    """A vocabulary that taxonomy terms belong to (HSDS ``taxonomy``)."""

    uuid = models.UUIDField("ID", default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=150)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class Category(index.Indexed, models.Model):
    """A term in the directory's service taxonomy tree (HSDS ``taxonomy_term``)."""

    uuid = models.UUIDField("ID", default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    taxonomy = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.SET_NULL, related_name="terms"
    )
    term_uri = models.URLField(blank=True)

    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name

    def clean(self) -> None:
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": "A category cannot sit inside itself."})
            ancestor = ancestor.parent

    @staticmethod
    def with_descendants(categories: list[Category], roots: set[int]) -> set[int]:
        """The ids of ``roots`` and every term below them, from an already-loaded list."""
        children: dict[int | None, list[int]] = {}
        for category in categories:
            children.setdefault(category.parent_id, []).append(category.pk)
        found, stack = set(), list(roots)
        while stack:
            pk = stack.pop()
            if pk in found:
                continue
            found.add(pk)
            stack.extend(children.get(pk, []))
        return found


class Area(models.Model):
    """A place an organisation serves or a service covers (HSDS ``service_area``)."""

    uuid = models.UUIDField("ID", default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Language(models.Model):
    """A language staff can work in (ISO 639 code)."""

    code = models.CharField(max_length=10, unique=True, help_text="ISO 639-1 or 639-3 code.")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def visible(self):
        """What the public site and the feed may show: published and not suspended."""
        return self.filter(live=True).exclude(status=Organisation.Status.SUSPENDED)

    def review_overdue(self, today: date | None = None):
        today = today or timezone.localdate()
        return self.filter(Q(next_review_due__lt=today) | Q(next_review_due__isnull=True))


class Organisation(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """A partner organisation in the network's directory (HSDS ``organization``)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"

    class Type(models.TextChoices):
        CHARITY = "charity", "NGO or charity"
        POLICE = "police", "Police"
        COUNCIL = "council", "Council"
        HEALTH = "health", "Health"
        HOUSING = "housing", "Housing association"
        FAITH = "faith", "Faith group"
        BUSINESS = "business", "Business in a high-risk sector"
        OTHER = "other", "Other"

    uuid = models.UUIDField("ID", default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    description = models.TextField(blank=True)
    organisation_type = models.CharField(max_length=20, choices=Type.choices, default=Type.CHARITY)
    website = models.URLField(blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    charity_number = models.CharField(max_length=20, blank=True)
    company_number = models.CharField(max_length=20, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    areas = ParentalManyToManyField(Area, blank=True, related_name="organisations")
    languages = ParentalManyToManyField(Language, blank=True, related_name="organisations")
    nrm_first_responder = models.BooleanField(
        "NRM first responder",
        default=False,
        help_text="May refer potential victims into the National Referral Mechanism.",
    )
    # Members only.
    secure_email = models.EmailField(
        blank=True, help_text="Members only: a secure (e.g. CJSM) address for case details."
    )
    members_notes = models.TextField(blank=True, help_text="Members only.")
    contacts_sensitive = models.BooleanField(
        "secure e-mail is sensitive",
        default=False,
        db_default=False,  # rows written by code that predates the flag (a rolling deploy)
        help_text="Record in the access log each time someone is shown it.",
    )

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    next_review_due = models.DateField(null=True, blank=True)
    # The review due date each reminder was last sent for: once each per review.
    review_reminder_sent_for = models.DateField(null=True, blank=True, editable=False)
    overdue_reminder_sent_for = models.DateField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("status"),
        index.FilterField("live"),
        # The admin's listing and chooser search within the entries someone may reach.
        index.FilterField("id"),
    ]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", args=[self.slug])

    @property
    def is_suspended(self) -> bool:
        return self.status == self.Status.SUSPENDED

    @property
    def has_sensitive_contacts(self) -> bool:
        return self.contacts_sensitive and bool(self.secure_email)

    def audiences(self) -> frozenset[str]:
        if self.is_suspended or not self.live:
            return frozenset()
        return frozenset({policy.PUBLIC})

    @property
    def is_review_overdue(self) -> bool:
        return self.next_review_due is None or self.next_review_due < timezone.localdate()

    def verify(self, by, *, when=None) -> None:
        """A coordinator vouches for the entry; the next review falls due in a year."""
        when = when or timezone.now()
        self.verified_by = by
        self.verified_at = when
        self.next_review_due = (when + REVIEW_INTERVAL).date()
        # Straight to the row: verification is not an editorial change to review.
        type(self).objects.filter(pk=self.pk).update(
            verified_by=by, verified_at=when, next_review_due=self.next_review_due
        )
        log(self, "directory.verify", user=by)


class Location(Orderable):
    """A place where an organisation delivers services (HSDS ``location`` with its address).

    A confidential location (a refuge) shows the public and the feed only its town, its
    postcode district and a "front door" contact; members see the address.
    """

    class Type(models.TextChoices):
        PHYSICAL = "physical", "Physical"
        POSTAL = "postal", "Postal"
        VIRTUAL = "virtual", "Virtual (phone or online)"

    organisation = ParentalKey(Organisation, on_delete=models.CASCADE, related_name="locations")
    uuid = models.UUIDField("ID", default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    location_type = models.CharField(max_length=20, choices=Type.choices, default=Type.PHYSICAL)
    address_1 = models.CharField("address line 1", max_length=200, blank=True)
    address_2 = models.CharField("address line 2", max_length=200, blank=True)
    town = models.CharField(max_length=100)
    postcode = models.CharField(max_length=10, blank=True, validators=[validate_postcode])
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    accessibility = models.TextField(blank=True)
    is_confidential = models.BooleanField(
        "confidential address",
        default=False,
        help_text="Only members see the address; everyone else sees the town and front door.",
    )
    front_door = models.CharField(
        "front door contact",
        max_length=255,
        blank=True,
        help_text="What the public sees instead of a confidential address.",
    )
    # Where the public may be told it is: the exact point, or for a confidential
    # location the centre of its postcode district, so distances give nothing away.
    public_latitude = models.FloatField(null=True, blank=True, editable=False)
    public_longitude = models.FloatField(null=True, blank=True, editable=False)

    def __str__(self) -> str:
        return f"{self.name}, {self.town}"

    def clean(self) -> None:
        if self.postcode:
            self.postcode = normalise_postcode(self.postcode)

    def save(self, *args, **kwargs):
        self.public_latitude, self.public_longitude = self._public_point()
        super().save(*args, **kwargs)

    def _public_point(self) -> tuple[float | None, float | None]:
        if self.latitude is None or self.longitude is None:
            return None, None
        if not self.is_confidential:
            return self.latitude, self.longitude
        centre = district_centre(self.postcode)
        if centre:
            return centre
        return round(self.latitude, 1), round(self.longitude, 1)

    @property
    def district(self) -> str:
        return district_of(self.postcode)

    def view_for(self, user) -> LocationView:
        if not self.is_confidential or policy.can_see_restricted_details(user):
            return LocationView(
                name=self.name,
                address_lines=[line for line in (self.address_1, self.address_2) if line],
                town=self.town,
                postcode=self.postcode,
                latitude=self.latitude,
                longitude=self.longitude,
                accessibility=self.accessibility,
                front_door=self.front_door,
                is_confidential=self.is_confidential,
                address_withheld=False,
            )
        return self.public_view()

    def public_view(self) -> LocationView:
        if not self.is_confidential:
            return self.view_for(None)
        return LocationView(
            name=self.name,
            address_lines=[],
            town=self.town,
            postcode=self.district,
            latitude=self.public_latitude,
            longitude=self.public_longitude,
            accessibility=self.accessibility,
            front_door=self.front_door,
            is_confidential=True,
            address_withheld=True,
        )


@dataclass(frozen=True)
class LocationView:
    """A location as one person may see it."""

    name: str
    address_lines: list[str]
    town: str
    postcode: str
    latitude: float | None
    longitude: float | None
    accessibility: str
    front_door: str
    is_confidential: bool
    address_withheld: bool

    @property
    def one_line(self) -> str:
        return ", ".join([*self.address_lines, self.town, self.postcode])


class ServiceTag(TaggedItemBase):
    content_object = ParentalKey("Service", on_delete=models.CASCADE, related_name="tagged_items")


class ServiceQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(
            live=True,
            organisation__live=True,
        ).exclude(organisation__status=Organisation.Status.SUSPENDED)


class Service(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel
):
    """Something an organisation offers to potential victims (HSDS ``service``)."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        TEMPORARILY_CLOSED = "temporarily_closed", "Temporarily closed"
        INACTIVE = "inactive", "Inactive"

    class Gender(models.TextChoices):
        ANY = "any", "Anyone"
        WOMEN = "women", "Women only"
        MEN = "men", "Men only"

    class ImmigrationStatus(models.TextChoices):
        ANY = "any", "Any immigration status, including no recourse to public funds"
        RECOURSE = "recourse", "Needs recourse to public funds"
        UK = "uk", "UK and Irish nationals only"

    class NRMRequirement(models.TextChoices):
        NONE = "none", "No NRM referral needed"
        REFERRED = "referred", "NRM referral made"
        REASONABLE_GROUNDS = "reasonable_grounds", "Positive reasonable grounds decision"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="services"
    )
    uuid = models.UUIDField("ID", default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    description = models.TextField(blank=True)
    status = models.CharField(max_length=30, choices=Status.choices, default=Status.ACTIVE)
    categories = ParentalManyToManyField(Category, blank=True, related_name="services")
    url = models.URLField("web page", blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    alert = models.CharField(max_length=255, blank=True, help_text="A short temporary notice.")

    # Eligibility
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    gender = models.CharField(max_length=10, choices=Gender.choices, default=Gender.ANY)
    immigration_status = models.CharField(
        max_length=20, choices=ImmigrationStatus.choices, default=ImmigrationStatus.ANY
    )
    nrm_requirement = models.CharField(
        "NRM requirement",
        max_length=30,
        choices=NRMRequirement.choices,
        default=NRMRequirement.NONE,
    )
    eligibility_notes = models.TextField(blank=True)

    # How to refer
    self_referral = models.BooleanField(default=False)
    professional_referral = models.BooleanField(default=True)
    referral_phone = models.CharField(max_length=40, blank=True)
    referral_email = models.EmailField(blank=True)
    referral_form_url = models.URLField(blank=True)
    referral_contact_name = models.CharField(max_length=150, blank=True)
    referral_instructions = models.TextField(blank=True)
    accepting_referrals = models.BooleanField(default=True)
    available_24_7 = models.BooleanField(
        "takes referrals 24/7",
        default=False,
        help_text="Referrals are answered at night and at weekends.",
    )
    typical_wait = models.CharField(max_length=100, blank=True)
    takes_people_in = models.BooleanField(
        "shows live availability",
        default=False,
        help_text="A safe house, refuge, night shelter or emergency accommodation: its staff "
        "tell members whether there is space tonight.",
    )

    # Members only.
    direct_referral_line = models.CharField(
        max_length=40, blank=True, help_text="Members only: the line for professionals."
    )
    secure_email = models.EmailField(
        blank=True, help_text="Members only: a secure (e.g. CJSM) address for referrals."
    )
    members_notes = models.TextField(blank=True, help_text="Members only.")
    contacts_sensitive = models.BooleanField(
        "direct line and secure e-mail are sensitive",
        default=False,
        help_text="Record in the access log each time someone is shown them.",
    )

    languages = ParentalManyToManyField(Language, blank=True, related_name="services")
    cost = models.CharField(max_length=200, blank=True, default="Free")
    is_free = models.BooleanField(default=True)
    service_areas = ParentalManyToManyField(Area, blank=True, related_name="services")
    tags = ClusterTaggableManager(through=ServiceTag, blank=True)
    last_reviewed = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ServiceQuerySet.as_manager()

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("description"),
        index.FilterField("organisation"),
        index.FilterField("live"),
    ]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="service_slug_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:service", args=[self.organisation.slug, self.slug])

    def clean(self) -> None:
        if (
            self.minimum_age is not None
            and self.maximum_age is not None
            and self.minimum_age > self.maximum_age
        ):
            raise ValidationError({"maximum_age": "The maximum age is below the minimum age."})

    def audiences(self) -> frozenset[str]:
        if not self.live:
            return frozenset()
        return self.organisation.audiences()

    @property
    def has_sensitive_contacts(self) -> bool:
        return self.contacts_sensitive and bool(self.direct_referral_line or self.secure_email)

    @staticmethod
    def restricted_audiences() -> frozenset[str]:
        """Who may see the members-only field group (direct line, secure e-mail, notes)."""
        return frozenset({policy.MEMBERS})

    @property
    def age_range(self) -> str:
        if self.minimum_age is None and self.maximum_age is None:
            return "All ages"
        if self.maximum_age is None:
            return f"{self.minimum_age} and over"
        if self.minimum_age is None:
            return f"Up to {self.maximum_age}"
        return f"{self.minimum_age} to {self.maximum_age}"

    @property
    def eligibility_summary(self) -> str:
        """Who it is for, in a few words for a card: "Women only, 18 and over"."""
        ages = self.age_range
        if self.gender == self.Gender.ANY:
            return "Anyone" if ages == "All ages" else f"Anyone {ages.lower()}"
        return f"{self.get_gender_display()}, {ages.lower()}"

    @property
    def referral_methods(self) -> list[str]:
        methods = []
        if self.self_referral:
            methods.append("Self-referral")
        if self.professional_referral:
            methods.append("Professional referral")
        if self.referral_phone:
            methods.append("By phone")
        if self.referral_form_url:
            methods.append("Online form")
        return methods

    def referral_details_text(self, user) -> str:
        """Plain text a referrer pastes into a case note or an e-mail."""
        lines = [f"{self.name} ({self.organisation.name})"]
        if self.referral_contact_name:
            lines.append(f"Contact: {self.referral_contact_name}")
        if self.referral_phone:
            lines.append(f"Referral phone: {self.referral_phone}")
        if self.referral_email:
            lines.append(f"Referral e-mail: {self.referral_email}")
        if self.referral_form_url:
            lines.append(f"Referral form: {self.referral_form_url}")
        if policy.can_see_restricted_details(user):
            if self.direct_referral_line:
                lines.append(f"Direct line (members): {self.direct_referral_line}")
            if self.secure_email:
                lines.append(f"Secure e-mail (members): {self.secure_email}")
        if self.referral_methods:
            lines.append("How to refer: " + ", ".join(self.referral_methods))
        lines.append(
            "Accepting referrals: "
            + ("yes" if self.accepting_referrals else "no")
            + (" (24/7)" if self.available_24_7 else "")
        )
        if self.typical_wait:
            lines.append(f"Typical wait: {self.typical_wait}")
        lines.append(f"Eligibility: {self.age_range}, {self.get_gender_display().lower()}")
        return "\n".join(lines)


class Schedule(Orderable):
    """When a service is open (HSDS ``schedule``, weekly)."""

    DAYS = [("MO", "Mon"), ("TU", "Tue"), ("WE", "Wed"), ("TH", "Thu"), ("FR", "Fri")] + [
        ("SA", "Sat"),
        ("SU", "Sun"),
    ]

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="schedules")
    uuid = models.UUIDField("ID", default=uuid.uuid4, unique=True, editable=False)
    byday = models.CharField(
        "days", max_length=40, help_text="Comma-separated day codes, e.g. MO,TU,WE,TH,FR."
    )
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.CharField(max_length=255, blank=True)

    def __str__(self) -> str:
        return self.summary

    def clean(self) -> None:
        codes = [code.strip().upper() for code in self.byday.split(",") if code.strip()]
        valid = {code for code, _ in self.DAYS}
        if not codes or any(code not in valid for code in codes):
            raise ValidationError({"byday": "Use day codes MO, TU, WE, TH, FR, SA, SU."})
        self.byday = ",".join(codes)

    @property
    def days(self) -> list[str]:
        names = dict(self.DAYS)
        return [names.get(code, code) for code in self.byday.split(",") if code]

    @property
    def summary(self) -> str:
        days = self.days
        label = f"{days[0]}–{days[-1]}" if len(days) > 2 else ", ".join(days)
        if self.opens_at and self.closes_at:
            return f"{label} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"
        return label


def _comparable(text: str) -> str:
    """A name as a match sees it: case, punctuation and "&"/"and" make no difference."""
    words = "".join(ch if ch.isalnum() else " " for ch in text.casefold().replace("&", " and "))
    return " ".join(words.split())


class TaxonomyTermMapping(models.Model):
    """A taxonomy term from outside (an Open Referral feed's) and the local category it
    stands for. An import never adds terms to the public category tree: each incoming term
    is matched to a local category (same id, then same vocabulary and code, then the same
    name), and one that matches none waits here, with the services that carried it, until a
    coordinator maps it to a category or ignores it. The decision is remembered for every
    later import."""

    class MatchedBy(models.TextChoices):
        ID = "id", "Same id"
        CODE = "code", "Same vocabulary and code"
        NAME = "name", "Same name"
        COORDINATOR = "coordinator", "A coordinator"

    vocabulary = models.CharField(
        max_length=200, blank=True, editable=False, help_text="The source taxonomy's id or name."
    )
    vocabulary_name = models.CharField("source taxonomy", max_length=150, blank=True)
    term_id = models.CharField("term id", max_length=100)
    code = models.CharField(max_length=150, blank=True)
    term_uri = models.CharField("term URI", max_length=255, blank=True)
    name = models.CharField(max_length=150)
    category = models.ForeignKey(
        Category,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incoming_terms",
        help_text="Services that carry this term get this category.",
    )
    ignored = models.BooleanField(
        "ignore this term",
        default=False,
        help_text="Services that carry this term get no category for it.",
    )
    matched_by = models.CharField(max_length=20, choices=MatchedBy.choices, blank=True)
    first_seen = models.DateTimeField(default=timezone.now, editable=False)
    waiting_services = models.ManyToManyField(
        "Service", blank=True, related_name="awaiting_term_mappings", editable=False
    )

    class Meta:
        ordering = ["name"]
        verbose_name = "incoming taxonomy term"
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "term_id"], name="one_mapping_per_term")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.vocabulary_name})" if self.vocabulary_name else self.name

    @property
    def is_waiting(self) -> bool:
        return self.category_id is None and not self.ignored

    @property
    def state(self) -> str:
        if self.ignored:
            return "Ignored"
        if self.category_id is None:
            return "Waiting for a coordinator"
        return f"Mapped ({self.get_matched_by_display().lower()})"

    @classmethod
    def for_incoming(
        cls,
        *,
        vocabulary: str,
        term_id: str,
        name: str,
        vocabulary_name: str = "",
        code: str = "",
        term_uri: str = "",
        local: list[Category] | None = None,
    ) -> TaxonomyTermMapping:
        """The remembered mapping of an incoming term, matched afresh while it still waits.
        ``local`` is the local taxonomy, when the caller has it loaded already."""
        mapping, _ = cls.objects.get_or_create(
            vocabulary=vocabulary, term_id=term_id, defaults={"name": name}
        )
        mapping.name, mapping.vocabulary_name = name, vocabulary_name
        mapping.code, mapping.term_uri = code, term_uri
        if mapping.is_waiting:
            mapping.category, how = mapping._match(
                local if local is not None else list(Category.objects.select_related("taxonomy"))
            )
            mapping.matched_by = how
        mapping.save()
        return mapping

    def _match(self, local: list[Category]) -> tuple[Category | None, str]:
        name = _comparable(self.name)
        candidates = (
            (self.MatchedBy.ID, [c for c in local if str(c.uuid) == self.term_id]),
            (self.MatchedBy.CODE, [c for c in local if self._same_code(c)]),
            (
                self.MatchedBy.NAME,
                [c for c in local if name in (_comparable(c.name), _comparable(c.slug))],
            ),
        )
        for how, found in candidates:
            # Two local categories of the same name (under different parents): ask.
            if len(found) == 1:
                return found[0], how
        return None, ""

    def _same_code(self, category: Category) -> bool:
        if self.term_uri and category.term_uri == self.term_uri:
            return True
        vocabulary = category.taxonomy
        return bool(
            self.code
            and category.slug == self.code
            and vocabulary is not None
            and self.vocabulary in (str(vocabulary.uuid), vocabulary.name)
        )

    def apply_to_waiting_services(self) -> None:
        """Once decided: the services that waited get the category (and are reindexed
        through the outbox, as any saved service is), and stop waiting."""
        if self.is_waiting:
            return
        with transaction.atomic():
            if self.category is not None:
                waiting = list(self.waiting_services.all())
                # From the category's side: a service's own (modelcluster) relation would
                # wait for a full save of the service.
                self.category.services.add(*waiting)
                for service in waiting:
                    service.save(update_fields=["updated_at"])  # its organisation's document
            self.waiting_services.clear()


class Closure(Orderable):
    """Whole days a service is closed although its schedule says open (bank holidays,
    Christmas, a training day), in Europe/London dates, first and last day included."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="closures")
    starts_on = models.DateField("closed from")
    ends_on = models.DateField("closed until", help_text="The last day closed.")
    reason = models.CharField(max_length=100, blank=True, help_text="e.g. Christmas Day.")

    class Meta(Orderable.Meta):
        verbose_name = "closure"

    def __str__(self) -> str:
        return f"Closed {self.starts_on:%d %b %Y}–{self.ends_on:%d %b %Y}"

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The last day closed is before the first."})


class Availability(models.Model):
    """Whether a service that takes people in has space now, as its staff last said.

    Operational status, not listing content: it is kept apart from the service's revisions
    (publishing a revision never overwrites it), skips the approval workflow, and only
    members see it. Each change is logged in the service's history (``record``)."""

    class State(models.TextChoices):
        AVAILABLE = "available", "Space available"
        CALL = "call", "Call to check"
        FULL = "full", "Full"

    service = models.OneToOneField(
        Service, on_delete=models.CASCADE, primary_key=True, related_name="availability"
    )
    state = models.CharField(max_length=10, choices=State.choices)
    note = models.CharField(
        max_length=200, blank=True, help_text="Members only, e.g. “one room, ground floor”."
    )
    updated_at = models.DateTimeField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    LOG_ACTION = "directory.availability"

    class Meta:
        verbose_name_plural = "availability"

    def __str__(self) -> str:
        return f"{self.service}: {self.get_state_display()}"

    @classmethod
    def record(cls, service: Service, state: str, note: str, by) -> Availability:
        """Set the state now, and log who changed it from what to what."""
        from wagtail.log_actions import log

        with transaction.atomic():
            before = cls.objects.select_for_update().filter(service=service).first()
            availability, _ = cls.objects.update_or_create(
                service=service,
                defaults={
                    "state": state,
                    "note": note,
                    "updated_at": timezone.now(),
                    "updated_by": by,
                },
            )
            log(
                instance=service,
                action=cls.LOG_ACTION,
                user=by,
                data={"from": before.state if before else "", "to": state, "note": note},
            )
        return availability

    def is_stale(self, now=None) -> bool:
        return (now or timezone.now()) - self.updated_at > settings.AVAILABILITY_STALE_AFTER


class ServiceAtLocation(Orderable):
    """A service delivered at one of its organisation's locations."""

    service = ParentalKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="service_at_locations"
    )
    uuid = models.UUIDField("ID", default=uuid.uuid4, unique=True, editable=False)

    class Meta(Orderable.Meta):
        verbose_name = "location"

    def __str__(self) -> str:
        return f"{self.service} at {self.location}"


class Shortlist(models.Model):
    """A referrer's named list of services, to share by its link or print.

    Who may open it, and who sees its owner and name, is the access policy's decision
    (``policy.can_open_shortlist``, ``policy.can_see_shortlist_owner_and_name``).
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="shortlists"
    )
    name = models.CharField(max_length=150)
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    is_shared = models.BooleanField(
        "shared by its link",
        default=True,
        help_text="Anyone with the link may open it; otherwise only its owner.",
    )
    services = models.ManyToManyField(Service, through="ShortlistItem", related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:shortlist", args=[self.token])

    def withdraw_link(self) -> None:
        """A new link replaces the old one, which then opens nothing."""
        self.token = uuid.uuid4()
        self.save(update_fields=["token", "updated_at"])


class ShortlistItem(models.Model):
    shortlist = models.ForeignKey(Shortlist, on_delete=models.CASCADE, related_name="items")
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(max_length=255, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    # Set by the shortlist page for its template.
    locations: list[LocationView]

    class Meta:
        ordering = ["added_at"]
        constraints = [
            models.UniqueConstraint(fields=["shortlist", "service"], name="once_per_shortlist")
        ]

    def __str__(self) -> str:
        return f"{self.service} on {self.shortlist}"


class ListingReport(models.Model):
    """Someone says a listing is wrong; coordinators work through these in the admin."""

    class Reason(models.TextChoices):
        WRONG_CONTACT = "wrong_contact", "Wrong phone number or e-mail"
        CLOSED = "closed", "The service has closed or is not taking referrals"
        WRONG_ADDRESS = "wrong_address", "Wrong address or opening hours"
        CONCERN = "concern", "A concern about this organisation"
        OTHER = "other", "Something else"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="reports")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(max_length=20, choices=Reason.choices)
    details = models.TextField(blank=True)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reporter_email = models.EmailField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    coordinator_notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.service or self.organisation}"


class CSVImport(models.Model):
    """One coordinator's CSV file of services, kept here (not on disk) so any worker can
    import it in the background; its status page shows how it went. The file's text is kept
    only until the import is done or has failed: it may hold members-only contact details,
    and the result says what happened."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    text = models.TextField()
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "CSV import"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("directory_import_status", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    # Even 2,000 changed rows take a minute or two; far longer means the worker stopped.
    STUCK_AFTER = timedelta(minutes=30)

    @property
    def seems_stuck(self) -> bool:
        return (
            self.status == self.Status.RUNNING
            and self.started_at is not None
            and timezone.now() - self.started_at > self.STUCK_AFTER
        )

    def mark_running(self) -> None:
        self.status = self.Status.RUNNING
        self.started_at = timezone.now()
        self.error = ""
        self.save(update_fields=["status", "started_at", "error"])

    def finish(self, result: dict) -> None:
        self.status = self.Status.FAILED if result["failed"] else self.Status.DONE
        self.result = result
        self.error = (
            "Nothing was imported: these rows could not be imported (the directory may "
            "have changed since the file was checked). Fix them and upload the file again."
            if result["failed"]
            else ""
        )
        self.finished_at = timezone.now()
        self.text = ""
        self.save(update_fields=["status", "result", "error", "finished_at", "text"])

    def fail(self, reason: str) -> None:
        self.status = self.Status.FAILED
        self.error = reason
        self.finished_at = timezone.now()
        self.text = ""
        self.save(update_fields=["status", "error", "finished_at", "text"])


class AccessLogEntry(models.Model):
    """Someone was shown a confidential address or a contact marked sensitive: who, when,
    which record and where. UK GDPR's accountability principle asks this of exactly this
    kind of data; the owning organisation's admins and coordinators read it
    (``policy.can_read_access_log``), and entries older than
    ``settings.ACCESS_LOG_RETENTION_DAYS`` are deleted (directory/schedule.py)."""

    class Surface(models.TextChoices):
        ORGANISATION_PAGE = "organisation_page", "Organisation page"
        SERVICE_PAGE = "service_page", "Service page"
        PRINT_VIEW = "print_view", "Print view"
        REFERRAL_TEXT = "referral_text", "Plain-text referral details"
        SHORTLIST = "shortlist", "Shortlist"
        CSV_EXPORT = "csv_export", "CSV export"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    # The record shown; its name is kept too, so the entry still reads after it is deleted.
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    record = models.CharField(max_length=255)
    viewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    viewer_label = models.CharField("who", max_length=255)
    surface = models.CharField(max_length=30, choices=Surface.choices)
    viewed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-viewed_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-viewed_at"])]
        verbose_name_plural = "access log entries"

    def __str__(self) -> str:
        return f"{self.viewer_label} saw {self.record} ({self.get_surface_display()})"
