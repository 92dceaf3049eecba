import io

import pytest
from django.core.management import call_command

from guidance.models import EventPage, GuidancePage, ResourcePage

pytestmark = pytest.mark.django_db


def test_the_demo_builds_a_real_looking_site_and_can_run_again(client, home):
    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())
    assert GuidancePage.objects.live().count() == 6
    assert ResourcePage.objects.live().count() == 6
    assert EventPage.objects.live().count() == 4
    assert GuidancePage.objects.live().public().count() == 5
    for path in (
        "/",
        "/guidance/spot-the-signs-taxi-drivers/",
        "/guidance/national-referral-mechanism-explained/",
        "/resources/",
        "/events/",
        "/events/feed.ics",
    ):
        assert client.get(path).status_code == 200, path
    assert (
        b"Colchester City Council Safeguarding"
        in client.get("/guidance/spot-the-signs-taxi-drivers/").content
    )
