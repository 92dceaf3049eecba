"""The directory in Wagtail's admin: organisations and services as snippets with drafts,
revisions, locking and the coordinator-approval workflow; taxonomy, reports and postcodes
for coordinators."""

from django import forms
from django.db.models import Count
from django.urls import path, reverse
from django.utils import timezone
from django_filters import BooleanFilter, ChoiceFilter
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList, TabbedInterface
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import BooleanColumn, Column, UpdatedAtColumn
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.action_menu import SubmitForModerationMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from accounts import policy
from directory import admin_home, admin_views, reviews
from directory.csv_import import views as csv_views
from directory.forms import OrganisationAdminForm, ServiceAdminForm, TermMappingAdminForm
from directory.models import (
    Area,
    Category,
    Language,
    ListingReport,
    Organisation,
    Service,
    Taxonomy,
    TaxonomyTermMapping,
)
from directory.permissions import (
    MANAGE_DIRECTORY,
    CoordinatorPermissionPolicy,
    OrganisationEntryPermissionPolicy,
    ServicePermissionPolicy,
    TermMappingPermissionPolicy,
)
from directory.review import (
    ApprovalQueuePanel,
    ReviewChangesView,
    replace_wagtails_review_panel,
    with_awaiting_approval,
)
from directory.viewsets import PolicyDeleteBulkAction, PolicySnippetViewSet
from places.models import Postcode

for _model in (Area, Category, Language, ListingReport, Postcode, Taxonomy):
    register_permission_policy(_model, CoordinatorPermissionPolicy(_model))
register_permission_policy(Organisation, OrganisationEntryPermissionPolicy(Organisation))
register_permission_policy(Service, ServicePermissionPolicy(Service))
register_permission_policy(TaxonomyTermMapping, TermMappingPermissionPolicy(TaxonomyTermMapping))


class OrganisationFilterSet(WagtailFilterSet):
    review_overdue = BooleanFilter(label="Review overdue", method="filter_review_overdue")

    class Meta:
        model = Organisation
        fields = ["status", "organisation_type", "nrm_first_responder"]

    def filter_review_overdue(self, queryset, name, value):
        overdue = Organisation.objects.review_overdue().values("pk")
        return queryset.filter(pk__in=overdue) if value else queryset.exclude(pk__in=overdue)


class ServiceFilterSet(WagtailFilterSet):
    status = ChoiceFilter(choices=Service.Status.choices)

    class Meta:
        model = Service
        fields = ["status", "accepting_referrals", "available_24_7", "categories"]


class ReviewDueColumn(Column):
    cell_template_name = "directory/admin/review_due_cell.html"


class ApprovalColumn(Column):
    cell_template_name = "directory/admin/approval_cell.html"


APPROVAL = ApprovalColumn("awaiting_approval", label="Approval")


_CHECKBOXES = forms.CheckboxSelectMultiple


class OrganisationViewSet(PolicySnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    add_to_admin_menu = False
    filterset_class = OrganisationFilterSet
    search_fields = ["name", "description"]
    list_display = [
        "name",
        "organisation_type",
        "status",
        BooleanColumn("live", label="Published"),
        APPROVAL,
        ReviewDueColumn("next_review_due", label="Next review"),
        UpdatedAtColumn(),
    ]
    list_export = ["uuid", "name", "slug", "organisation_type", "status", "next_review_due"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldPanel("organisation_type"),
                    FieldPanel("description"),
                    FieldPanel("logo"),
                    FieldPanel("nrm_first_responder"),
                    FieldPanel("areas", widget=_CHECKBOXES),
                    FieldPanel("languages", widget=_CHECKBOXES),
                ],
                heading="Organisation",
            ),
            ObjectList(
                [
                    FieldPanel("website"),
                    FieldRowPanel([FieldPanel("email"), FieldPanel("phone")]),
                    FieldRowPanel([FieldPanel("charity_number"), FieldPanel("company_number")]),
                    FieldPanel("secure_email"),
                    FieldPanel("contacts_sensitive"),
                    FieldPanel("members_notes"),
                ],
                heading="Contact",
            ),
            ObjectList(
                [
                    InlinePanel(
                        "locations",
                        heading="Locations",
                        panels=[
                            FieldPanel("name"),
                            FieldPanel("location_type"),
                            FieldPanel("address_1"),
                            FieldPanel("address_2"),
                            FieldRowPanel([FieldPanel("town"), FieldPanel("postcode")]),
                            FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                            FieldPanel("accessibility"),
                            FieldPanel("is_confidential"),
                            FieldPanel("front_door"),
                        ],
                    )
                ],
                heading="Locations",
            ),
            ObjectList(
                [
                    FieldPanel("status", permission=MANAGE_DIRECTORY),
                    FieldPanel("next_review_due", permission=MANAGE_DIRECTORY),
                ],
                heading="Trust",
            ),
        ],
        base_form_class=OrganisationAdminForm,
    )

    def get_queryset(self, request):
        return with_awaiting_approval(Organisation.objects.select_related("verified_by"))


