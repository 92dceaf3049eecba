"""The members' forum: categories, threads, threaded posts, watching, moderation."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from accounts import policy

if TYPE_CHECKING:
    from directory.models import Organisation, Service


class Category(models.Model):
    """A place for threads; who may read it is decided by its access setting."""

    class Access(models.TextChoices):
        PUBLIC = "public", "Public (anyone reads, members post)"
        MEMBERS = "members", "Members only"
        GROUP = "group", "Private group"

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0, db_index=True)
    access = models.CharField(max_length=20, choices=Access.choices, default=Access.MEMBERS)
    group = models.ForeignKey(
        "accounts.PrivateGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forum_categories",
        help_text="Only for private-group categories: the organisations and people who may read.",
    )

    sort_order_field = "order"

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("forum:category", args=[self.slug])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.access == self.Access.GROUP and self.group_id is None:
            raise ValidationError({"group": "Choose the private group that may read it."})
        if self.access != self.Access.GROUP and self.group_id is not None:
            raise ValidationError({"group": "Only private-group categories have a group."})

    def audiences(self) -> frozenset[str]:
        if self.access == self.Access.PUBLIC:
            return frozenset({policy.PUBLIC})
        if self.access == self.Access.GROUP and self.group_id:
            return frozenset({policy.group_audience(self.group_id)})
        return frozenset({policy.MEMBERS})

    @property
    def is_public(self) -> bool:
        return self.access == self.Access.PUBLIC


class Thread(models.Model):
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, allow_unicode=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_post_at = models.DateTimeField(default=timezone.now, db_index=True)
    post_count = models.PositiveIntegerField(default=0)
    pinned = models.BooleanField(default=False)
    locked = models.BooleanField(default=False, help_text="No new replies while locked.")
    closed = models.BooleanField(default=False, help_text="The discussion has concluded.")
    is_held = models.BooleanField(
        default=False, help_text="Its opening post waits for a coordinator's approval."
    )

    class Meta:
        ordering = ["-pinned", "-last_post_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.slug:
            self.slug = slugify(self.title)[:200] or "thread"
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", args=[self.pk, self.slug])

    def audiences(self) -> frozenset[str]:
        return self.category.audiences()

    @property
    def accepts_replies(self) -> bool:
        return not (self.locked or self.closed)

    @transaction.atomic
    def move_to(self, category: Category) -> None:
        """Move to ``category``, and render the posts again: a mention names only people who
        may read the thread where it now is."""
        self.category = category
        self.save(update_fields=["category"])
        for post in self.posts.all():
            post.thread = self
            post.render()
            post.save(update_fields=["html"])


class HoldReason(models.TextChoices):
    NEW_MEMBER = "new_member", "One of a new member's first posts"
    PERSONAL_DATA = "personal_data", "The author confirmed it has no personal data"


class Post(models.Model):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="posts")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="forum_posts"
    )
    source = models.TextField("message", help_text="Markdown.")
    html = models.TextField(editable=False, help_text="Rendered and sanitised from the source.")
    is_opening = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    is_removed = models.BooleanField(default=False, help_text="Deleted by its author.")
    removed_at = models.DateTimeField(
        null=True, blank=True, help_text="When its author deleted it (its text goes later)."
    )
    is_hidden = models.BooleanField(default=False, help_text="Hidden by a moderator.")
    redacted_at = models.DateTimeField(null=True, blank=True)
    held_at = models.DateTimeField(
        null=True, blank=True, help_text="Waiting for a coordinator's approval since."
    )
    held_reason = models.CharField(max_length=20, choices=HoldReason.choices, blank=True)
    linked_services = models.ManyToManyField(
        "directory.Service", blank=True, related_name="forum_posts"
    )

    # Set by the thread views for their templates.
    cards: list[Service]
    organisation: Organisation | None
    is_new: bool
    parent_post: Post | None

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["thread", "created_at"])]

    def __str__(self) -> str:
        return f"Post {self.pk} in {self.thread_id}"

    def get_absolute_url(self) -> str:
        return reverse("forum:post", args=[self.pk])

    def audiences(self) -> frozenset[str]:
        if not self.is_visible:
            return frozenset()
        return self.thread.audiences()

    @property
    def is_visible(self) -> bool:
        return not (self.is_removed or self.is_hidden or self.is_held)

    @property
    def is_held(self) -> bool:
        return self.held_at is not None

    @property
    def anchor(self) -> str:
        return f"post-{self.pk}"

    def render(self) -> None:
        """Render the source to sanitised HTML and remember the directory services it links
        and the people it mentions (only those who may read the thread)."""
        from forum.markdown import render_post

        rendered = render_post(self.source, self.thread.audiences())
        self.html = rendered.html
        self._linked_service_ids = rendered.service_ids
        self._mentioned_user_ids = rendered.user_ids

    def save_links(self) -> None:
        ids = getattr(self, "_linked_service_ids", None)
        if ids is not None:
            self.linked_services.set(ids)

    @transaction.atomic
    def edit(self, source: str, by) -> None:
        """Keep the previous text in the history, then publish the new one."""
        PostRevision.objects.create(post=self, source=self.source, edited_by=by)
        self.source = source
        self.edited_at = timezone.now()
        self.render()
        self.save(update_fields=["source", "html", "edited_at"])
        self.save_links()

    def remove(self) -> None:
        """Deleted by its author: replies stay; its text is forgotten after the retention
        period (forum/retention.py)."""
        self.is_removed = True
        self.removed_at = timezone.now()
        self.save(update_fields=["is_removed", "removed_at"])

    @staticmethod
    @transaction.atomic
    def forget_text(posts: models.QuerySet[Post]) -> int:
        """Empty these posts and their edit history, keeping each in its place in its thread."""
        ids = list(posts.values_list("pk", flat=True))
        PostRevision.objects.filter(post_id__in=ids).delete()
        Post.linked_services.through.objects.filter(post_id__in=ids).delete()
        return Post.objects.filter(pk__in=ids).update(source="", html="")

    @transaction.atomic
    def redact(self, source: str, by) -> None:
        """Replace the text and forget every earlier version: redaction keeps no original."""
        self.revisions.all().delete()
        self.source = source
        self.redacted_at = timezone.now()
        self.render()
        self.save(update_fields=["source", "html", "redacted_at"])
        self.save_links()
        ModerationLog.record(by, ModerationLog.Action.REDACT, post=self)


class PostRevision(models.Model):
    """An earlier text of a post, shown in its edit history."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    source = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Revision of post {self.post_id} at {self.created_at:%Y-%m-%d %H:%M}"


