from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.http import AuthenticatedHttpRequest
from accounts.models import Membership, User
from core import params
from core.params import BadParameter, bad_parameter_response
from directory.models import Organisation, Service
from forum import hooks, mentions, services
from forum.forms import (
    FlagForm,
    ForumSettingsForm,
    HoldSettingsForm,
    MoveForm,
    PostForm,
    RedactForm,
    SuspendForm,
    ThreadForm,
    WatchForm,
)
from forum.markdown import quote, render_post
from forum.models import (
    Category,
    Flag,
    ForumSettings,
    HoldSettings,
    ModerationLog,
    Notification,
    Post,
    ReadState,
    Thread,
    Watch,
)

# --- access-checked fetches --------------------------------------------------------------


def visible_categories(user, categories=None) -> list[Category]:
    categories = (Category.objects if categories is None else categories).select_related("group")
    return [c for c in categories if policy.can_see(user, c.audiences())]


def _get_category(request: HttpRequest, **lookup) -> Category:
    """The category found by a unique ``lookup`` (slug or pk), if the user may see it."""
    category = get_object_or_404(Category.objects.select_related("group"), **lookup)
    if not policy.can_see(request.user, category.audiences()):
        raise Http404  # a private place does not admit that it exists
    return category


def _get_thread(request: HttpRequest, pk: int, *, reading: bool = False) -> Thread:
    """The thread, if the user may see it; ``reading`` it also brings, in the same query, when
    they last read it and how they watch it (``last_read_at``, ``watch_level``)."""
    threads = Thread.objects.select_related("category", "category__group", "author")
    if reading:
        threads = _with_watch_level(_with_last_read(threads, request.user), request.user)
    thread = get_object_or_404(threads, pk=pk)
    if not policy.can_see(request.user, thread.audiences()):
        raise Http404
    if thread.is_held and not policy.may_see_held(request.user, thread.author_id):
        raise Http404
    return thread


def _get_post(request: HttpRequest, pk: int) -> Post:
    post = get_object_or_404(
        Post.objects.select_related("thread__category__group", "thread__author", "author"), pk=pk
    )
    if not policy.can_see(request.user, post.thread.audiences()):
        raise Http404
    for held, author_id in ((post, post.author_id), (post.thread, post.thread.author_id)):
        if held.is_held and not policy.may_see_held(request.user, author_id):
            raise Http404
    return post


def _with_last_read(threads, user):
    return _with_readers_own(threads, user, "last_read_at", ReadState, "last_read_at")


def _with_watch_level(threads, user):
    return _with_readers_own(threads, user, "watch_level", Watch, "level")


def _with_readers_own(threads, user, name: str, model, field: str):
    """Each thread annotated with ``name``: the reader's own ``model`` row's ``field``
    (their read marker, their watch), in the same query as the threads."""
    if not user.is_authenticated:
        return threads
    mine = model.objects.filter(user=user, thread=OuterRef("pk")).values(field)[:1]
    return threads.annotate(**{name: Subquery(mine)})


def _thread_list(threads, user):
    return _with_last_read(threads.select_related("category", "author"), user)


# --- reading -------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    shown = Q(threads__is_held=False)
    categories = visible_categories(
        request.user,
        Category.objects.annotate(
            thread_count=Count("threads", filter=shown),
            latest=Max("threads__last_post_at", filter=shown),
        ),
    )
    recent = _thread_list(
        Thread.objects.filter(category__in=categories, is_held=False), request.user
    )
    recent = recent.order_by("-last_post_at")[:15]
    return render(
        request,
        "forum/index.html",
        {
            "categories": categories,
            "recent": recent,
            "is_member": policy.is_member(request.user),
            "can_moderate": policy.can_moderate(request.user),
        },
    )


