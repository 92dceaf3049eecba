from django import template
from django.template.context import Context

from accounts import second_factor

register = template.Library()


@register.simple_tag(takes_context=True)
def second_factor_destination(context: Context) -> str:
    """Where the person was going when they were asked to set up two-step sign-in."""
    return second_factor.destination(context["request"])


@register.filter
def in_fours(secret: str) -> str:
    """An authenticator setup key in groups of four characters, easier to read and type."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
