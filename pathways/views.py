from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.http import AuthenticatedHttpRequest
from accounts.models import User
from core import caching, params
from core.params import BadParameter
from directory.models import Organisation, Service
from forum.models import Thread
from pathways.forms import (
    PathwayDocumentsForm,
    PathwayDocumentUploadForm,
    PathwayForm,
    StepFormSet,
)
from pathways.models import (
    Pathway,
    SignOff,
    being_revised,
    sign_off_board,
    sign_offs_awaited,
    with_sign_offs,
)


def _visible(user: User | AnonymousUser, pathways: Iterable[Pathway]) -> list[Pathway]:
    return [p for p in pathways if policy.can_see(user, p.audiences())]


def _get_pathway(request: HttpRequest, slug: str, version: int) -> Pathway:
    pathway = get_object_or_404(
        Pathway.objects.select_related("source_thread__category", "supersedes").prefetch_related(
            "participating_organisations"
        ),
        slug=slug,
        version=version,
    )
    if not policy.can_see(request.user, pathway.audiences()):
        raise Http404
    return pathway


@caching.page_cache(caching.PATHWAYS, caching.DIRECTORY)
def index(request: HttpRequest) -> HttpResponse:
    pathways = _visible(
        request.user,
        Pathway.objects.exclude(status=Pathway.Status.SUPERSEDED)
        .annotate(being_revised=being_revised())
        .prefetch_related("participating_organisations"),
    )
    return render(
        request,
        "pathways/index.html",
        {
            "agreed": [p for p in pathways if p.is_in_force],
            "lapsed": [p for p in pathways if p.is_lapsed],
            "in_progress": [p for p in pathways if p.status != Pathway.Status.AGREED],
            "can_draft": policy.can_draft_pathway(request.user),
            "sign_off_queue": policy.can_see_sign_off_queue(request.user),
        },
    )


def current(request: HttpRequest, slug: str) -> HttpResponse:
    """The agreed version if there is one, else the newest one the person may see."""
    versions = _visible(request.user, Pathway.objects.filter(slug=slug).order_by("-version"))
    if not versions:
        raise Http404
    chosen = next((p for p in versions if p.status == Pathway.Status.AGREED), versions[0])
    return redirect(chosen)


def _history(request: HttpRequest, slug: str) -> list[Pathway]:
    """Every version the person may read, newest first, each with every sign-off it had
    (withdrawn ones too): who, for which organisation, when."""
    every_sign_off = SignOff.objects.select_related("user", "organisation").order_by("at")
    return _visible(
        request.user,
        Pathway.objects.filter(slug=slug)
        .order_by("-version")
        .prefetch_related(Prefetch("sign_offs", queryset=every_sign_off)),
    )


@caching.page_cache(caching.PATHWAYS, caching.DIRECTORY)
def detail(request: HttpRequest, slug: str, version: int) -> HttpResponse:
    pathway = _get_pathway(request, slug, version)
    steps = pathway.steps.select_related("responsible_organisation").prefetch_related(
        Prefetch("linked_services", queryset=Service.objects.select_related("organisation"))
    )
    sign_offs = {s.organisation_id: s for s in pathway.live_sign_offs().select_related("user")}
    organisations = [
        {
            "organisation": o,
            "sign_off": sign_offs.get(o.pk),
            "can_sign": policy.can_sign_off_pathway(request.user, pathway, o),
        }
        for o in pathway.participating_organisations.all()
    ]
    thread = pathway.source_thread
    if thread is not None and not policy.can_see(request.user, thread.audiences()):
        thread = None
    newer = Pathway.objects.filter(supersedes=pathway).first()
    revision = newer if newer and newer.status != Pathway.Status.SUPERSEDED else None
    return render(
        request,
        "pathways/detail.html",
        {
            "pathway": pathway,
            "steps": steps,
            "organisations": organisations,
            "documents": pathway.documents.select_related("document"),
            "versions": _history(request, slug),
            "thread": thread,
            "superseded_by": newer,
            "being_revised": pathway.status == Pathway.Status.AGREED and revision is not None,
            "revision_visible": revision is not None
            and policy.can_see(request.user, revision.audiences()),
            "revision": revision,
            "can_edit": policy.can_edit_pathway(request.user, pathway),
            "can_withdraw": policy.can_withdraw_pathway(request.user, pathway),
            "can_new_version": policy.can_revise_pathway(request.user, pathway) and newer is None,
        },
    )


# Paths under /pathways/ that a pathway's slug must not shadow.
RESERVED_SLUGS = {"new", "awaiting-sign-off"}


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "pathway"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Pathway.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _document_forms(
    request: HttpRequest, pathway: Pathway | None = None
) -> tuple[PathwayDocumentsForm, PathwayDocumentUploadForm]:
    attached = [d.document_id for d in pathway.documents.all()] if pathway else []
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    return (
        PathwayDocumentsForm(data, prefix="attach", initial={"documents": attached}),
        PathwayDocumentUploadForm(
            data, files, prefix="upload", empty_permitted=True, use_required_attribute=False
        ),
    )


def _all_valid(*forms: Any) -> bool:
    return all([f.is_valid() for f in forms])  # a list: every form shows its errors


def _save_pathway(
    request: AuthenticatedHttpRequest,
    form: PathwayForm,
    formset: Any,
    attach: PathwayDocumentsForm,
    upload: PathwayDocumentUploadForm,
) -> Pathway:
    with transaction.atomic():
        pathway: Pathway = form.save()
        formset.instance = pathway
        formset.save()
        documents = list(attach.cleaned_data["documents"])
        if upload.has_changed():
            documents.append(upload.save_for(request.user))
        pathway.set_documents(documents)
    return pathway


@login_required
def create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not policy.can_draft_pathway(request.user):
        raise PermissionDenied("Only members can draft referral pathways.")
    thread = None
    try:
        thread_id = params.integer(request.GET, "thread", minimum=1) or params.integer(
            request.POST, "thread", minimum=1
        )
    except BadParameter:
        thread_id = None  # only a hint for filling in the form: a bad one is ignored
    if thread_id:
        thread = Thread.objects.select_related("category").filter(pk=thread_id).first()
        if thread and not policy.can_see(request.user, thread.audiences()):
            thread = None
    initial: dict[str, object] = {"title": thread.title} if thread else {}
    organisation = policy.primary_organisation(request.user)
    if organisation:
        initial["participating_organisations"] = [organisation.pk]
    form = PathwayForm(request.POST or None, initial=initial)
    formset = StepFormSet(request.POST or None, prefix="steps")
    attach, upload = _document_forms(request)
    if request.method == "POST" and _all_valid(form, formset, attach, upload):
        form.instance.slug = _unique_slug(form.cleaned_data["title"])
        form.instance.created_by = request.user
        form.instance.source_thread = thread
        pathway = _save_pathway(request, form, formset, attach, upload)
        messages.success(request, "Draft saved. Propose it for sign-off when it is ready.")
        return redirect(pathway)
    return _render_form(
        request, form, formset, attach, upload, thread=thread, heading="Draft a referral pathway"
    )


def _render_form(
    request: HttpRequest,
    form: PathwayForm,
    formset: Any,
    attach: PathwayDocumentsForm,
    upload: PathwayDocumentUploadForm,
    **context: Any,
) -> HttpResponse:
    forms = {"form": form, "formset": formset, "attach_form": attach, "upload_form": upload}
    return render(request, "pathways/form.html", {**forms, **context})


@login_required
def edit(request: AuthenticatedHttpRequest, slug: str, version: int) -> HttpResponse:
    pathway = _get_pathway(request, slug, version)
    if not policy.can_edit_pathway(request.user, pathway):
        raise PermissionDenied("Only drafts can be edited, by members taking part.")
    form = PathwayForm(request.POST or None, instance=pathway)
    formset = StepFormSet(request.POST or None, instance=pathway, prefix="steps")
    attach, upload = _document_forms(request, pathway)
    if request.method == "POST" and _all_valid(form, formset, attach, upload):
        _save_pathway(request, form, formset, attach, upload)
        messages.success(request, "Draft saved.")
        return redirect(pathway)
    return _render_form(
        request, form, formset, attach, upload, pathway=pathway, heading=f"Edit {pathway}"
    )