def category_detail(request: HttpRequest, slug: str) -> HttpResponse:
    category = _get_category(request, slug=slug)
    threads = _thread_list(category.threads.filter(is_held=False), request.user)
    page = Paginator(threads, 30).get_page(request.GET.get("page"))
    watch = None
    if request.user.is_authenticated:
        watch = Watch.objects.filter(user=request.user, category=category).first()
    return render(
        request,
        "forum/category.html",
        {
            "category": category,
            "page": page,
            "can_post": policy.can_post(request.user, category.audiences()),
            "watch_form": WatchForm(initial={"level": watch.level if watch else ""}),
        },
    )


def _load_posts(thread: Thread, user, ids: list[int]) -> dict[int, Post]:
    """The posts ``ids`` of the thread, ready to show: one query plus constant prefetches,
    whatever their number."""
    posts = (
        thread.posts.filter(pk__in=ids)
        .select_related("author")
        .prefetch_related(
            Prefetch(
                "linked_services",
                queryset=Service.objects.select_related("organisation").exclude(
                    organisation__status=Organisation.Status.SUSPENDED
                ),
            ),
            Prefetch(
                "author__memberships",
                queryset=Membership.objects.select_related("organisation"),
            ),
        )
    )
    loaded = {}
    for post in posts:
        post.cards = [
            s
            for s in post.linked_services.all()
            if s.status != Service.Status.INACTIVE
            and (not hasattr(s, "audiences") or policy.can_see(user, s.audiences()))
        ]
        memberships = list(post.author.memberships.all()) if post.author else []
        post.organisation = memberships[0].organisation if memberships else None
        loaded[post.pk] = post
    return loaded


def _read_marker(request: HttpRequest, thread: Thread):
    """When the person last read the thread (for "new" markers, from a thread fetched for
    ``reading``); now they have read it all."""
    if not request.user.is_authenticated:
        return None
    previous = getattr(thread, "last_read_at", None)  # annotated: fetched for reading
    services.mark_read(request.user, thread)
    return previous


def _watch_level(user, thread: Thread) -> str:
    if not user.is_authenticated:
        return ""
    if hasattr(thread, "watch_level"):  # fetched for reading
        return thread.watch_level or ""
    watch = Watch.objects.filter(user=user, thread=thread).first()
    return watch.level if watch else ""


def _thread_context(request: HttpRequest, thread: Thread) -> dict:
    user = request.user
    return {
        "thread": thread,
        "can_reply": policy.can_reply(user, thread),
        "can_moderate": policy.can_moderate(user),
        "is_member": policy.is_member(user),
        "watch_form": WatchForm(initial={"level": _watch_level(user, thread)}),
        "move_form": MoveForm(initial={"category": thread.category_id}),
        "reply_form": PostForm(),
    }


def thread_detail(request: HttpRequest, pk: int, slug: str | None = None) -> HttpResponse:
    """The opening post and a page of the replies: a page of the tree (top-level replies with
    theirs, down to a depth) or, oldest first, a page of posts. The rest come a page at a
    time, by link (and, with JavaScript, into the same page: forum/thread.mjs)."""
    thread = _get_thread(request, pk, reading=True)
    if slug != thread.slug:
        query = f"?{request.GET.urlencode()}" if request.GET else ""
        return redirect(thread.get_absolute_url() + query)
    stubs = services.skeleton(thread.pk, request.user)
    last_read = _read_marker(request, thread)
    opening = next((stub for stub in stubs if stub.is_opening), None)
    flat = request.GET.get("view") == "flat"
    if flat:
        page, shown = _flat_page(request, stubs)
    else:
        page, items = _tree_page(request, stubs)
        shown = [item.node.post for item in items if item.kind == "open"]
    wanted = [stub.pk for stub in shown]
    if opening is not None and page.number == 1:
        wanted.append(opening.pk)
    posts = _load_posts(thread, request.user, wanted)
    for post in posts.values():
        post.is_new = bool(last_read and post.created_at > last_read)
    context = _thread_context(request, thread) | {
        "opening": posts.get(opening.pk) if opening else None,
        "flat": flat,
        "page": page,
        "reply_count": len(stubs) - (1 if opening else 0),
        "new_count": sum(1 for s in stubs if last_read and s.created_at > last_read),
        "last_read": last_read,
        "side_panels": hooks.thread_side_panels(request, thread),
    }
    if flat:
        for post in posts.values():
            post.parent_post = posts.get(post.parent_id or 0)
        context["posts"] = [posts[stub.pk] for stub in page.object_list]
    else:
        services.fill(items, posts)
        context["items"] = items
    return render(request, "forum/thread.html", context)


