"""A person's handle: the name others @mention them by in the forum.

A handle is chosen by its holder (on their account page) and starts as a form of their name
("Priya Shah" is ``priya.shah``), never a part of their e-mail address: a handle is shown to
everyone who reads a post, and an address is not. Handles are lower case and unique; a
handle someone already has, or an organisation's directory name (``@its-slug`` mentions the
organisation), gets a number on the end.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError

if TYPE_CHECKING:
    from accounts.models import User

MAX_LENGTH = 30
FALLBACK = "member"  # for someone who has given no name yet
# The same shape the forum's Markdown recognises after an "@" (forum.markdown.HANDLE).
PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$")
_NOT_HANDLE = re.compile(r"[^a-z0-9]+")


def from_name(name: str) -> str:
    """``name`` as a handle: letters without accents, words joined by dots."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    handle = _NOT_HANDLE.sub(".", ascii_name.lower()).strip(".")
    return handle[:MAX_LENGTH].strip(".") or FALLBACK


def is_taken(handle: str, *, by_other_than: int | None = None) -> bool:
    from django.contrib.auth import get_user_model

    from directory.models import Organisation

    # (get_user_model: accounts.models uses this module when a person is saved)
    people = get_user_model().objects.filter(handle=handle)
    if by_other_than is not None:
        people = people.exclude(pk=by_other_than)
    return people.exists() or Organisation.objects.filter(slug=handle).exists()


def numbered(base: str, n: int) -> str:
    """``base`` for the first, then ``base2``, ``base3``…, still within MAX_LENGTH."""
    if n == 1:
        return base
    return base[: MAX_LENGTH - len(str(n))].rstrip(".") + str(n)


def unique(base: str, *, for_pk: int | None = None) -> str:
    """The first of ``base``, ``base2``, ``base3``… that nobody (and no organisation) has."""
    n = 1
    while is_taken(numbered(base, n), by_other_than=for_pk):
        n += 1
    return numbered(base, n)


def default_for(user: User) -> str:
    """The handle ``user`` starts with: a unique form of their name."""
    name = user.display_name or f"{user.first_name} {user.last_name}".strip()
    return unique(from_name(name), for_pk=user.pk)


def validate(handle: str, *, for_pk: int | None = None) -> str:
    """``handle`` as it is kept (lower case), or a ValidationError saying what to change."""
    handle = handle.strip().lstrip("@").lower()
    if len(handle) > MAX_LENGTH:
        raise ValidationError(f"Keep it to {MAX_LENGTH} characters or fewer.")
    if not PATTERN.match(handle):
        raise ValidationError(
            "Use letters a to z, numbers, dots, hyphens or underscores, "
            "starting and ending with a letter or number."
        )
    if is_taken(handle, by_other_than=for_pk):
        raise ValidationError("Someone else (or an organisation) has this handle. Try another.")
    return handle
