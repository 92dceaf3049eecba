"""Every Wagtail admin URL a model is served under, read from the registered viewsets
themselves, so a test that walks them cannot miss a view a newer Wagtail (or a new option
on a viewset) adds. For permission tests: role x view tables.
"""

from __future__ import annotations

from django.contrib.admin.utils import quote
from django.urls import reverse
from wagtail.admin.viewsets import viewsets
from wagtail.admin.viewsets.base import ViewSet
from wagtail.coreutils import resolve_model_string


def admin_viewsets(model) -> list[ViewSet]:
    """The registered admin viewsets (model, snippet and chooser viewsets) that serve ``model``."""
    reverse("wagtailadmin_home")  # building the admin's URLs registers its viewsets
    return [
        viewset
        for viewset in viewsets.viewsets
        if getattr(viewset, "model", None) and resolve_model_string(viewset.model) is model
    ]


def _kwargs_for(instance) -> dict[str, object]:
    """Values for the URL arguments of one object's views: its latest revision, its latest
    workflow and that workflow's current task (only those the object has)."""
    values: dict[str, object] = {
        "pk": quote(instance.pk),
        "revision_id_a": "live",
        "revision_id_b": "latest",
        "action_name": "approve",
    }
    if revision := getattr(instance, "latest_revision", None):
        values["revision_id"] = revision.pk
    workflow_states = getattr(instance, "workflow_states", None)
    if workflow_state := workflow_states and workflow_states.order_by("-pk").first():
        values["workflow_state_id"] = workflow_state.pk
        if task_state := workflow_state.current_task_state:
            values["task_state_id"] = task_state.pk
            values["task_id"] = task_state.task_id
    return values


def viewset_urls(viewset: ViewSet, instance=None) -> dict[str, str]:
    """``{view name: URL}`` for every view ``viewset`` serves; the views of one object point
    at ``instance`` (without one: only the views of no object). A view needing an argument
    ``instance`` cannot supply raises KeyError."""
    values = _kwargs_for(instance) if instance is not None else {}
    urls = {}
    for pattern in viewset.get_urlpatterns():
        names = list(pattern.pattern.regex.groupindex)
        if names and instance is None:
            continue
        kwargs = {name: values[name] for name in names}
        urls[pattern.name] = reverse(viewset.get_url_name(pattern.name), kwargs=kwargs)
    return urls


def is_refused(response) -> bool:
    """A refusal as the admin answers it: an object the person may not reach at all is not
    found (404); Wagtail turns any other refusal into a redirect to the admin home."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] in ("/admin/", "/")
    )


def text_of(response) -> str:
    """The response body as text, whether a page or a streamed export."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")