class WatchLevel(models.TextChoices):
    WATCHING = "watching", "Watching: notify me of every new post"
    TRACKING = "tracking", "Tracking: show unread counts, notify me only of replies to me"
    MUTED = "muted", "Muted: never notify me"


class Watch(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_watches"
    )
    thread = models.ForeignKey(
        Thread, null=True, blank=True, on_delete=models.CASCADE, related_name="watches"
    )
    category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.CASCADE, related_name="watches"
    )
    level = models.CharField(max_length=20, choices=WatchLevel.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_watch_per_thread"),
            models.UniqueConstraint(fields=["user", "category"], name="one_watch_per_category"),
            models.CheckConstraint(
                condition=(
                    models.Q(thread__isnull=False, category__isnull=True)
                    | models.Q(thread__isnull=True, category__isnull=False)
                ),
                name="watch_thread_or_category",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.level} {self.thread_id or self.category_id}"


class ForumSettings(models.Model):
    """A person's notification e-mail preference."""

    class Email(models.TextChoices):
        IMMEDIATE = "immediate", "Send each notification as it happens"
        DAILY = "daily", "Send one daily digest"
        NEVER = "never", "Do not e-mail me (notifications stay on the site)"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_settings"
    )
    email = models.CharField(max_length=20, choices=Email.choices, default=Email.IMMEDIATE)

    class Meta:
        verbose_name_plural = "forum settings"

    def __str__(self) -> str:
        return f"Forum settings for {self.user_id}"

    @classmethod
    def email_preference(cls, user) -> str:
        return cls.email_preferences([user.pk])[user.pk]

    @classmethod
    def email_preferences(cls, user_ids: list[int]) -> dict[int, str]:
        """Each person's choice, in one query (immediate unless they chose otherwise)."""
        chosen = dict(cls.objects.filter(user__in=user_ids).values_list("user_id", "email"))
        return {pk: chosen.get(pk) or cls.Email.IMMEDIATE for pk in user_ids}


