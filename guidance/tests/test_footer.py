"""The footer links editors manage show on every page of the site, not only Wagtail's."""

import pytest

from guidance.models import FooterLink

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/directory/", "/forum/", "/search/?q=housing", "/nowhere/"])
def test_an_editors_footer_link_shows_on_every_page(client, home, path):
    FooterLink.objects.create(title="Accessibility statement", url="/accessibility/")
    html = client.get(path).content.decode()
    footer = html.split('role="contentinfo"')[1]
    assert 'href="/accessibility/"' in footer and "Accessibility statement" in footer


def test_footer_links_follow_the_editors_order(client, home):
    FooterLink.objects.create(title="Privacy", url="/privacy/", sort_order=2)
    FooterLink.objects.create(title="Contact the coordinator", url="/contact/", sort_order=1)
    footer = client.get("/directory/").content.decode().split('role="contentinfo"')[1]
    assert footer.index("Contact the coordinator") < footer.index("Privacy")