class ServiceViewSet(PolicySnippetViewSet):
    model = Service
    icon = "list-ul"
    menu_label = "Services"
    add_to_admin_menu = False
    filterset_class = ServiceFilterSet
    search_fields = ["name", "description"]
    list_display = [
        "name",
        "organisation",
        "status",
        BooleanColumn("accepting_referrals", label="Accepting referrals"),
        BooleanColumn("live", label="Published"),
        APPROVAL,
        UpdatedAtColumn(),
    ]
    list_export = ["uuid", "name", "slug", "organisation", "status", "accepting_referrals"]
    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("organisation"),
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldPanel("description"),
                    FieldPanel("categories", widget=_CHECKBOXES),
                    FieldPanel("tags"),
                    FieldPanel("status"),
                    FieldPanel("alert"),
                    FieldPanel("languages", widget=_CHECKBOXES),
                    FieldPanel("service_areas", widget=_CHECKBOXES),
                    FieldRowPanel([FieldPanel("cost"), FieldPanel("is_free")]),
                    FieldPanel("last_reviewed"),
                ],
                heading="Service",
            ),
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("minimum_age"), FieldPanel("maximum_age")]),
                    FieldPanel("gender"),
                    FieldPanel("immigration_status"),
                    FieldPanel("nrm_requirement"),
                    FieldPanel("eligibility_notes"),
                ],
                heading="Eligibility",
            ),
            ObjectList(
                [
                    FieldRowPanel(
                        [FieldPanel("accepting_referrals"), FieldPanel("available_24_7")]
                    ),
                    FieldPanel("takes_people_in"),
                    FieldPanel("typical_wait"),
                    FieldRowPanel(
                        [FieldPanel("self_referral"), FieldPanel("professional_referral")]
                    ),
                    FieldPanel("referral_contact_name"),
                    FieldRowPanel([FieldPanel("referral_phone"), FieldPanel("referral_email")]),
                    FieldPanel("referral_form_url"),
                    FieldPanel("referral_instructions"),
                    FieldRowPanel([FieldPanel("url"), FieldPanel("email"), FieldPanel("phone")]),
                    FieldPanel("direct_referral_line"),
                    FieldPanel("secure_email"),
                    FieldPanel("contacts_sensitive"),
                    FieldPanel("members_notes"),
                ],
                heading="Referrals",
            ),
            ObjectList(
                [
                    InlinePanel(
                        "schedules",
                        heading="Opening hours",
                        panels=[
                            FieldPanel("byday"),
                            FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                            FieldPanel("description"),
                        ],
                    ),
                    InlinePanel(
                        "closures",
                        heading="Closures",
                        panels=[
                            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                            FieldPanel("reason"),
                        ],
                    ),
                    InlinePanel(
                        "service_at_locations", heading="Locations", panels=[FieldPanel("location")]
                    ),
                ],
                heading="Hours and places",
            ),
        ],
        base_form_class=ServiceAdminForm,
    )

    def get_queryset(self, request):
        return with_awaiting_approval(Service.objects.select_related("organisation"))


class CategoryViewSet(PolicySnippetViewSet):
    model = Category
    icon = "tag"
    menu_label = "Taxonomy"
    add_to_admin_menu = False
    list_display = ["name", "parent", "slug"]
    search_fields = ["name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("taxonomy"),
        FieldPanel("description"),
        FieldPanel("term_uri"),
    ]

    def get_queryset(self, request):
        return Category.objects.select_related("parent")


class TaxonomyViewSet(PolicySnippetViewSet):
    model = Taxonomy
    icon = "folder-open-inverse"
    menu_label = "Vocabularies"
    add_to_admin_menu = False


