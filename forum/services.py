"""Forum actions that span models: posting, notifying, rate limits, read state, the tree."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from accounts import policy
from forum.models import (
    Category,
    ForumSettings,
    HoldReason,
    HoldSettings,
    ModerationLog,
    Notification,
    Post,
    ReadState,
    Thread,
    Watch,
    WatchLevel,
)

# (posts, seconds) per person; new members (joined under a week ago) get the stricter one.
RATE_LIMIT = getattr(settings, "FORUM_RATE_LIMIT", (6, 60))
NEW_MEMBER_RATE_LIMIT = getattr(settings, "FORUM_NEW_MEMBER_RATE_LIMIT", (2, 60))
NEW_MEMBER_DAYS = 7


class RateLimited(Exception):
    def __init__(self, seconds: int):
        super().__init__(
            f"You are posting too quickly. Please wait {seconds} seconds and post again."
        )


def _limit_for(user) -> tuple[int, int]:
    is_new = user.date_joined > timezone.now() - timedelta(days=NEW_MEMBER_DAYS)
    return NEW_MEMBER_RATE_LIMIT if is_new else RATE_LIMIT


def check_rate_limit(user) -> None:
    """Refuse a post when the person has written their allowance in the last window: their
    posts are counted where they are kept (one query; nothing else to write per post)."""
    if policy.is_coordinator(user):
        return
    allowed, seconds = _limit_for(user)
    since = timezone.now() - timedelta(seconds=seconds)
    if Post.objects.filter(author=user, created_at__gt=since).count() >= allowed:
        raise RateLimited(seconds)


# --- posting ---------------------------------------------------------------------------


def hold_reason(author, confirmed_personal_data: bool) -> str:
    """Why a new post by ``author`` waits for a coordinator's approval ("" when it does not):
    the personal-data guard found something the author confirmed is not personal data, or it
    is one of a new member's first posts (HoldSettings)."""
    if author is None or policy.can_approve_posts(author):
        return ""
    if confirmed_personal_data:
        return HoldReason.PERSONAL_DATA
    hold_first = HoldSettings.current().hold_first_posts
    if hold_first:
        approved = Post.objects.filter(author=author, held_at__isnull=True).count()
        if policy.must_wait_for_approval(author, approved, hold_first):
            return HoldReason.NEW_MEMBER
    return ""


@transaction.atomic
def start_thread(
    category: Category, author, title: str, source: str, confirmed_personal_data=False
) -> Thread:
    now = timezone.now()
    thread = Thread.objects.create(
        category=category, title=title, author=author, created_at=now, last_post_at=now
    )
    opening = add_post(
        thread, author, source, None, notify=False, opening=True, confirmed=confirmed_personal_data
    )
    Watch.objects.get_or_create(user=author, thread=thread, defaults={"level": "watching"})
    if opening.is_held:
        # Nobody but its author and the moderators sees the thread until it is approved.
        thread.is_held = True
        thread.save(update_fields=["is_held"])
    else:
        notify_new_thread(thread, opening)
    return thread


@transaction.atomic
def add_post(
    thread: Thread,
    author,
    source: str,
    parent: Post | None,
    notify=True,
    opening=False,
    confirmed=False,
) -> Post:
    """A new post; ``confirmed`` when its author confirmed that what the personal-data guard
    found is not personal data (the post then waits for a coordinator)."""
    if parent is not None and parent.is_opening:
        parent = None  # replies to the opening post are the thread's top-level replies
    now = timezone.now()
    reason = hold_reason(author, confirmed)
    post = Post(
        thread=thread,
        parent=parent,
        author=author,
        source=source,
        created_at=now,
        is_opening=opening,
        held_at=now if reason else None,
        held_reason=reason,
    )
    post.render()
    post.save()
    post.save_links()
    if not post.is_held:
        Thread.objects.filter(pk=thread.pk).update(last_post_at=now, post_count=F("post_count") + 1)
    if author is not None and notify:
        Watch.objects.get_or_create(
            user=author, thread=thread, defaults={"level": WatchLevel.WATCHING}
        )
        mark_read(author, thread, now)
    if notify and not post.is_held:
        notify_new_post(post)
    return post


