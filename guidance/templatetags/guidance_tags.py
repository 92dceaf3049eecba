from django import template
from wagtail.models import Page

from guidance.models import FooterLink, Helpline

register = template.Library()


@register.inclusion_tag("guidance/includes/report_concern.html")
def report_concern():
    return {"helplines": list(Helpline.objects.all())}


@register.inclusion_tag("guidance/includes/footer_links.html", takes_context=True)
def footer_links(context):
    # Only Wagtail pages read the snippet: the other apps' pages keep their query counts.
    if not isinstance(context.get("page"), Page):
        return {"links": []}
    return {"links": list(FooterLink.objects.all())}