class Notification(models.Model):
    class Kind(models.TextChoices):
        REPLY = "reply", "replied to you"
        MENTION = "mention", "mentioned you"
        WATCHING = "watching", "posted in a discussion you watch"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_notifications"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "post"], name="one_notification_per_post")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (post {self.post_id})"


class ReadState(models.Model):
    """How far a person has read a thread, for unread markers."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_states")
    last_read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "thread"], name="one_read_state_per_thread")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.thread_id} at {self.last_read_at}"


class Flag(models.Model):
    class Reason(models.TextChoices):
        PERSONAL_DATA = "personal_data", "It contains personal data of a potential victim"
        INAPPROPRIATE = "inappropriate", "It is inappropriate or offensive"
        INACCURATE = "inaccurate", "It is dangerously inaccurate"
        SPAM = "spam", "It is spam"
        OTHER = "other", "Something else"

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=30, choices=Reason.choices)
    details = models.TextField(blank=True)
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} (post {self.post_id})"


class ModerationLog(models.Model):
    class Action(models.TextChoices):
        HIDE = "hide", "hid a post"
        RESTORE = "restore", "restored a post"
        REDACT = "redact", "redacted a post"
        LOCK = "lock", "locked a thread"
        UNLOCK = "unlock", "unlocked a thread"
        PIN = "pin", "pinned a thread"
        UNPIN = "unpin", "unpinned a thread"
        CLOSE = "close", "closed a thread"
        REOPEN = "reopen", "reopened a thread"
        MOVE = "move", "moved a thread"
        RESOLVE_FLAG = "resolve_flag", "resolved a flag"
        APPROVE = "approve", "approved a held post"
        SUSPEND = "suspend", "suspended a member"
        UNSUSPEND = "unsuspend", "lifted a suspension"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    thread = models.ForeignKey(Thread, null=True, blank=True, on_delete=models.SET_NULL)
    post = models.ForeignKey(Post, null=True, blank=True, on_delete=models.SET_NULL)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.actor} {self.get_action_display()}"

    @classmethod
    def record(cls, actor, action, *, thread=None, post=None, target_user=None, detail=""):
        if post is not None and thread is None:
            thread = post.thread
        return cls.objects.create(
            actor=actor,
            action=action,
            thread=thread,
            post=post,
            target_user=target_user,
            detail=detail[:300],
        )


class HoldSettings(models.Model):
    """How many of a new member's first posts wait for a coordinator's approval (one row)."""

    hold_first_posts = models.PositiveSmallIntegerField(
        "Hold a new member's first posts",
        default=0,
        help_text="How many of each member's first posts a coordinator approves before others "
        "see them. 0 holds none (posts with personal data the author confirmed are always "
        "held).",
    )

    class Meta:
        verbose_name_plural = "hold settings"

    def __str__(self) -> str:
        return f"Hold the first {self.hold_first_posts} posts"

    @classmethod
    def current(cls) -> HoldSettings:
        found = cls.objects.filter(pk=1).first()
        return found or cls(pk=1)