def _tree_page(request: HttpRequest, stubs: list[services.Stub]):
    """A page of top-level branches, walked for the template."""
    pages = services.paginate_branches(services.build_tree(stubs))
    page = Paginator(pages, 1).get_page(request.GET.get("page"))
    return page, services.walk(page.object_list[0])


def _flat_page(request: HttpRequest, stubs: list[services.Stub]):
    """A page of replies, oldest first, and the posts it shows (with those they answer)."""
    replies = [stub for stub in stubs if not stub.is_opening]
    page = Paginator(replies, services.FLAT_PER_PAGE).get_page(request.GET.get("page"))
    parents = {stub.parent_id for stub in page.object_list if stub.parent_id}
    return page, [*page.object_list, *(stub for stub in stubs if stub.pk in parents)]


def post_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    """A post's permalink: the page of its thread that shows it."""
    post = _get_post(request, pk)
    stubs = services.skeleton(post.thread_id, request.user)
    by_pk = {stub.pk: stub for stub in stubs}
    chain = [post.pk]
    while (parent := by_pk[chain[-1]].parent_id) and not by_pk[parent].is_opening:
        chain.append(parent)
    chain.reverse()
    url = post.thread.get_absolute_url()
    # Past the depth cap a post lives on its capped ancestor's "continue this thread" page.
    base = 0
    while len(chain) - base > services.MAX_DEPTH:
        base += services.MAX_DEPTH
    if base:
        url = reverse("forum:subtree", args=[chain[base - 1]])
    elif not post.is_opening:
        pages = services.paginate_branches(services.build_tree(stubs))
        number = services.page_of(pages, chain[0])
        if number > 1:
            url += f"?page={number}"
    return redirect(f"{url}#{post.anchor}")


