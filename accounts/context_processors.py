from accounts import policy


def membership(request):
    """The signed-in person's organisation, for the header."""
    user = getattr(request, "user", None)
    return {
        "current_organisation": policy.primary_organisation(user),
        "user_is_member": policy.is_member(user),
        "user_is_coordinator": policy.is_coordinator(user),
    }
