"""The coordinator-approval workflow that organisation admins' changes go through."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Workflow, WorkflowContentType, WorkflowTask

from accounts.roles import coordinator_approval_task

WORKFLOW_NAME = "Directory changes"


def ensure_approval_workflow() -> Workflow:
    """Idempotent: assign the workflow to organisations and services."""
    from directory.models import Organisation, Service

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    WorkflowTask.objects.get_or_create(
        workflow=workflow, task=coordinator_approval_task(), defaults={"sort_order": 0}
    )
    for model in (Organisation, Service):
        WorkflowContentType.objects.update_or_create(
            content_type=ContentType.objects.get_for_model(model),
            defaults={"workflow": workflow},
        )
    return workflow
