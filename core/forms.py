"""Shared form rendering: every site form looks like govuk-frontend's components."""

from django import forms
from django.forms.widgets import Input

_WIDGET_CLASSES = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.RadioSelect: "govuk-radios__input",
    forms.CheckboxSelectMultiple: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
    Input: "govuk-input",
}


def widget_class(widget: forms.Widget) -> str:
    for widget_type, css_class in _WIDGET_CLASSES.items():
        if isinstance(widget, widget_type):
            return css_class
    return ""


class GovukFormMixin:
    """Renders with ``core/form.html``: govuk-frontend's labels, hints and error summary."""

    template_name = "core/form.html"


class Form(GovukFormMixin, forms.Form):
    pass


# For any model (a subclass names its own in Meta); ModelForm[...] is for type checkers only.
class ModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass
