"""What readers see from each StreamField block on a guidance page."""

import pytest
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from directory.models import Category, Organisation, Service
from guidance.models import Helpline
from guidance.tests.conftest import text

pytestmark = pytest.mark.django_db


def _page_html(client, page) -> str:
    response = client.get(page.url)
    assert response.status_code == 200
    return response.content.decode()


def test_section_headings_become_a_contents_list_with_anchors(client, make_guide):
    guide = make_guide(
        "The NRM explained",
        body=[("heading", "What the NRM is"), ("heading", "Who can refer"), ("heading", "After")],
    )
    html = _page_html(client, guide)
    assert 'data-testid="contents"' in html
    assert 'href="#who-can-refer"' in html
    assert '<h2 class="govuk-heading-l" id="who-can-refer">Who can refer</h2>' in html


def test_a_short_guide_has_no_contents_list(client, make_guide):
    guide = make_guide("Short", body=[("heading", "Only one section")])
    assert 'data-testid="contents"' not in _page_html(client, guide)


def test_warning_and_information_callouts_render_in_govuk_style(client, make_guide):
    guide = make_guide(
        "Callouts",
        body=[
            ("callout", {"kind": "warning", "heading": "Call 999", "text": text("<p>Now.</p>")}),
            ("callout", {"kind": "information", "heading": "Note", "text": text("<p>FYI</p>")}),
        ],
    )
    html = _page_html(client, guide)
    assert "govuk-warning-text" in html and "Call 999" in html
    assert "govuk-inset-text" in html and "FYI" in html


def test_signs_checklist_lists_every_sign(client, make_guide):
    signs = ["Scared passengers", "Someone else pays"]
    guide = make_guide(
        "Signs",
        body=[("signs", {"heading": "Signs to spot", "intro": "", "signs": signs, "advice": ""})],
    )
    html = _page_html(client, guide)
    assert "Signs to spot" in html
    assert all(sign in html for sign in signs)


def test_faqs_are_disclosures_that_work_without_javascript(client, make_guide):
    guide = make_guide(
        "FAQ",
        body=[
            (
                "faq",
                {
                    "heading": "Questions",
                    "items": [{"question": "Do children consent?", "answer": text("<p>No.</p>")}],
                },
            )
        ],
    )
    html = _page_html(client, guide)
    assert "<details" in html and "Do children consent?" in html


def test_step_list_numbers_the_steps_in_order(client, make_guide):
    steps = [{"title": "Note it", "text": text("")}, {"title": "Call the helpline", "text": ""}]
    guide = make_guide("Steps", body=[("steps", {"heading": "What to do", "steps": steps})])
    html = _page_html(client, guide)
    assert "<ol" in html
    assert html.index("Note it") < html.index("Call the helpline")


def test_document_downloads_show_type_and_size(client, make_guide):
    document = get_document_model()(
        title="Poster", file=ContentFile(b"%PDF-1.4 " + b"x" * 2048, name="poster.pdf")
    )
    document.save()
    guide = make_guide(
        "Downloads", body=[("documents", {"heading": "Downloads", "documents": [document]})]
    )
    html = _page_html(client, guide)
    assert document.url in html
    assert "PDF, 2.0\xa0KB" in html


def test_helpline_card_shows_the_snippet(client, make_guide):
    helpline = Helpline.objects.create(name="Modern Slavery Helpline", phone="08000 121 700")
    guide = make_guide("Helpline", body=[("helpline", {"helpline": helpline})])
    html = _page_html(client, guide)
    assert 'href="tel:08000121700"' in html


def test_the_contact_card_follows_changes_to_the_directory_entry(client, make_guide, organisation):
    guide = make_guide(
        "Who to call", body=[("contact", {"organisation": organisation, "note": "Safe houses."})]
    )
    assert "Colne Valley Refuge Trust" in _page_html(client, guide)

    organisation.name = "Colne Valley Survivors Trust"
    organisation.description = "Now also runs a drop-in."
    organisation.save()

    html = _page_html(client, guide)
    assert "Colne Valley Survivors Trust" in html
    assert "Now also runs a drop-in." in html
    assert organisation.get_absolute_url() in html


def test_the_contact_card_disappears_when_the_organisation_is_suspended(
    client, make_guide, organisation
):
    guide = make_guide("Who to call", body=[("contact", {"organisation": organisation})])
    organisation.status = Organisation.Status.SUSPENDED
    organisation.save()
    assert "Colne Valley Refuge Trust" not in _page_html(client, guide)


def test_the_service_list_shows_only_what_the_public_may_see(
    client, make_guide, organisation, other_organisation
):
    category = Category.objects.create(name="Safe accommodation", slug="safe-accommodation")
    services = {
        "Emergency beds": (organisation, Service.Status.ACTIVE),
        "Closed for refurbishment": (organisation, Service.Status.TEMPORARILY_CLOSED),
        "Suspended provider beds": (other_organisation, Service.Status.ACTIVE),
    }
    for name, (owner, status) in services.items():
        service = Service.objects.create(
            organisation=owner, name=name, slug=name.lower().replace(" ", "-"), status=status
        )
        service.categories.add(category)
        service.save()  # categories are a ParentalManyToManyField: kept until saved
    other_organisation.status = Organisation.Status.SUSPENDED
    other_organisation.save()
    guide = make_guide(
        "Housing",
        body=[("services", {"heading": "Where to refer", "category": category, "limit": 10})],
    )
    html = _page_html(client, guide)
    assert "Emergency beds" in html
    assert "Closed for refurbishment" not in html
    assert "Suspended provider beds" not in html


def test_guidance_pages_offer_an_exit_this_page_button(client, make_guide):
    html = _page_html(client, make_guide("Spot the signs"))
    assert 'data-module="govuk-exit-this-page"' in html
    assert "https://www.bbc.co.uk/weather" in html


def test_guidance_pages_carry_titles_and_descriptions_for_sharing(client, make_guide):
    guide = make_guide("Spot the signs", summary="What drivers may notice.")
    html = _page_html(client, guide)
    assert '<meta name="description" content="What drivers may notice.">' in html
    assert '<meta property="og:title" content="Spot the signs">' in html
    assert "Last updated" in html