def subtree(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Continue this thread": one post and the replies below it."""
    root = _get_post(request, pk)
    thread = root.thread
    items = services.walk(
        services.build_tree(services.skeleton(thread.pk, request.user), root_pk=root.pk)
    )
    wanted = [item.node.post.pk for item in items if item.kind == "open"]
    posts = _load_posts(thread, request.user, [*wanted, root.pk, root.parent_id or 0])
    services.fill(items, posts)
    for post in posts.values():
        post.is_new = False
    context = _thread_context(request, thread) | {
        "root": posts[root.pk],
        "items": items,
        "parent_post": posts.get(root.parent_id or 0),
    }
    return render(request, "forum/subtree.html", context)


def post_history(request: HttpRequest, pk: int) -> HttpResponse:
    post = _get_post(request, pk)
    if not post.is_visible and not policy.can_moderate(request.user):
        raise Http404
    revisions = post.revisions.select_related("edited_by")
    return render(request, "forum/history.html", {"post": post, "revisions": revisions})


# --- writing -------------------------------------------------------------------------------

WAITING = (
    "Your post is waiting for a coordinator's approval. Others will see it once it is approved."
)


def _preview(form, audiences) -> str | None:
    """The post as it will show where ``audiences`` read (its mentions name only them)."""
    if form.is_valid():
        return render_post(form.cleaned_data["source"], audiences).html
    return None


def _rate_limited(request: HttpRequest, form) -> bool:
    try:
        services.check_rate_limit(request.user)
    except services.RateLimited as limited:
        form.add_error(None, str(limited))
        return True
    return False


def _place_for_mentions(request: HttpRequest) -> frozenset[str]:
    """The audiences of the thread (or, for a new thread, the category) being written in."""
    if thread_pk := params.integer(request.GET, "thread", minimum=1):
        return _get_thread(request, thread_pk).audiences()
    if category_pk := params.integer(request.GET, "category", minimum=1):
        return _get_category(request, pk=category_pk).audiences()
    raise BadParameter("thread", "Say which thread or category the post is for.")


@login_required
def mention_suggestions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """JSON: people to @mention while writing in a thread or category (for mentions.mjs)."""
    try:
        audiences = _place_for_mentions(request)
    except BadParameter as error:
        return bad_parameter_response(error)
    if not policy.can_suggest_mentions(request.user, audiences):
        raise PermissionDenied("Only members who may post here get suggestions.")
    found = mentions.suggest(request.user, audiences, request.GET.get("q", ""))
    response = JsonResponse({"results": [s.as_dict() for s in found]})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def new_thread(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    category = _get_category(request, slug=slug)
    if not policy.can_post(request.user, category.audiences()):
        raise PermissionDenied("Only members who are not suspended can start discussions.")
    form = ThreadForm(request.POST or None)
    preview = None
    if request.method == "POST":
        if "preview" in request.POST:
            preview = _preview(form, category.audiences())
        elif form.is_valid() and not _rate_limited(request, form):
            thread = services.start_thread(
                category,
                request.user,
                form.cleaned_data["title"],
                form.cleaned_data["source"],
                confirmed_personal_data=form.confirmed_personal_data,
            )
            if thread.is_held:
                messages.info(request, WAITING)
            return redirect(thread)
    return render(
        request,
        "forum/write.html",
        {"form": form, "preview": preview, "category": category, "heading": "Start a discussion"},
    )


@login_required
def reply(request: AuthenticatedHttpRequest, pk: int | None = None, thread_pk: int | None = None):
    if pk is not None:
        parent = _get_post(request, pk)
        thread = parent.thread
    else:
        parent = None
        assert thread_pk is not None  # its URL gives a post or a thread
        thread = _get_thread(request, thread_pk)
    if not policy.can_reply(request.user, thread):
        raise PermissionDenied("You cannot reply to this discussion.")
    if parent is not None and not parent.is_visible:
        raise Http404
    initial = {}
    if parent is not None and request.GET.get("quote"):
        initial["source"] = quote(parent.source, parent.author.name if parent.author else "")
    form = PostForm(request.POST or None, initial=initial)
    preview = None
    if request.method == "POST":
        if "preview" in request.POST:
            preview = _preview(form, thread.audiences())
        elif form.is_valid() and not _rate_limited(request, form):
            post = services.add_post(
                thread,
                request.user,
                form.cleaned_data["source"],
                parent,
                confirmed=form.confirmed_personal_data,
            )
            if post.is_held:
                messages.info(request, WAITING)
            return redirect(post)
    return render(
        request,
        "forum/write.html",
        {
            "form": form,
            "preview": preview,
            "thread": thread,
            "parent": parent,
            "heading": f"Reply to {parent.author.name}" if parent and parent.author else "Reply",
        },
    )


@login_required
def edit_post(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = _get_post(request, pk)
    if not policy.can_edit_post(request.user, post):
        raise PermissionDenied("You can edit only your own posts.")
    form = PostForm(request.POST or None, initial={"source": post.source})
    preview = None
    if request.method == "POST":
        if "preview" in request.POST:
            preview = _preview(form, post.thread.audiences())
        elif form.is_valid():
            post.edit(form.cleaned_data["source"], request.user)
            messages.success(request, "Your post is updated. The earlier text is in its history.")
            return redirect(post)
    return render(
        request,
        "forum/write.html",
        {"form": form, "preview": preview, "thread": post.thread, "heading": "Edit your post"},
    )


@login_required
def delete_post(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = _get_post(request, pk)
    if not policy.can_delete_post(request.user, post):
        raise PermissionDenied("You can delete only your own posts.")
    if request.method == "POST":
        post.remove()
        messages.success(request, "Your post is removed. Replies to it stay in place.")
        return redirect(post)
    return render(request, "forum/confirm_delete.html", {"post": post})


@login_required
def flag_post(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    post = _get_post(request, pk)
    if not policy.is_member(request.user):
        raise PermissionDenied("Only members can flag posts.")
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.post = post
        form.instance.flagged_by = request.user
        form.save()
        messages.success(request, "Thank you. A coordinator will look at this post.")
        return redirect(post)
    return render(request, "forum/flag.html", {"form": form, "post": post})


@login_required
@require_POST
def watch(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    form = WatchForm(request.POST)
    if not form.is_valid():
        return HttpResponse("Choose how you want to be notified.", status=400)
    level = form.cleaned_data["level"]
    if kind == "thread":
        thread = _get_thread(request, pk)
        services.set_watch(request.user, level, thread=thread)
        target = thread.get_absolute_url()
    else:
        category = get_object_or_404(Category, pk=pk)
        if not policy.can_see(request.user, category.audiences()):
            raise Http404
        services.set_watch(request.user, level, category=category)
        target = category.get_absolute_url()
    messages.success(request, "Your notification setting is saved.")
    return redirect(target)


@login_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    settings_obj, _ = ForumSettings.objects.get_or_create(user=request.user)
    form = ForumSettingsForm(request.POST or None, instance=settings_obj)
    if request.method == "POST":
        if "mark_read" in request.POST:
            Notification.objects.filter(user=request.user, read_at__isnull=True).update(
                read_at=timezone.now()
            )
            return redirect("forum:notifications")
        if form.is_valid():
            form.save()
            messages.success(request, "Your e-mail setting is saved.")
            return redirect("forum:notifications")
    items = Notification.objects.filter(user=request.user).select_related(
        "post__author", "post__thread__category__group"
    )
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    # Access may have changed since: list only what the person may still read.
    visible = [n for n in page if policy.can_see(request.user, n.post.thread.audiences())]
    return render(
        request, "forum/notifications.html", {"page": page, "items": visible, "form": form}
    )


@login_required
def open_notification(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, user=request.user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return redirect("forum:post", notification.post_id)


# --- moderation ------------------------------------------------------------------------------


def _moderator(request: HttpRequest) -> None:
    if not policy.can_moderate(request.user):
        raise PermissionDenied("Only the network's moderators can do this.")


@login_required
def moderation(request: AuthenticatedHttpRequest) -> HttpResponse:
    _moderator(request)
    hold_form = HoldSettingsForm(request.POST or None, instance=HoldSettings.current())
    if request.method == "POST" and hold_form.is_valid():
        hold_form.save()
        messages.success(request, "Saved: the hold on new members' posts is changed.")
        return redirect("forum:moderation")
    held = Post.objects.filter(held_at__isnull=False).select_related("thread", "author")
    flags = Flag.objects.filter(resolved_at__isnull=True).select_related(
        "post__thread", "post__author", "flagged_by"
    )
    hidden = Post.objects.filter(is_hidden=True).select_related("thread", "author")[:50]
    log = ModerationLog.objects.select_related("actor", "thread", "post", "target_user")[:50]
    suspended = User.objects.filter(suspended_until__gt=timezone.now())
    return render(
        request,
        "forum/moderation.html",
        {
            "flags": flags,
            "held": held,
            "hold_form": hold_form,
            "hidden": hidden,
            "log": log,
            "suspended": suspended,
        },
    )


_POST_ACTIONS = {
    "hide": ("is_hidden", True, ModerationLog.Action.HIDE),
    "restore": ("is_hidden", False, ModerationLog.Action.RESTORE),
}
_THREAD_ACTIONS = {
    "lock": ("locked", True, ModerationLog.Action.LOCK),
    "unlock": ("locked", False, ModerationLog.Action.UNLOCK),
    "pin": ("pinned", True, ModerationLog.Action.PIN),
    "unpin": ("pinned", False, ModerationLog.Action.UNPIN),
    "close": ("closed", True, ModerationLog.Action.CLOSE),
    "reopen": ("closed", False, ModerationLog.Action.REOPEN),
}


@login_required
@require_POST
def moderate_post(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    _moderator(request)
    post = _get_post(request, pk)
    if action == "approve":
        if post.is_held:
            services.approve(post, request.user)
        messages.success(request, "Post approved: everyone who may read the thread sees it now.")
        return redirect(request.POST.get("next") or post.get_absolute_url())
    if action not in _POST_ACTIONS:
        raise Http404
    field, value, log_action = _POST_ACTIONS[action]
    setattr(post, field, value)
    post.save(update_fields=[field])
    ModerationLog.record(request.user, log_action, post=post, detail=request.POST.get("reason", ""))
    messages.success(request, f"Post {'hidden' if value else 'restored'}.")
    return redirect(request.POST.get("next") or post.get_absolute_url())


@login_required
def redact_post(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _moderator(request)
    post = _get_post(request, pk)
    form = RedactForm(request.POST or None, initial={"source": post.source})
    if request.method == "POST" and form.is_valid():
        post.redact(form.cleaned_data["source"], request.user)
        messages.success(request, "Post redacted. The original text is gone from its history.")
        return redirect(post)
    return render(request, "forum/redact.html", {"form": form, "post": post})


@login_required
@require_POST
def moderate_thread(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    _moderator(request)
    thread = _get_thread(request, pk)
    if action == "move":
        form = MoveForm(request.POST)
        if not form.is_valid():
            return HttpResponse("Choose a category.", status=400)
        old = thread.category
        thread.move_to(form.cleaned_data["category"])
        ModerationLog.record(
            request.user,
            ModerationLog.Action.MOVE,
            thread=thread,
            detail=f"from {old} to {thread.category}",
        )
    elif action in _THREAD_ACTIONS:
        field, value, log_action = _THREAD_ACTIONS[action]
        setattr(thread, field, value)
        thread.save(update_fields=[field])
        ModerationLog.record(request.user, log_action, thread=thread)
    else:
        raise Http404
    messages.success(request, "Done: the moderation log has the details.")
    return redirect(thread)


@login_required
@require_POST
def resolve_flag(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _moderator(request)
    flag = get_object_or_404(Flag.objects.select_related("post__thread"), pk=pk)
    flag.resolved_at = timezone.now()
    flag.resolved_by = request.user
    flag.save(update_fields=["resolved_at", "resolved_by"])
    ModerationLog.record(
        request.user, ModerationLog.Action.RESOLVE_FLAG, post=flag.post, detail=flag.reason
    )
    return redirect("forum:moderation")


@login_required
def suspend_user(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _moderator(request)
    person = get_object_or_404(User, pk=pk)
    form = SuspendForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        days = form.cleaned_data["days"]
        person.suspended_until = timezone.now() + timedelta(days=days) if days else None
        person.save(update_fields=["suspended_until"])
        ModerationLog.record(
            request.user,
            ModerationLog.Action.SUSPEND if days else ModerationLog.Action.UNSUSPEND,
            target_user=person,
            detail=f"{days} days: {form.cleaned_data['reason']}",
        )
        messages.success(request, f"{person.name} {'is suspended' if days else 'may post again'}.")
        return redirect("forum:moderation")
    recent = person.forum_posts.select_related("thread").order_by("-created_at")[:10]
    return render(request, "forum/suspend.html", {"form": form, "person": person, "recent": recent})