class TermMappingFilterSet(WagtailFilterSet):
    state = ChoiceFilter(
        label="State",
        choices=[("waiting", "Waiting"), ("mapped", "Mapped"), ("ignored", "Ignored")],
        method="filter_state",
        empty_label="Any",
    )

    class Meta:
        model = TaxonomyTermMapping
        fields = ["vocabulary_name"]

    def filter_state(self, queryset, name, value):
        return {
            "waiting": queryset.filter(category__isnull=True, ignored=False),
            "mapped": queryset.filter(category__isnull=False),
            "ignored": queryset.filter(ignored=True),
        }.get(value, queryset)


class TermMappingViewSet(PolicySnippetViewSet):
    """Imported feeds' taxonomy terms: what each maps to locally, and those that wait."""

    model = TaxonomyTermMapping
    icon = "tag"
    menu_label = "Incoming terms"
    add_to_admin_menu = False
    filterset_class = TermMappingFilterSet
    list_display = [
        "name",
        "vocabulary_name",
        Column("state", label="State"),
        "category",
        Column("waiting", label="Services waiting"),
        "first_seen",
    ]
    search_fields = ["name"]
    edit_handler = ObjectList(
        [
            FieldPanel("name", read_only=True),
            FieldPanel("vocabulary_name", read_only=True),
            FieldPanel("code", read_only=True),
            FieldPanel("term_id", read_only=True),
            FieldPanel("category"),
            FieldPanel("ignored"),
        ],
        base_form_class=TermMappingAdminForm,
    )

    def get_queryset(self, request):
        return TaxonomyTermMapping.objects.select_related("category__parent").annotate(
            waiting=Count("waiting_services")
        )


class AreaViewSet(PolicySnippetViewSet):
    model = Area
    icon = "site"
    add_to_admin_menu = False


class LanguageViewSet(PolicySnippetViewSet):
    model = Language
    icon = "openquote"
    add_to_admin_menu = False
    list_display = ["name", "code"]


class ListingReportFilterSet(WagtailFilterSet):
    class Meta:
        model = ListingReport
        fields = ["status", "reason"]


class ListingReportViewSet(PolicySnippetViewSet):
    model = ListingReport
    icon = "warning"
    menu_label = "Problem reports"
    add_to_admin_menu = False
    filterset_class = ListingReportFilterSet
    list_display = ["__str__", "organisation", "status", "created_at"]
    panels = [
        FieldPanel("organisation", read_only=True),
        FieldPanel("service", read_only=True),
        FieldPanel("reason", read_only=True),
        FieldPanel("details", read_only=True),
        FieldPanel("reporter_email", read_only=True),
        FieldPanel("status"),
        FieldPanel("coordinator_notes"),
    ]

    def get_queryset(self, request):
        return ListingReport.objects.select_related("organisation", "service")


class PostcodeViewSet(PolicySnippetViewSet):
    model = Postcode
    icon = "pick"
    add_to_admin_menu = False
    list_display = ["postcode", "is_district", "latitude", "longitude"]
    search_fields = ["postcode"]


class DirectoryGroup(SnippetViewSetGroup):
    menu_label = "Directory"
    menu_icon = "group"
    menu_order = 150
    items = (
        OrganisationViewSet,
        ServiceViewSet,
        ListingReportViewSet,
        CategoryViewSet,
        TermMappingViewSet,
        TaxonomyViewSet,
        AreaViewSet,
        LanguageViewSet,
        PostcodeViewSet,
    )


register_snippet(DirectoryGroup)


class DirectoryDeleteBulkAction(PolicyDeleteBulkAction):
    models = [viewset.model for viewset in DirectoryGroup.items]


# After Wagtail's own bulk delete (order 0), so this one takes its place for these models.
hooks.register("register_bulk_action", DirectoryDeleteBulkAction, order=1)


