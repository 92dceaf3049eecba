from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils import timezone

from accounts import handles


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with their e-mail address."""

    username = None  # type: ignore[assignment]  # people sign in with their e-mail address
    email = models.EmailField("e-mail address", unique=True)
    display_name = models.CharField(max_length=150, blank=True)
    handle = models.CharField(
        max_length=handles.MAX_LENGTH,
        unique=True,
        help_text="What others type after @ to mention this person; a form of their name.",
    )
    job_title = models.CharField(max_length=150, blank=True)
    suspended_until = models.DateTimeField(
        null=True, blank=True, help_text="While set in the future, the person cannot post."
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    # The stubs expect auth's username-based UserManager on an AbstractUser.
    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    class Meta:
        ordering = ["email"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.handle:
            self.handle = handles.default_for(self)
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        # Never the e-mail address (nor a part of it): it would show on every post.
        return self.display_name or self.get_full_name() or self.handle or "A member"

    @property
    def is_suspended(self) -> bool:
        return bool(self.suspended_until and self.suspended_until > timezone.now())


class Membership(models.Model):
    """A person's place in a member organisation: verified staff, or its admin."""

    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        ADMIN = "admin", "Organisation admin"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.organisation} ({self.get_role_display()})"


class PrivateGroup(models.Model):
    """A closed circle of named organisations and people (for private forum categories)."""

    name = models.CharField(max_length=150, unique=True)
    description = models.TextField(blank=True)
    organisations = models.ManyToManyField(
        "directory.Organisation", blank=True, related_name="private_groups"
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="private_groups"
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def audience(self) -> str:
        return f"group:{self.pk}"


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _default_expiry() -> datetime:
    return timezone.now() + timedelta(days=14)


class Invitation(models.Model):
    """An invitation to join an organisation, sent by its admin or a coordinator."""

    email = models.EmailField()
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField(
        max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_default_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} to {self.organisation}"

    @property
    def is_usable(self) -> bool:
        return self.accepted_at is None and self.expires_at > timezone.now()


class JoinRequest(models.Model):
    """Someone asks to join; a coordinator approves (which sends an invitation) or declines."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    name = models.CharField(max_length=150)
    email = models.EmailField()
    organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="join_requests"
    )
    job_title = models.CharField(max_length=150)
    message = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.email}) → {self.organisation}"


class DataExport(models.Model):
    """A copy of everything Waymark holds about one person, which they asked for (UK GDPR
    article 15): built in the background (accounts/data_export.py), kept here rather than in
    the media folder so no URL serves it but the download view, which asks the policy, and
    deleted once it expires (accounts/schedule.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    archive = models.BinaryField(editable=False, default=b"")
    requested_at = models.DateTimeField(default=timezone.now)
    ready_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"Data export {self.pk} ({self.get_status_display()})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.expires_at is None:
            self.expires_at = self.requested_at + data_export_lifetime()
        super().save(*args, **kwargs)

    def mark_ready(self, archive: bytes) -> None:
        """Keep the built archive; it is available for the whole lifetime from now."""
        self.archive = archive
        self.status = self.Status.READY
        self.ready_at = timezone.now()
        self.expires_at = self.ready_at + data_export_lifetime()
        self.save(update_fields=["archive", "status", "ready_at", "expires_at"])

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY and not self.is_expired


def data_export_lifetime() -> timedelta:
    return timedelta(days=settings.DATA_EXPORT_EXPIRY_DAYS)
