"""An editor signs in with their second factor, writes a guide in the Wagtail admin and
submits it; it waits, unpublished, for a coordinator."""

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from wagtail.models import WorkflowState

from conftest import PASSWORD
from guidance.models import GuidanceIndexPage, GuidancePage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def _current_code(secret: str) -> str:
    counter = next(iter(yield_hotp_counters_from_time()))
    return format_hotp_value(hotp_value(secret, counter))


def test_an_editor_creates_and_submits_a_guide_in_the_admin(
    live_server, page, editor, home, artifacts_dir
):
    index = home.add_child(instance=GuidanceIndexPage(title="Guidance", slug="guidance"))
    index.save_revision().publish()
    EmailAddress.objects.create(user=editor, email=editor.email, verified=True, primary=True)
    secret = generate_totp_secret()
    TOTP.activate(editor, secret)

    page.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.get_by_label("Email").fill(editor.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code", exact=True).fill(_current_code(secret))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{live_server.url}/admin/")

    page.goto(f"{live_server.url}/admin/pages/add/guidance/guidancepage/{index.pk}/")
    page.locator("#id_title").fill("Spot the signs: car wash customers")
    page.locator("#id_summary").fill("What customers of hand car washes may notice.")
    page.screenshot(path=f"{artifacts_dir}/guidance-editor-new-page.png", full_page=True)
    page.locator("footer .dropdown-toggle, footer [data-w-dropdown-target='toggle']").first.click()
    page.get_by_role("button", name="Submit to Guidance moderation").click()
    page.wait_for_url(lambda url: "/add/" not in url)
    page.screenshot(path=f"{artifacts_dir}/guidance-editor-submitted.png", full_page=True)

    guide = GuidancePage.objects.get(title="Spot the signs: car wash customers")
    assert not guide.live
    state = WorkflowState.objects.get(object_id=str(guide.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == editor
