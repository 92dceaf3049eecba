"""Shared form rendering: every site form looks like govuk-frontend's components."""

from typing import Any

from django import forms
from django.db.models.fields import BLANK_CHOICE_DASH
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field.widget, forms.RadioSelect) and hasattr(field, "choices"):
                # Radios need no "---------" choice (ModelForm's blank for a select): with it
                # the form opens with a meaningless answer already chosen.
                field.choices = [c for c in field.choices if c != BLANK_CHOICE_DASH[0]]


class Form(GovukFormMixin, forms.Form):
    pass


# For any model (a subclass names its own in Meta); ModelForm[...] is for type checkers only.
class ModelForm(GovukFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass
