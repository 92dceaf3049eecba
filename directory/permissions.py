"""Bridges from Waymark's access policy (accounts/policy.py) to Wagtail's admin.

Wagtail asks permission policies and ``user.has_perm``; both answer here by asking the
one policy module, so there is no second set of rules in Django's permission tables.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import BaseBackend
from django.db.models import Q
from wagtail.permission_policies.base import ModelPermissionPolicy

from accounts import policy

# Custom permission names that FieldPanel(permission=...) and the backend understand.
MANAGE_DIRECTORY = "directory.manage_directory"


class DirectoryAuthBackend(BaseBackend):
    """Organisation admins may enter the Wagtail admin (to edit their own entry);
    coordinators hold the directory's management permission."""

    def has_perm(self, user_obj, perm, obj=None):
        if not getattr(user_obj, "is_active", False):
            return False
        if perm == "wagtailadmin.access_admin":
            return bool(policy.admin_organisation_ids(user_obj))
        if perm == MANAGE_DIRECTORY:
            return policy.can_manage_directory(user_obj)
        return False


class CoordinatorPermissionPolicy(ModelPermissionPolicy):
    """Only coordinators (and superusers) manage this model in the admin."""

    def user_has_permission(self, user, action):
        return policy.can_manage_directory(user) or super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True) | Q(groups__name=policy.COORDINATORS), is_active=True
            )
            .distinct()
        )

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return self.model._default_manager.all()
        return self.model._default_manager.none()


class TermMappingPermissionPolicy(CoordinatorPermissionPolicy):
    """Incoming taxonomy terms come from imports: coordinators look at them and decide what
    each maps to, but never add or delete one by hand."""

    def user_has_permission(self, user, action):
        return action in {"change", "view"} and policy.can_map_taxonomy_terms(user)


class OrganisationEntryPermissionPolicy(CoordinatorPermissionPolicy):
    """Coordinators do everything; organisation admins edit (never publish or delete)
    their own organisation's entry, so their changes wait for a coordinator's approval."""

    org_admin_actions: frozenset[str] = frozenset({"change", "view", "lock", "unlock"})
    organisation_field = "pk"

    def _is_org_admin(self, user) -> bool:
        return bool(policy.admin_organisation_ids(user))

    def user_has_permission(self, user, action):
        if super().user_has_permission(user, action):
            return True
        return action in self.org_admin_actions and self._is_org_admin(user)

    def organisation_id_of(self, instance) -> int | None:
        return instance.pk

    def user_has_permission_for_instance(self, user, action, instance):
        if policy.can_manage_directory(user):
            return True
        return action in self.org_admin_actions and self.organisation_id_of(
            instance
        ) in policy.admin_organisation_ids(user)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return any(self.user_has_permission_for_instance(user, a, instance) for a in actions)

    def instances_user_has_any_permission_for(self, user, actions):
        manager = self.model._default_manager
        if policy.can_manage_directory(user):
            return manager.all()
        if not self.org_admin_actions.intersection(actions):
            return manager.none()
        return manager.filter(
            **{f"{self.organisation_field}__in": policy.admin_organisation_ids(user)}
        )

    def users_with_any_permission(self, actions):
        coordinators = super().users_with_any_permission(actions)
        if not self.org_admin_actions.intersection(actions):
            return coordinators
        return (
            get_user_model()
            .objects.filter(
                Q(pk__in=coordinators.values("pk")) | Q(memberships__role="admin", is_active=True)
            )
            .distinct()
        )


class ServicePermissionPolicy(OrganisationEntryPermissionPolicy):
    org_admin_actions = frozenset({"add", "change", "view", "lock", "unlock"})
    organisation_field = "organisation_id"

    def organisation_id_of(self, instance) -> int | None:
        return instance.organisation_id
