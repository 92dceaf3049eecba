"""Referral pathways: who does what, in what order, when a potential victim is found. Drafted
by members (often from a forum discussion), signed off by every participating organisation,
and versioned.

The models began in the forum app and moved here with their tables: each keeps its old table
name (``forum_pathway`` and so on) so the move needed no data migration."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from accounts import policy

if TYPE_CHECKING:
    from wagtail.documents.models import AbstractDocument

    from accounts.models import User
    from directory.models import Organisation


class Pathway(ClusterableModel):
    """Who does what, in what order, when a potential victim is found: one version of it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PROPOSED = "proposed", "Proposed for sign-off"
        AGREED = "agreed", "Agreed"
        SUPERSEDED = "superseded", "Superseded"

    class Visibility(models.TextChoices):
        PUBLIC = "public", "Public"
        MEMBERS = "members", "Members only"

    class AgeGroup(models.TextChoices):
        ADULT = "adult", "Adults"
        CHILD = "child", "Children (under 18)"
        ALL = "all", "Adults and children"

    class Exploitation(models.TextChoices):
        ANY = "any", "Any form of exploitation"
        LABOUR = "labour", "Labour exploitation"
        SEXUAL = "sexual", "Sexual exploitation"
        CRIMINAL = "criminal", "Criminal exploitation (including county lines)"
        DOMESTIC = "domestic", "Domestic servitude"
        ORGAN = "organ", "Organ harvesting"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    version = models.PositiveIntegerField(default=1)
    summary = models.TextField(blank=True)
    area = models.CharField(max_length=150, help_text="Where it applies, e.g. Colchester.")
    age_group = models.CharField(max_length=10, choices=AgeGroup.choices, default=AgeGroup.ADULT)
    exploitation_type = models.CharField(
        max_length=20, choices=Exploitation.choices, default=Exploitation.ANY
    )
    need_category = models.CharField(
        max_length=150, blank=True, help_text="The need it answers, e.g. emergency accommodation."
    )
    emergency_route = models.TextField(
        default="If anyone is in immediate danger, call 999 and ask for the police.",
    )
    review_date = models.DateField(null=True, blank=True)
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    source_thread = models.ForeignKey(
        "forum.Thread", null=True, blank=True, on_delete=models.SET_NULL, related_name="pathways"
    )
    supersedes = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="superseded_by"
    )
    participating_organisations = models.ManyToManyField(
        "directory.Organisation", blank=True, related_name="pathways"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "forum_pathway"
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="one_pathway_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"

    def get_absolute_url(self) -> str:
        return reverse("pathways:version", args=[self.slug, self.version])

    def audiences(self) -> frozenset[str]:
        # Drafts and proposals are members' work in progress, whatever they will become.
        settled = self.status in (self.Status.AGREED, self.Status.SUPERSEDED)
        if settled and self.visibility == self.Visibility.PUBLIC:
            return frozenset({policy.PUBLIC})
        return frozenset({policy.MEMBERS})

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    def lapses_on(self) -> date | None:
        """The day its sign-offs lapse: the review date of an agreed version."""
        return self.review_date if self.status == self.Status.AGREED else None

    @property
    def is_lapsed(self) -> bool:
        lapses_on = self.lapses_on()
        return lapses_on is not None and lapses_on <= timezone.localdate()

    @property
    def is_in_force(self) -> bool:
        """Agreed, and its sign-offs have not lapsed: the only state shown as "Agreed"."""
        return self.status == self.Status.AGREED and not self.is_lapsed

    @property
    def standing(self) -> str:
        """What the page and its print say it is: never "Agreed" once the sign-offs lapse."""
        return "Lapsed" if self.is_lapsed else self.get_status_display()

    def live_sign_offs(self) -> models.QuerySet[SignOff]:
        return self.sign_offs.filter(withdrawn_at__isnull=True)

    def missing_sign_offs(self) -> list[Organisation]:
        signed = set(self.live_sign_offs().values_list("organisation_id", flat=True))
        return [o for o in self.participating_organisations.all() if o.pk not in signed]

    @transaction.atomic
    def set_documents(self, documents: Iterable[AbstractDocument]) -> None:
        """Attach exactly ``documents``, in that order (kept rows keep their position)."""
        wanted = list(dict.fromkeys(documents))
        self.documents.exclude(document__in=wanted).delete()
        attached = set(self.documents.values_list("document_id", flat=True))
        for position, document in enumerate(wanted):
            if document.pk not in attached:
                PathwayDocument.objects.create(pathway=self, document=document, order=position)

    def proposal_problem(self) -> str | None:
        """Why it cannot be proposed for sign-off yet, in words for the person proposing."""
        if not self.steps.exists() or not self.participating_organisations.exists():
            return "Add at least one step and one participating organisation first."
        if self.review_date is None or self.review_date <= timezone.localdate():
            return "Set a review date after today: the sign-offs lapse on that date."
        return None

    def propose(self) -> None:
        self.status = self.Status.PROPOSED
        self.save(update_fields=["status", "updated_at"])

    @transaction.atomic
    def return_to_draft(self) -> None:
        # What was signed may now change: the sign-offs stop counting but stay in the history.
        self.live_sign_offs().update(withdrawn_at=timezone.now())
        self.status = self.Status.DRAFT
        self.save(update_fields=["status", "updated_at"])

    @transaction.atomic
    def sign_off(self, organisation: Organisation, user: User) -> SignOff:
        sign_off, _ = SignOff.objects.get_or_create(
            pathway=self, organisation=organisation, withdrawn_at=None, defaults={"user": user}
        )
        if not self.missing_sign_offs():
            self.agree()
        return sign_off

    def agree(self) -> None:
        self.status = self.Status.AGREED
        self.agreed_at = timezone.now()
        self.save(update_fields=["status", "agreed_at", "updated_at"])
        older = self.supersedes
        if older is not None and older.status == self.Status.AGREED:
            older.status = self.Status.SUPERSEDED
            older.save(update_fields=["status", "updated_at"])

    @transaction.atomic
    def new_version(self, by: User) -> Pathway:
        """A draft copy (steps, documents, organisations) that will supersede this one."""
        skip = {"id", "version", "status", "supersedes", "created_by", "created_at", "agreed_at"}
        fields = {
            f.name: getattr(self, f.name)
            for f in self._meta.concrete_fields
            if f.name not in skip and not f.auto_created
        }
        fields.pop("updated_at", None)
        latest = Pathway.objects.filter(slug=self.slug).aggregate(v=models.Max("version"))["v"]
        copy = Pathway.objects.create(
            **fields, version=(latest or 0) + 1, supersedes=self, created_by=by
        )
        copy.participating_organisations.set(self.participating_organisations.all())
        for step in self.steps.all():
            services = list(step.linked_services.all())
            step.pk = None
            step.pathway = copy
            step.save()
            step.linked_services.set(services)
        for document in self.documents.all():
            document.pk = None
            document.pathway = copy
            document.save()
        return copy


def sign_offs_awaited(organisation_ids: Iterable[int] | None = None) -> models.QuerySet[Any]:
    """(pathway, organisation) pairs still to sign: proposed pathways the organisation takes
    part in and has not signed off; only ``organisation_ids``' when given."""
    participation = Pathway.participating_organisations.through
    signed = SignOff.objects.filter(
        pathway_id=models.OuterRef("pathway_id"),
        organisation_id=models.OuterRef("organisation_id"),
        withdrawn_at__isnull=True,
    )
    awaited = participation.objects.filter(pathway__status=Pathway.Status.PROPOSED).exclude(
        models.Exists(signed)
    )
    if organisation_ids is not None:
        awaited = awaited.filter(organisation_id__in=organisation_ids)
    return awaited.select_related("pathway", "organisation").order_by(
        "pathway__updated_at", "pathway_id", "organisation__name"
    )


def being_revised() -> models.Exists:
    """Annotation: a newer version of this one is being drafted or signed off."""
    return models.Exists(
        Pathway.objects.filter(
            supersedes=models.OuterRef("pk"),
            status__in=[Pathway.Status.DRAFT, Pathway.Status.PROPOSED],
        )
    )


def sign_off_board(pathways: Iterable[Pathway]) -> list[dict[str, Any]]:
    """For each pathway, every participating organisation with its live sign-off (or None).
    The pathways come from ``with_sign_offs``."""
    board = []
    for pathway in pathways:
        signed = {s.organisation_id: s for s in pathway.sign_offs.all()}
        rows = [
            {"organisation": o, "sign_off": signed.get(o.pk)}
            for o in pathway.participating_organisations.all()
        ]
        board.append({"pathway": pathway, "rows": rows})
    return board


def with_sign_offs(pathways: models.QuerySet[Pathway]) -> models.QuerySet[Pathway]:
    """The pathways with their organisations, and as ``sign_offs`` only the live ones."""
    return pathways.prefetch_related(
        "participating_organisations",
        models.Prefetch(
            "sign_offs",
            queryset=SignOff.objects.filter(withdrawn_at__isnull=True).select_related("user"),
        ),
    )


class PathwayStep(models.Model):
    class Condition(models.TextChoices):
        ANY = "", "Always"
        YES = "yes", "Only if yes"
        NO = "no", "Only if no"

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(default=0)
    action = models.CharField(max_length=300, help_text="What happens at this step.")
    responsible_organisation = models.ForeignKey(
        "directory.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responsible_role = models.CharField(
        max_length=200, blank=True, help_text="Or the role, e.g. 'Duty social worker'."
    )
    is_nrm_first_responder = models.BooleanField(
        "NRM first responder", default=False, help_text="They can refer into the NRM."
    )
    how_to_contact = models.TextField(blank=True)
    when_to_contact = models.CharField(max_length=200, blank=True)
    timescale = models.CharField(max_length=200, blank=True, help_text="e.g. within 24 hours.")
    consent_given = models.CharField(
        "Consent given?", max_length=3, choices=Condition.choices, blank=True
    )
    immediate_danger = models.CharField(
        "Immediate danger?", max_length=3, choices=Condition.choices, blank=True
    )
    age_condition = models.CharField(
        "Age", max_length=10, choices=[("", "Any age"), *Pathway.AgeGroup.choices[:2]], blank=True
    )
    linked_services = models.ManyToManyField(
        "directory.Service", blank=True, related_name="pathway_steps"
    )

    class Meta:
        db_table = "forum_pathwaystep"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.action

    @property
    def conditions(self) -> list[str]:
        found = []
        if self.consent_given == "yes":
            found.append("The person consents")
        elif self.consent_given == "no":
            found.append("The person does not consent")
        if self.immediate_danger == "yes":
            found.append("Someone is in immediate danger")
        elif self.immediate_danger == "no":
            found.append("No one is in immediate danger")
        if self.age_condition == Pathway.AgeGroup.ADULT:
            found.append("Adults (18 or over)")
        elif self.age_condition == Pathway.AgeGroup.CHILD:
            found.append("Children (under 18)")
        return found

    @property
    def responsible(self) -> str:
        parts = [p for p in (self.responsible_role, str(self.responsible_organisation or "")) if p]
        return ", ".join(parts)


class PathwayDocument(models.Model):
    """A form or document to use along the pathway (a Wagtail document)."""

    pathway = ParentalKey(Pathway, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey("wagtaildocs.Document", on_delete=models.CASCADE, related_name="+")
    order = models.PositiveIntegerField(default=0)

    sort_order_field = "order"

    class Meta:
        db_table = "forum_pathwaydocument"
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return str(self.document)


class SignOff(models.Model):
    """One organisation's sign-off of one version, kept for the history even once withdrawn
    (the proposal went back to draft) or lapsed (the version's review date passed)."""

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="sign_offs")
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        db_table = "forum_signoff"
        ordering = ["at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "organisation"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="one_live_sign_off_per_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation} signed off {self.pathway}"


class ReviewReminder(models.Model):
    """A reminder sent to the admins of the organisations that signed a version: that its
    review date is near, or that its sign-offs have lapsed. One of each kind per version and
    review date, so the daily job never sends one twice."""

    class Kind(models.TextChoices):
        DUE = "due", "Review date near"
        LAPSED = "lapsed", "Sign-offs lapsed"

    pathway = models.ForeignKey(Pathway, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    review_date = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pathway", "kind", "review_date"], name="one_reminder_of_each_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.pathway} ({self.review_date})"
