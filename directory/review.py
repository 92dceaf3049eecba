"""Coordinators review an organisation admin's submitted changes on one page: the submitted
version against the live one, field by field (locations and opening hours included), with
the changes highlighted by Wagtail's own comparison, whatever revisions were saved between;
and approve, or ask for changes with a comment, from that same page."""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.defaults import permission_denied
from wagtail.admin.ui.components import Component
from wagtail.admin.views.generic.models import RevisionsCompareView
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import TaskState

from accounts import policy
from directory.models import Organisation, Service

REVIEWED_MODELS = (Organisation, Service)


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve and publish"), ("reject", "Ask for changes")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Sent to the person who submitted it. Needed when you ask for changes.",
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("comment", "").strip():
            self.add_error("comment", "Say what needs to change.")
        return data


def _directory_content_types() -> list[ContentType]:
    return list(ContentType.objects.get_for_models(*REVIEWED_MODELS).values())


def _get_task_state_in_review(pk: int) -> TaskState:
    task_state = get_object_or_404(
        TaskState.objects.select_related("workflow_state__requested_by", "revision", "task"),
        pk=pk,
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__base_content_type__in=_directory_content_types(),
    )
    return task_state


class ReviewChangesView(RevisionsCompareView):
    template_name = "directory/admin/review_changes.html"
    page_title = "Review changes"
    header_icon = "tasks"

    def setup(self, request, task_state_id: int, *args, **kwargs):
        self.task_state = _get_task_state_in_review(task_state_id)
        content_object = self.task_state.workflow_state.content_object
        if not isinstance(content_object, REVIEWED_MODELS):
            raise Http404
        self.content_object = content_object
        self.model = type(content_object)
        viewset = self.model.snippet_viewset
        self.edit_handler = viewset.get_edit_handler()
        self.edit_url_name = viewset.get_url_name("edit")
        self.history_url_name = viewset.get_url_name("history")
        self.index_url_name = viewset.get_url_name("list")
        # The row is the live version: drafts and autosaves live only in revisions.
        super().setup(request, content_object.pk, "live", self.task_state.revision_id)

    def get_object(self, queryset=None):
        return self.content_object

    def dispatch(self, request, *args, **kwargs):
        if not self._may_decide():
            # A plain 403: raising PermissionDenied in the admin redirects to its home page.
            return permission_denied(request, PermissionDenied())
        return super().dispatch(request, *args, **kwargs)

    def _may_decide(self) -> bool:
        task = self.task_state.task.specific
        actions = {
            name for name, _label, _modal in task.get_actions(self.object, self.request.user)
        }
        return policy.can_manage_directory(self.request.user) and {"approve", "reject"} <= actions

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organisation = (
            self.object if isinstance(self.object, Organisation) else self.object.organisation
        )
        context.update(
            {
                "organisation": organisation,
                "submitted_by": self.task_state.workflow_state.requested_by,
                "submitted_at": self.task_state.started_at,
                "is_new": not self.object.live,
                "form": kwargs.get("form") or ReviewDecisionForm(),
            }
        )
        return context

    def post(self, request, *args, **kwargs) -> HttpResponse:
        form = ReviewDecisionForm(request.POST)
        if not form.is_valid():
            response = self.render_to_response(self.get_context_data(form=form))
            response.status_code = 400
            return response
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"].strip()
        self.task_state.task.specific.on_action(
            self.task_state, request.user, decision, comment=comment
        )
        if decision == "approve":
            messages.success(request, f"Approved and published: {self.object}.")
        else:
            messages.success(
                request, f"Sent back to the submitter with your comment: {self.object}."
            )
        return redirect("wagtailadmin_home")


# --- the coordinators' queue, first on their dashboard ------------------------------------------


@dataclass(frozen=True)
class QueueItem:
    task_state: TaskState
    title: str
    organisation_name: str
    submitter_name: str
    review_url: str


def approval_queue(limit: int = 20) -> tuple[list[QueueItem], int]:
    """The directory changes waiting for a coordinator, oldest first, and how many in all."""
    waiting = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__base_content_type__in=_directory_content_types(),
    ).select_related(
        "workflow_state", "workflow_state__requested_by", "workflow_state__content_type"
    )
    total = waiting.count()
    states = list(waiting.order_by("started_at")[:limit])
    ids: dict[type, set[int]] = {Organisation: set(), Service: set()}
    for state in states:
        model = state.workflow_state.content_type.model_class()
        if model in ids:
            ids[model].add(int(state.workflow_state.object_id))
    objects = {
        (Organisation, o.pk): o for o in Organisation.objects.filter(pk__in=ids[Organisation])
    } | {
        (Service, s.pk): s
        for s in Service.objects.filter(pk__in=ids[Service]).select_related("organisation")
    }
    items = []
    for state in states:
        model = state.workflow_state.content_type.model_class()
        obj = objects.get((model, int(state.workflow_state.object_id)))
        if obj is None:
            continue
        organisation = obj if isinstance(obj, Organisation) else obj.organisation
        submitter = state.workflow_state.requested_by
        items.append(
            QueueItem(
                task_state=state,
                title=str(obj),
                organisation_name=organisation.name,
                submitter_name=submitter.name if submitter else "someone since removed",
                review_url=reverse("directory_review_changes", args=[state.pk]),
            )
        )
    return items, total


class ApprovalQueuePanel(Component):
    name = "directory_approval_queue"
    template_name = "directory/admin/approval_queue_panel.html"
    order = 50  # before everything else on the dashboard

    def get_context_data(self, parent_context):
        items, total = approval_queue()
        return {
            "items": items,
            "heading": f"Directory changes awaiting your approval ({total})",
        }


class OtherWorkToModeratePanel(WorkflowObjectsToModeratePanel):
    """Wagtail's own "Awaiting your review", without the directory's changes: those are in the
    approval queue, reviewed against the live version. Wagtail's "Compare with previous
    version" compares with the revision before, an autosave as like as not, and can say "no
    differences" about a real change."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["states"] = [
            state for state in context["states"] if not isinstance(state["obj"], REVIEWED_MODELS)
        ]
        return context


def replace_wagtails_review_panel(panels: list) -> None:
    for index, panel in enumerate(panels):
        if getattr(panel, "name", None) == WorkflowObjectsToModeratePanel.name:
            panels[index] = OtherWorkToModeratePanel()


def with_awaiting_approval(queryset):
    """Annotates ``awaiting_approval``: a change is waiting for a coordinator (one subquery,
    for the admin listings)."""
    from django.db.models import CharField, Exists, OuterRef
    from django.db.models.functions import Cast
    from wagtail.models import WorkflowState

    content_type = ContentType.objects.get_for_model(queryset.model)
    waiting = WorkflowState.objects.filter(
        base_content_type=content_type,
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        status=WorkflowState.STATUS_IN_PROGRESS,
    )
    return queryset.annotate(awaiting_approval=Exists(waiting))