class DirectoryReviewPanel(Component):
    """On the admin home page, for coordinators: overdue reviews and open problem reports."""

    name = "directory_review"
    template_name = "directory/admin/review_panel.html"
    order = 205

    def get_context_data(self, parent_context):
        today = timezone.localdate()
        overdue = Organisation.objects.review_overdue(today).exclude(
            status=Organisation.Status.SUSPENDED
        )
        overdue_count = overdue.count()
        return {
            "overdue": list(
                overdue.order_by("next_review_due", "name").only("pk", "name", "next_review_due")[
                    :15
                ]
            ),
            "overdue_count": overdue_count,
            "overdue_label": f"{overdue_count} review{'' if overdue_count == 1 else 's'} overdue",
            "reports": list(
                ListingReport.objects.filter(status=ListingReport.Status.OPEN).select_related(
                    "organisation", "service"
                )[:10]
            ),
            "overdue_url": reverse("wagtailsnippets_directory_organisation:list")
            + "?review_overdue=true",
            "freshness": reviews.freshness(),
            "terms_waiting": TaxonomyTermMapping.objects.filter(
                category__isnull=True, ignored=False
            ).count(),
            "terms_url": reverse("wagtailsnippets_directory_taxonomytermmapping:list")
            + "?state=waiting",
        }


@hooks.register("construct_homepage_panels")
def add_directory_review_panel(request, panels):
    replace_wagtails_review_panel(panels)
    if policy.can_manage_directory(request.user):
        panels.append(ApprovalQueuePanel())
        panels.append(DirectoryReviewPanel())
    elif homes := admin_home.homes_for(request.user):
        panels.append(admin_home.OrganisationAdminHomePanel(homes))


class SubmitForApprovalMenuItem(SubmitForModerationMenuItem):
    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        instance = parent_context.get("instance")
        state = instance.current_workflow_state if instance else None
        needs_changes = state is not None and state.status == state.STATUS_NEEDS_CHANGES
        context["label"] = "Resubmit for approval" if needs_changes else "Submit for approval"
        return context


@hooks.register("construct_snippet_action_menu")
def submit_for_approval_first(menu_items, request, context):
    """An organisation admin cannot publish: their main button sends the change to a coordinator."""
    if context.get("model") not in (Organisation, Service):
        return
    for index, item in enumerate(menu_items):
        if item.name == "action-submit":
            menu_items.pop(index)
            if not policy.can_manage_directory(request.user):
                menu_items.insert(0, SubmitForApprovalMenuItem(order=item.order))
            else:
                menu_items.insert(index, SubmitForApprovalMenuItem(order=item.order))
            return


@hooks.register("register_admin_urls")
def directory_admin_urls():
    return [
        path(
            "directory/organisations/<int:pk>/verify/",
            admin_views.verify_organisation,
            name="directory_verify_organisation",
        ),
        path(
            "directory/review/<int:task_state_id>/",
            ReviewChangesView.as_view(),
            name="directory_review_changes",
        ),
        path("directory/export.csv", csv_views.export_services_csv, name="directory_export"),
        path("directory/import/", csv_views.import_services_csv, name="directory_import"),
        path("directory/imports/", csv_views.import_list, name="directory_import_list"),
        path(
            "directory/imports/<int:pk>/",
            csv_views.import_status,
            name="directory_import_status",
        ),
    ]


class CoordinatorMenuItem(MenuItem):
    def is_shown(self, request):
        return policy.can_manage_directory(request.user)


@hooks.register("register_admin_menu_item")
def csv_imports_menu_item():
    return CoordinatorMenuItem(
        "CSV imports", reverse("directory_import_list"), icon_name="upload", order=151
    )


@hooks.register("register_snippet_listing_buttons")
def verify_button(snippet, user, next_url=None):
    if isinstance(snippet, Organisation) and policy.can_verify_organisation(user):
        yield Button(
            "Mark as verified",
            reverse("directory_verify_organisation", args=[snippet.pk]),
            icon_name="success",
            priority=5,
        )


@hooks.register("register_snippet_listing_buttons")
def access_log_button(snippet, user, next_url=None):
    if isinstance(snippet, Organisation) and policy.can_read_access_log(user, snippet):
        yield Button(
            "Access log",
            reverse("directory:access_log", args=[snippet.slug]),
            icon_name="view",
            priority=50,
        )


@hooks.register("register_log_actions")
def register_csv_import_log_actions(actions):
    actions.register_action(
        "directory.verify", "Verify", "Verified by a coordinator; the next review is due in a year"
    )
    from directory.csv_import.resources import LOG_ACTIONS

    for action, (label, message) in LOG_ACTIONS.items():
        actions.register_action(action, label, message)


@hooks.register("register_log_actions")
def register_availability_log_action(actions):
    from directory.availability import AvailabilityLogFormatter
    from directory.models import Availability

    actions.register_action(Availability.LOG_ACTION)(AvailabilityLogFormatter)
