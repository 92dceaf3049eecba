"""Forms for the directory: admin forms that keep organisation admins to their own entry,
and the site's search, shortlist and report forms."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict
from django.utils.choices import flatten_choices
from wagtail.admin.forms import WagtailAdminModelForm

from accounts import policy
from core.forms import Form, ModelForm
from directory import filters
from directory.models import (
    ListingReport,
    Location,
    Organisation,
    Shortlist,
    TaxonomyTermMapping,
)


class OrganisationAdminForm(WagtailAdminModelForm):
    pass


class ServiceAdminForm(WagtailAdminModelForm):
    """An organisation admin can only place a service under their own organisation, at
    that organisation's locations."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user and not policy.can_manage_directory(user):
            own = policy.admin_organisation_ids(user)
            if "organisation" in self.fields:
                self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=own)
            self._offer_only_locations_of(own)

    def _offer_only_locations_of(self, organisation_ids) -> None:
        formset = self.formsets.get("service_at_locations")
        if formset is None:
            return
        locations = Location.objects.filter(organisation_id__in=organisation_ids)

        # The formset builds its forms (and the empty one the admin copies) lazily from
        # this class, so narrowing it here covers every location choice on the page.
        class OwnLocationsForm(formset.form):  # type: ignore[name-defined]  # made at run time
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                self.fields["location"].queryset = locations

        formset.form = OwnLocationsForm

    def clean(self):
        cleaned = super().clean()
        organisation = cleaned.get("organisation")
        formset = self.formsets.get("service_at_locations")
        if organisation and formset is not None:
            for form in formset.forms:
                location = form.cleaned_data.get("location") if form.is_valid() else None
                if location and location.organisation_id != organisation.pk:
                    raise ValidationError(
                        f"{location} belongs to another organisation; choose one of "
                        f"{organisation}'s locations."
                    )
        return cleaned


class TermMappingAdminForm(WagtailAdminModelForm):
    """A coordinator's decision on an incoming term: a local category, or ignore it."""

    def clean(self) -> dict:
        data = super().clean()
        if data.get("category") and data.get("ignored"):
            raise ValidationError("Choose a category or ignore the term, not both.")
        return data

    def save(self, commit: bool = True) -> TaxonomyTermMapping:
        mapping = super().save(commit=False)
        if {"category", "ignored"} & set(self.changed_data):
            mapping.matched_by = TaxonomyTermMapping.MatchedBy.COORDINATOR
        if commit:
            mapping.save()
            mapping.apply_to_waiting_services()
        return mapping


class ReportForm(ModelForm):
    class Meta:
        model = ListingReport
        fields = ["reason", "details", "reporter_email"]
        widgets = {"reason": forms.RadioSelect}
        labels = {
            "reason": "What is wrong?",
            "details": "Tell us more (optional)",
            "reporter_email": "Your e-mail address (optional, if we may ask you about it)",
        }


class ShortlistForm(ModelForm):
    class Meta:
        model = Shortlist
        fields = ["name"]
        labels = {"name": "Name of the new list"}


class ShortlistSharingForm(ModelForm):
    CHOICE_MESSAGE = "Choose who may open this list."

    is_shared = forms.TypedChoiceField(
        label="Who may open this list",
        choices=[
            ("True", "Anyone with the link (outside the network they see only the services)"),
            ("False", "Only me: the link stops working for everyone else"),
        ],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        error_messages={"required": CHOICE_MESSAGE, "invalid_choice": CHOICE_MESSAGE},
    )

    class Meta:
        model = Shortlist
        fields = ["is_shared"]


