"""The coordinator-approval workflow that organisation admins' changes go through."""

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import GroupApprovalTask, Workflow, WorkflowContentType, WorkflowTask

from accounts import policy

WORKFLOW_NAME = "Directory changes"
TASK_NAME = "Coordinator approval"


def ensure_approval_workflow() -> Workflow:
    """Idempotent: assign the workflow to organisations and services."""
    from directory.models import Organisation, Service

    coordinators, _ = Group.objects.get_or_create(name=policy.COORDINATORS)
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
    task.groups.add(coordinators)
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for model in (Organisation, Service):
        WorkflowContentType.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(model),
            defaults={"workflow": workflow},
        )
    return workflow
