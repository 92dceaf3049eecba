from django import template

from core.forms import widget_class

register = template.Library()


@register.filter
def govuk_widget(bound_field):
    """Render a form field's widget with govuk-frontend's class for its kind."""
    widget = bound_field.field.widget
    attrs = {"class": f"{widget.attrs.get('class', '')} {widget_class(widget)}".strip()}
    if bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_helptext"
    return bound_field.as_widget(attrs=attrs)
