"""The site's roles as Django groups, made by every ``migrate``: a new install works without
the demo.

One idempotent post_migrate step makes the Coordinators and Editors groups, then asks each
installed app for its own part (an AppConfig method ``set_up_roles``: the directory's approval
workflow, the guidance pages' moderation workflow and the editors' permissions), so this module
knows roles and never content. It only ever adds what is missing.

It also runs after a transactional test's flush (Django emits post_migrate then, unless the
test restores a serialized database instead), so tests find the groups and workflows too.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig, apps
from django.contrib.auth.models import Group, Permission

from accounts import policy

ROLE_GROUPS = (policy.COORDINATORS, policy.EDITORS)
COORDINATOR_APPROVAL = "Coordinator approval"


def permission(app_label: str, codename: str) -> Permission:
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_role_groups() -> dict[str, Group]:
    """Every role group may open the Wagtail admin; what they may do there is the apps' part."""
    access_admin = permission("wagtailadmin", "access_admin")
    groups = {}
    for name in ROLE_GROUPS:
        groups[name], _ = Group.objects.get_or_create(name=name)
        groups[name].permissions.add(access_admin)
    return groups


def coordinator_approval_task() -> Any:
    """The one moderation task both workflows share: a coordinator approves, and it goes live."""
    from wagtail.models import GroupApprovalTask

    task = GroupApprovalTask.objects.filter(name=COORDINATOR_APPROVAL).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=COORDINATOR_APPROVAL)
    task.groups.add(Group.objects.get(name=policy.COORDINATORS))
    return task


def set_up_roles() -> None:
    ensure_role_groups()
    for app_config in apps.get_app_configs():
        app_part = getattr(app_config, "set_up_roles", None)
        if app_part is not None:
            app_part()


def _last_app_migrated() -> AppConfig:
    # Django sends post_migrate once per app with models, in INSTALLED_APPS order, and makes
    # each app's content types and permissions on its signal: by the last one (a Django
    # contrib app) every permission the roles use exists.
    return [config for config in apps.get_app_configs() if config.models_module is not None][-1]


def after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    if sender is _last_app_migrated():
        set_up_roles()