@transaction.atomic
def approve(post: Post, by) -> None:
    """A coordinator lets a held post (and, for an opening post, its thread) be seen: it
    counts in its thread, and the people it concerns hear of it now."""
    thread = post.thread
    Thread.objects.filter(pk=thread.pk).update(
        last_post_at=timezone.now(), post_count=F("post_count") + 1
    )
    if post.is_opening:
        thread.is_held = False
        thread.save(update_fields=["is_held"])
    post.held_at = None
    post.held_reason = ""
    post.render()  # for the people it mentions
    post.save(update_fields=["held_at", "held_reason", "html"])
    ModerationLog.record(by, ModerationLog.Action.APPROVE, post=post)
    if post.is_opening:
        notify_new_thread(thread, post)
    else:
        notify_new_post(post)


# --- notifications ---------------------------------------------------------------------


def _watch_levels(thread: Thread) -> dict[int, str]:
    """Each person's effective level: a thread watch overrides a category watch."""
    levels: dict[int, str] = {}
    for user_id, level in Watch.objects.filter(category=thread.category_id).values_list(
        "user_id", "level"
    ):
        levels[user_id] = level
    for user_id, level in Watch.objects.filter(thread=thread).values_list("user_id", "level"):
        levels[user_id] = level
    return levels


def recipients_for(post: Post, mentioned_ids: list[int]) -> dict[int, str]:
    """user id -> notification kind, before the access check."""
    levels = _watch_levels(post.thread)
    wanted: dict[int, str] = {}
    for user_id, level in levels.items():
        if level == WatchLevel.WATCHING:
            wanted[user_id] = Notification.Kind.WATCHING
    if post.parent and post.parent.author_id:
        wanted[post.parent.author_id] = Notification.Kind.REPLY
    elif post.parent_id is None and post.thread.author_id and not post.is_opening:
        wanted.setdefault(post.thread.author_id, Notification.Kind.REPLY)
    for user_id in mentioned_ids:
        wanted[user_id] = Notification.Kind.MENTION
    for user_id, level in levels.items():
        if level == WatchLevel.MUTED:
            wanted.pop(user_id, None)
    if post.author_id is not None:
        wanted.pop(post.author_id, None)
    return wanted


def _deliver(post: Post, wanted: dict[int, str]) -> list[Notification]:
    """Notify the ``wanted`` people who may read the post and have not heard of it yet: a
    constant number of queries for any number of them, plus one e-mail task each."""
    from forum.tasks import send_notification_email

    # Only people who may read the thread ever hear of it.
    readers = (
        policy.people_who_may_see(post.thread.audiences())
        .filter(pk__in=wanted)
        .exclude(Exists(Notification.objects.filter(post=post, user=OuterRef("pk"))))
    )
    created = Notification.objects.bulk_create(
        Notification(user_id=pk, post=post, kind=wanted[pk])
        for pk in readers.order_by("pk").values_list("pk", flat=True)
    )
    preferences = ForumSettings.email_preferences([n.user_id for n in created])
    for notification in created:
        if preferences[notification.user_id] == ForumSettings.Email.IMMEDIATE:
            # With the database queue this row is written in the post's transaction (outbox).
            send_notification_email.enqueue(notification.pk)
    return created


def notify_new_post(post: Post) -> list[Notification]:
    mentioned = getattr(post, "_mentioned_user_ids", [])
    return _deliver(post, recipients_for(post, mentioned))


def notify_new_thread(thread: Thread, opening: Post) -> list[Notification]:
    wanted: dict[int, str] = {
        user_id: Notification.Kind.WATCHING
        for user_id, level in Watch.objects.filter(category=thread.category_id).values_list(
            "user_id", "level"
        )
        if level == WatchLevel.WATCHING
    }
    for user_id in getattr(opening, "_mentioned_user_ids", []):
        wanted[user_id] = Notification.Kind.MENTION
    if thread.author_id is not None:
        wanted.pop(thread.author_id, None)
    return _deliver(opening, wanted)


def set_watch(user, level: str, *, thread: Thread | None = None, category=None) -> None:
    target: dict[str, Any] = {"thread": thread} if thread is not None else {"category": category}
    if level:
        Watch.objects.update_or_create(user=user, **target, defaults={"level": level})
    else:
        Watch.objects.filter(user=user, **target).delete()


# --- reading ---------------------------------------------------------------------------


def mark_read(user, thread: Thread, at=None) -> None:
    """``user`` has read ``thread`` (up to ``at``, or now): one UPDATE, and an INSERT only the
    first time they read it."""
    at = at or timezone.now()
    if not ReadState.objects.filter(user=user, thread=thread).update(last_read_at=at):
        ReadState.objects.get_or_create(user=user, thread=thread, defaults={"last_read_at": at})


# --- the reply tree, in pages ---------------------------------------------------------------

