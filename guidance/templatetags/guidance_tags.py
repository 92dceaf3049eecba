from django import template
from django.db import DatabaseError

from guidance.models import FooterLink, Helpline

register = template.Library()


@register.inclusion_tag("guidance/includes/report_concern.html")
def report_concern():
    return {"helplines": list(Helpline.objects.all())}


@register.inclusion_tag("guidance/includes/footer_links.html")
def footer_links():
    """The editors' footer links, on every page of the site (one small query)."""
    try:
        return {"links": list(FooterLink.objects.all())}
    except DatabaseError:  # the "unavailable" page is shown while the database is away
        return {"links": []}