@login_required
@require_POST
def propose(request: AuthenticatedHttpRequest, slug: str, version: int) -> HttpResponse:
    pathway = _get_pathway(request, slug, version)
    if not policy.can_edit_pathway(request.user, pathway):
        raise PermissionDenied("You cannot propose this pathway.")
    problem = pathway.proposal_problem()
    if problem:
        messages.error(request, problem)
        return redirect(pathway)
    pathway.propose()
    messages.success(request, "Proposed: each participating organisation's admin can sign off.")
    return redirect(pathway)


@login_required
@require_POST
def withdraw(request: AuthenticatedHttpRequest, slug: str, version: int) -> HttpResponse:
    pathway = _get_pathway(request, slug, version)
    if not policy.can_withdraw_pathway(request.user, pathway):
        raise PermissionDenied("Only a proposed pathway can go back to draft.")
    pathway.return_to_draft()
    messages.success(request, "Back to draft: sign-offs so far no longer count.")
    return redirect(pathway)


@login_required
@require_POST
def sign_off(
    request: AuthenticatedHttpRequest, slug: str, version: int, organisation: int
) -> HttpResponse:
    pathway = _get_pathway(request, slug, version)
    organisation = get_object_or_404(Organisation, pk=organisation)
    if not policy.can_sign_off_pathway(request.user, pathway, organisation):
        raise PermissionDenied(
            "Only an admin of a participating organisation signs off a proposed pathway."
        )
    pathway.sign_off(organisation, request.user)
    pathway.refresh_from_db()
    if pathway.status == Pathway.Status.AGREED:
        messages.success(request, "Signed off. Every organisation has agreed: it is now agreed.")
    else:
        messages.success(request, f"Signed off {pathway.title} for {organisation}.")
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect(pathway)


def _proposals(pathway_ids: QuerySet[Any] | None = None) -> QuerySet[Pathway]:
    proposed = Pathway.objects.filter(status=Pathway.Status.PROPOSED)
    if pathway_ids is not None:
        proposed = proposed.filter(pk__in=pathway_ids)
    return with_sign_offs(proposed.order_by("updated_at", "pk"))


@login_required
def awaiting_sign_off(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Proposed versions waiting for the person's organisations to sign off (and, for
    coordinators, every proposal still waiting for someone), each with which organisations
    have signed it and which have not."""
    if not policy.can_see_sign_off_queue(request.user):
        raise PermissionDenied(
            "Only organisation admins and coordinators have pathways to sign off."
        )
    awaited = sign_offs_awaited(policy.admin_organisation_ids(request.user))
    yours = sign_off_board(_proposals(awaited.values("pathway_id")))
    for item in yours:
        for row in item["rows"]:
            row["can_sign"] = policy.can_sign_off_pathway(
                request.user, item["pathway"], row["organisation"]
            )
    is_coordinator = policy.is_coordinator(request.user)
    return render(
        request,
        "pathways/awaiting_sign_off.html",
        {
            "yours": yours,
            "waiting": sign_off_board(_proposals()) if is_coordinator else [],
            "is_coordinator": is_coordinator,
        },
    )


@login_required
@require_POST
def new_version(request: AuthenticatedHttpRequest, slug: str, version: int) -> HttpResponse:
    pathway = _get_pathway(request, slug, version)
    if not policy.can_revise_pathway(request.user, pathway):
        raise PermissionDenied(
            "A new version starts from the agreed one, drafted by the people taking part."
        )
    if Pathway.objects.filter(supersedes=pathway).exists():
        messages.error(request, "A newer version is already being drafted.")
        return redirect(Pathway.objects.get(supersedes=pathway))
    copy = pathway.new_version(request.user)
    messages.success(request, f"Version {copy.version} drafted from version {pathway.version}.")
    return redirect(copy)
