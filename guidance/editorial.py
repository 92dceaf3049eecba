"""Who may do what in the Wagtail admin, and the moderation workflow.

Editors add and change pages, documents and images, and submit pages for moderation;
only coordinators approve, which publishes. Runs after every ``migrate`` as the guidance
part of ``accounts.roles``; it only ever adds what is missing.
"""

from __future__ import annotations

from django.contrib.auth.models import Group

from accounts import policy
from accounts.roles import coordinator_approval_task, permission

WORKFLOW_NAME = "Guidance moderation"

EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
COORDINATOR_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
MEDIA_PERMISSIONS = {
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
    "wagtailimages": ["add_image", "change_image", "choose_image"],
}
SNIPPET_MODELS = ["helpline", "footerlink"]


def ensure_editorial_setup() -> None:
    from wagtail.models import (
        Collection,
        GroupCollectionPermission,
        GroupPagePermission,
        Workflow,
        WorkflowPage,
        WorkflowTask,
    )

    from guidance.models import HomePage

    coordinators = Group.objects.get(name=policy.COORDINATORS)
    editors = Group.objects.get(name=policy.EDITORS)
    snippet_permissions = [
        permission("guidance", f"{action}_{model}")
        for model in SNIPPET_MODELS
        for action in ("add", "change", "delete", "view")
    ]
    for group in (coordinators, editors):
        group.permissions.add(*snippet_permissions)

    root_collection = Collection.get_first_root_node()
    if root_collection is not None:
        for group in (coordinators, editors):
            for app_label, codenames in MEDIA_PERMISSIONS.items():
                for codename in codenames:
                    GroupCollectionPermission.objects.get_or_create(
                        group=group,
                        collection=root_collection,
                        permission=permission(app_label, codename),
                    )

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=coordinator_approval_task(), defaults={"sort_order": 0}
    )

    home = HomePage.objects.filter(depth=2).first()
    if home is None:  # a flushed test database: the home page comes back with its fixture
        return
    for group, codenames in (
        (editors, EDITOR_PAGE_PERMISSIONS),
        (coordinators, COORDINATOR_PAGE_PERMISSIONS),
    ):
        for codename in codenames:
            GroupPagePermission.objects.get_or_create(
                group=group, page=home, permission=permission("wagtailcore", codename)
            )
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
