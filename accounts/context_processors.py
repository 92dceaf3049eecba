from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from accounts import policy


def membership(request: HttpRequest) -> dict[str, Any]:
    """The signed-in person's organisation, for the header."""
    # A request that failed before the authentication middleware ran has no user.
    user = getattr(request, "user", None) or AnonymousUser()
    return {
        "current_organisation": policy.primary_organisation(user),
        "user_is_member": policy.is_member(user),
        "user_is_coordinator": policy.is_coordinator(user),
        "user_may_see_userbar": policy.may_see_userbar(user),
    }
