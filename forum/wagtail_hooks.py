"""Coordinators manage forum categories (in order), private groups and pathways in the admin."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts import policy
from accounts.models import PrivateGroup
from forum import pathway_documents
from forum.models import Category, Flag, ModerationLog
from pathways.models import Pathway


class CoordinatorsOnly(BasePermissionPolicy):
    """The access policy decides: coordinators manage the forum, nobody else."""

    def user_has_permission(self, user, action):
        return policy.is_coordinator(user)

    def user_has_any_permission(self, user, actions):
        return policy.is_coordinator(user)

    def users_with_any_permission(self, actions):
        from accounts.models import User

        return User.objects.filter(groups__name=policy.COORDINATORS) | User.objects.filter(
            is_superuser=True
        )


for _model in (Category, PrivateGroup, Pathway, Flag, ModerationLog):
    register_permission_policy(_model, CoordinatorsOnly(_model))


class CategoryViewSet(ModelViewSet):
    model = Category
    icon = "list-ul"
    menu_label = "Forum categories"
    list_display = ["name", "access", "group", "order"]
    form_fields = ["name", "slug", "description", "access", "group"]
    sort_order_field = "order"
    add_to_admin_menu = False


class PrivateGroupViewSet(ModelViewSet):
    model = PrivateGroup
    icon = "group"
    menu_label = "Private groups"
    list_display = ["name", "description"]
    form_fields = ["name", "description", "organisations", "users"]
    search_fields = ["name"]


class PathwayViewSet(ModelViewSet):
    model = Pathway
    icon = "list-ol"
    menu_label = "Referral pathways"
    list_display = ["title", "version", "status", "visibility", "review_date"]
    list_filter = ["status", "visibility"]
    panels = [
        FieldPanel("title"),
        FieldPanel("summary"),
        FieldPanel("visibility"),
        FieldPanel("review_date"),
        FieldPanel("status"),
        InlinePanel(
            "documents",
            heading="Forms and documents",
            label="Document",
            panels=[FieldPanel("document")],
        ),
    ]
    search_fields = ["title"]


class FlagViewSet(ModelViewSet):
    model = Flag
    icon = "warning"
    menu_label = "Flags"
    list_display = ["post", "reason", "flagged_by", "created_at", "resolved_at"]
    list_filter = ["reason"]
    form_fields = ["resolved_at"]


class ModerationLogViewSet(ModelViewSet):
    model = ModerationLog
    icon = "history"
    menu_label = "Moderation log"
    list_display = ["created_at", "actor", "action", "thread", "detail"]
    list_filter = ["action"]
    form_fields = ["detail"]


class ForumViewSetGroup(ViewSetGroup):
    menu_label = "Forum"
    menu_icon = "comment"
    menu_order = 250
    items = [
        CategoryViewSet("forum_categories"),
        PrivateGroupViewSet("private_groups"),
        PathwayViewSet("forum_pathways"),
        FlagViewSet("forum_flags"),
        ModerationLogViewSet("forum_moderation_log"),
    ]


@hooks.register("register_admin_viewset")
def register_forum_viewsets():
    return ForumViewSetGroup()


@hooks.register("before_serve_document")
def pathway_uploads_follow_their_pathways(document, request):
    if not pathway_documents.is_pathway_upload(document):
        return None
    if policy.can_download_pathway_document(
        request.user, Pathway.objects.filter(documents__document=document)
    ):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404