class AddToShortlistForm(Form):
    shortlist = forms.ModelChoiceField(queryset=Shortlist.objects.none(), required=False)
    new_name = forms.CharField(label="Or start a new list called", max_length=150, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shortlist"].queryset = Shortlist.objects.filter(owner=user)
        self.fields["shortlist"].label = "Add to list"

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("shortlist") and not cleaned.get("new_name", "").strip():
            raise ValidationError("Choose one of your lists or name a new one.")
        return cleaned


class DirectorySearchForm(Form):
    """The directory's search and filters, shown back from a shareable GET querystring.

    It reads nothing itself: the search engine's parser reads the querystring
    (``search.params.parse``, told what this form offers by ``offered()``), and the form
    shows what it found wrong beside the fields (``show_errors``).
    """

    SORTS = [("relevance", "Best match"), ("distance", "Nearest first")]
    # Members only: the likeliest bed first (directory/availability.py's order).
    AVAILABILITY_SORT = ("availability", "Space available first")
    # Always shown; every other field is a filter, folded behind "Filters (n)" on a phone.
    MAIN_FIELDS = ("q", "near")
    # Not filters: they change how the results are shown, not which.
    NOT_COUNTED = ("radius", "sort")

    q = forms.CharField(label="Search the directory", required=False, max_length=200)
    category = forms.ChoiceField(label=filters.CATEGORY.label, required=False)
    area = forms.ChoiceField(label=filters.AREA.label, required=False)
    language = forms.ChoiceField(label=filters.LANGUAGE.label, required=False)
    eligibility = forms.ChoiceField(
        label=filters.ELIGIBILITY_CHOICE.label,
        required=False,
        choices=[("", filters.ELIGIBILITY_CHOICE.any_label)]
        + [(flag.key, flag.label) for flag in filters.ELIGIBILITY],
    )
    accepting = forms.BooleanField(label=filters.ACCEPTING.label, required=False)
    tonight = forms.BooleanField(label=filters.TONIGHT.label, required=False)
    open_now = forms.BooleanField(label="Open now", required=False)
    available = forms.BooleanField(label=filters.AVAILABLE.label, required=False)
    open_at = forms.CharField(
        label="Open at",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="A day and time, such as Sunday at 02:00",
    )
    near = forms.CharField(
        label="Near a postcode",
        required=False,
        max_length=10,
        help_text="Or a district, such as CO1",
    )
    radius = forms.ChoiceField(
        label="Within",
        required=False,
        choices=[(2, "2 km"), (5, "5 km"), (10, "10 km"), (25, "25 km"), (50, "50 km")],
    )
    sort = forms.ChoiceField(label="Sort by", required=False, choices=SORTS)

    def __init__(self, *args, categories=(), areas=(), languages=(), availability=False, **kwargs):
        super().__init__(*args, **kwargs)
        if availability:
            self.fields["sort"].choices = [*self.SORTS, self.AVAILABILITY_SORT]
        else:
            del self.fields["available"]
        self.fields["category"].choices = [("", filters.CATEGORY.any_label)] + [
            (c.slug, ("— " if c.parent_id else "") + c.name) for c in categories
        ]
        self.fields["area"].choices = [("", filters.AREA.any_label)] + [
            (a.slug, a.name) for a in areas
        ]
        self.fields["language"].choices = [("", filters.LANGUAGE.any_label)] + [
            (lang.code, lang.name) for lang in languages
        ]
        self.problems: dict[str, list[str]] = {}

    def offered(self) -> dict[str, set[str]]:
        """The values each of the form's choices offers."""
        offered = {}
        for name, field in self.fields.items():
            if not isinstance(field, forms.ChoiceField):
                continue
            choices = field.choices
            # Django keeps choices given as a list as a list of (value, label) pairs.
            assert isinstance(choices, list), f"{name}: give its choices as a list"
            offered[name] = {str(value) for value, _ in flatten_choices(choices) if value != ""}
        return offered

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.MAIN_FIELDS]

    def filter_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in self.MAIN_FIELDS]

    def active_filters(self) -> int:
        """How many filters the search asks for, as "Filters (n)" says."""
        counted = [f for f in self.filter_fields() if f.name not in self.NOT_COUNTED]
        return sum(1 for field in counted if self.data.get(field.name, "") not in ("", "0"))

    def filters_have_errors(self) -> bool:
        return any(field.errors for field in self.filter_fields())

    def show_errors(self, errors: dict[str, list[str]]) -> None:
        self.problems = errors
        self._errors = None  # shown from these on the next look

    def full_clean(self):
        self.cleaned_data = {}
        self._errors = ErrorDict(renderer=self.renderer)
        for name, messages in self.problems.items():
            if name in self.fields:
                self._errors[name] = self.error_class(messages, renderer=self.renderer)
