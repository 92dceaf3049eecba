"""What a browser sends to the Wagtail admin, for tests that edit through it."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data


def org_edit_url(org) -> str:
    return reverse("wagtailsnippets_directory_organisation:edit", args=[org.pk])


def org_form(org, **changes) -> dict:
    """The organisation edit form in the Wagtail admin, as the browser posts it."""
    data = {
        "name": org.name,
        "slug": org.slug,
        "organisation_type": org.organisation_type,
        "description": org.description,
        "logo": "",
        "website": "",
        "email": "",
        "phone": "",
        "charity_number": "",
        "company_number": "",
        "secure_email": "",
        "members_notes": "",
        "status": org.status,
        "next_review_due": "",
        "locations": inline_formset([]),
    }
    data.update(changes)
    return nested_form_data(data)
