from datetime import date, datetime, timedelta
from typing import Any

from django import template
from django.forms import BoundField
from django.template.context import Context
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.timesince import timesince

from core import params, site_address
from core.forms import widget_class

register = template.Library()


@register.filter
def printable(value: str | None) -> str:
    """A query parameter shown back in a form, without the control characters (NUL
    included) that someone may have put in the URL."""
    return params.printable(value or "")


@register.filter
def site_url(path: str) -> str:
    """An absolute URL on the configured site address (see core.site_address)."""
    return site_address.absolute(path)


@register.filter
def html_datetime(value: date | datetime | None) -> str:
    """A ``<time datetime>`` value HTML accepts: whole seconds (``|date:'c'`` adds
    microseconds, which validators reject), in the site's time zone with its offset."""
    if not value:
        return ""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.replace(microsecond=0)
    return value.isoformat()


@register.filter
def govuk_widget(bound_field: BoundField) -> SafeString:
    """Render a form field's widget with govuk-frontend's class for its kind."""
    widget = bound_field.field.widget
    attrs: dict[str, str | bool] = {
        "class": f"{widget.attrs.get('class', '')} {widget_class(widget)}".strip()
    }
    if bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_helptext"
    return bound_field.as_widget(attrs=attrs)


@register.inclusion_tag("includes/nav_item.html", takes_context=True)
def nav_item(context: Context, href: str, label: str, section: str = "") -> dict[str, Any]:
    """A link of the main navigation, marked as the current section (for screen readers too)
    when the page is in it: "/" only for the home page, other links for every page below
    ``section`` (by default, below the link itself)."""
    path = getattr(context.get("request"), "path", "")
    active = path == href if href == "/" else path.startswith(section or href)
    current = "page" if path == href else "true" if active else ""
    return {"href": href, "label": label, "active": active, "current": current}


@register.filter
def ago(value: datetime | None) -> str:
    """How long ago ``value`` was, as people say it: "just now", "5 minutes ago",
    "3 days ago" (the largest unit only), with the exact time left to a title or datetime."""
    if not value:
        return ""
    if timezone.now() - value < timedelta(minutes=1):
        return "just now"
    return f"{timesince(value, depth=1)} ago"