# Replies deeper than this show as "Continue this thread", on a page of their own.
MAX_DEPTH = 4
# A page of the tree holds at most this many top-level replies (each with its replies down to
# MAX_DEPTH), and stops adding them once it shows POSTS_PER_PAGE posts: a long thread is read
# a page at a time, as Discourse sends twenty posts at a time.
BRANCHES_PER_PAGE = 10
POSTS_PER_PAGE = 40
FLAT_PER_PAGE = 20


@dataclass(frozen=True)
class Stub:
    """What the tree needs to know of a post before its text is loaded."""

    pk: int
    parent_id: int | None
    is_opening: bool
    created_at: Any


def skeleton(thread_id: int, viewer) -> list[Stub]:
    """Every post of the thread ``viewer`` may see, oldest first, without its text: one light
    query. Posts waiting for approval are there only for their author and the moderators."""
    posts = Post.objects.filter(thread=thread_id)
    if not policy.can_approve_posts(viewer):
        mine = Q(author_id=viewer.pk) if viewer.is_authenticated else Q(pk__in=[])
        posts = posts.filter(Q(held_at__isnull=True) | mine)
    rows = posts.order_by("created_at", "pk").values_list(
        "pk", "parent_id", "is_opening", "created_at"
    )
    return [Stub(*row) for row in rows]


@dataclass
class Node:
    post: Any  # a Stub until the page's posts are loaded, then the Post
    depth: int
    children: list[Node] = field(default_factory=list)
    hidden_descendants: int = 0

    @property
    def is_capped(self) -> bool:
        return self.depth >= MAX_DEPTH and bool(self.children)


@dataclass
class Item:
    """One step of a depth-first walk, so the template can nest without recursion."""

    kind: str  # "open", "close" or "more"
    node: Node


def build_tree(posts: list[Any], root_pk: int | None = None) -> list[Node]:
    """Roots (top-level replies, or the replies to ``root_pk``) with their descendants."""
    children: dict[int | None, list[Any]] = {}
    for post in posts:
        children.setdefault(post.parent_id, []).append(post)

    def grow(post: Any, depth: int) -> Node:
        return Node(post, depth, [grow(child, depth + 1) for child in children.get(post.pk, [])])

    if root_pk is None:
        opening = next((post for post in children.get(None, []) if post.is_opening), None)
        # Replies to the opening post are the thread's top-level replies, however stored.
        top = [post for post in children.get(None, []) if post is not opening]
        if opening is not None and opening.pk in children:
            top = sorted(top + children[opening.pk], key=lambda post: (post.created_at, post.pk))
    else:
        top = children.get(root_pk, [])
    return [grow(post, 1) for post in top]


def count_descendants(node: Node) -> int:
    return sum(1 + count_descendants(child) for child in node.children)


def walk(nodes: list[Node]) -> list[Item]:
    items: list[Item] = []
    stack: list[tuple[Node, bool]] = [(node, False) for node in reversed(nodes)]
    while stack:
        node, closing = stack.pop()
        if closing:
            items.append(Item("close", node))
            continue
        items.append(Item("open", node))
        stack.append((node, True))
        if node.is_capped:
            node.hidden_descendants = count_descendants(node)
            items.append(Item("more", node))
        else:
            stack.extend((child, False) for child in reversed(node.children))
    return items


def shown(node: Node) -> int:
    """How many posts ``node``'s branch shows on a page (down to MAX_DEPTH)."""
    if node.depth >= MAX_DEPTH:
        return 1
    return 1 + sum(shown(child) for child in node.children)


def paginate_branches(roots: list[Node]) -> list[list[Node]]:
    """The top-level branches, split into pages: never empty, never a branch split."""
    pages: list[list[Node]] = [[]]
    size = 0
    for root in roots:
        branch = shown(root)
        current = pages[-1]
        if current and (len(current) >= BRANCHES_PER_PAGE or size + branch > POSTS_PER_PAGE):
            pages.append([])
            size = 0
        pages[-1].append(root)
        size += branch
    return pages


def page_of(pages: list[list[Node]], top_level_pk: int) -> int:
    """The number of the page that shows the branch under ``top_level_pk``."""
    for number, branches in enumerate(pages, start=1):
        if any(node.post.pk == top_level_pk for node in branches):
            return number
    return 1


def fill(items: list[Item], posts: dict[int, Post]) -> None:
    """Put the loaded posts in place of the stubs the walk shows."""
    for item in items:
        if item.kind == "open":
            item.node.post = posts[item.node.post.pk]
