"""Coordinators manage forum categories (in order), private groups, flags and the moderation
log in the admin; every admin view asks the permission policy about its object
(directory.viewsets)."""

from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy

from accounts import policy
from accounts.models import PrivateGroup
from directory.viewsets import PolicyModelViewSet
from forum.models import Category, Flag, ModerationLog


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


for _model in (Category, PrivateGroup, Flag, ModerationLog):
    register_permission_policy(_model, CoordinatorsOnly(_model))


class CategoryViewSet(PolicyModelViewSet):
    model = Category
    icon = "list-ul"
    menu_label = "Forum categories"
    list_display = ["name", "access", "group", "order"]
    form_fields = ["name", "slug", "description", "access", "group"]
    sort_order_field = "order"
    add_to_admin_menu = False


class PrivateGroupViewSet(PolicyModelViewSet):
    model = PrivateGroup
    icon = "group"
    menu_label = "Private groups"
    list_display = ["name", "description"]
    form_fields = ["name", "description", "organisations", "users"]
    search_fields = ["name"]


class FlagViewSet(PolicyModelViewSet):
    model = Flag
    icon = "warning"
    menu_label = "Flags"
    list_display = ["post", "reason", "flagged_by", "created_at", "resolved_at"]
    list_filter = ["reason"]
    form_fields = ["resolved_at"]


class ModerationLogViewSet(PolicyModelViewSet):
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
        FlagViewSet("forum_flags"),
        ModerationLogViewSet("forum_moderation_log"),
    ]


@hooks.register("register_admin_viewset")
def register_forum_viewsets():
    return ForumViewSetGroup()
