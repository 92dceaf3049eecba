"""Who may do what in the Wagtail admin, and the moderation workflow.

Editors add and change pages, documents and images, and submit pages for moderation;
only coordinators approve, which publishes. Runs after every ``migrate`` (and from the
demo seed); it only ever adds what is missing.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from accounts import policy

WORKFLOW_NAME = "Guidance moderation"
TASK_NAME = "Coordinator approval"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
COORDINATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
MEDIA_PERMISSIONS = {
    "wagtaildocs.document": ["add_document", "change_document", "choose_document"],
    "wagtailimages.image": ["add_image", "change_image", "choose_image"],
}
SNIPPET_MODELS = ["guidance.helpline", "guidance.footerlink"]


def _permission(model_label: str, codename: str, name: str) -> Permission:
    # get_or_create: on a fresh database this may run before Django creates the
    # permissions of apps listed after this one.
    app_label, model = model_label.split(".")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def _model_permission(model_label: str, codename: str) -> Permission:
    action, _, model = codename.partition("_")
    return _permission(model_label, codename, f"Can {action} {model}")


def ensure_editorial_setup() -> None:
    from wagtail.models import (
        Collection,
        GroupApprovalTask,
        GroupCollectionPermission,
        GroupPagePermission,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    from guidance.models import HomePage

    access_admin = _permission("wagtailadmin.admin", "access_admin", "Can access Wagtail admin")
    coordinators, _ = Group.objects.get_or_create(name=policy.COORDINATORS)
    editors, _ = Group.objects.get_or_create(name=policy.EDITORS)
    for group in (coordinators, editors):
        group.permissions.add(access_admin)
        for model_label in SNIPPET_MODELS:
            model = model_label.split(".")[1]
            group.permissions.add(
                *[
                    _model_permission(model_label, f"{action}_{model}")
                    for action in ("add", "change", "delete", "view")
                ]
            )

    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for group in (coordinators, editors):
            for model_label, codenames in MEDIA_PERMISSIONS.items():
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=_model_permission(model_label, codename),
                    )

    task, _ = GroupApprovalTask.objects.get_or_create(name=TASK_NAME)
    task.groups.add(coordinators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    home = HomePage.objects.filter(depth=2).first()
    if home is None:
        return
    for group, codenames in (
        (editors, EDITOR_PAGE_PERMISSIONS),
        (coordinators, COORDINATOR_PAGE_PERMISSIONS),
    ):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=_model_permission("wagtailcore.page", codename)
            )
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})


def after_migrate(sender, **kwargs) -> None:
    ensure_editorial_setup()
