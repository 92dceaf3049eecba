"""Pathways in the admin (coordinators), their uploads' download rule, and their panel
beside a forum discussion."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.permissions import register_permission_policy

from accounts import policy
from directory.viewsets import PolicyModelViewSet
from forum.hooks import THREAD_SIDE_PANELS
from forum.wagtail_hooks import CoordinatorsOnly
from pathways import documents
from pathways.models import Pathway

if TYPE_CHECKING:
    from wagtail.documents.models import AbstractDocument

    from forum.models import Thread

register_permission_policy(Pathway, CoordinatorsOnly(Pathway))


class PathwayViewSet(PolicyModelViewSet):
    model = Pathway
    icon = "list-ol"
    menu_label = "Referral pathways"
    menu_order = 260
    add_to_admin_menu = True
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


@hooks.register("register_admin_viewset")
def register_pathway_viewset() -> PathwayViewSet:
    # The name keeps the admin's addresses (/admin/forum_pathways/) from before the move,
    # and stays clear of the site's own "pathways" URL namespace.
    return PathwayViewSet("forum_pathways")


@hooks.register("before_serve_document")
def pathway_uploads_follow_their_pathways(
    document: AbstractDocument, request: HttpRequest
) -> HttpResponseRedirect | None:
    if not documents.is_pathway_upload(document):
        return None
    if policy.can_download_pathway_document(
        request.user, Pathway.objects.filter(documents__document=document)
    ):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise Http404


@hooks.register(THREAD_SIDE_PANELS)
def pathways_from_this_discussion(request: HttpRequest, thread: Thread) -> str:
    context = {
        "thread": thread,
        "pathways": [
            p for p in thread.pathways.all() if policy.can_see(request.user, p.audiences())
        ],
        "is_member": policy.is_member(request.user),
    }
    return render_to_string("pathways/_thread_side.html", context)
