import pytest
from allauth.account.models import EmailAddress

from conftest import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_a_member_signs_in_and_sees_their_organisation_in_the_header(
    live_server, page, member, artifacts_dir
):
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email").fill(member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.screenshot(path=f"{artifacts_dir}/member-after-sign-in.png", full_page=True)
    header = page.get_by_test_id("header-organisation")
    header.wait_for()
    assert header.inner_text() == "Colne Valley Refuge Trust"
    page.screenshot(path=f"{artifacts_dir}/member-signed-in.png", full_page=True)
