import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    from io import StringIO

    from django.core.management import call_command

    call_command("seed_demo", stdout=StringIO())


def test_the_home_page_shows_the_network_and_how_to_report_a_concern(client, demo):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Colchester &amp; North Essex Anti-Trafficking Network" in html
    assert "08000 121 700" in html and "999" in html
    assert 'href="#main-content"' in html  # skip link
    assert "default-src 'self'" in response["Content-Security-Policy"]


def test_seed_demo_is_idempotent(demo):
    from io import StringIO

    from django.core.management import call_command

    from accounts.models import User
    from directory.models import Organisation

    counts = (User.objects.count(), Organisation.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (User.objects.count(), Organisation.objects.count()) == counts


def test_a_missing_page_gets_the_sites_404(client, demo):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"08000 121 700" in response.content


def test_the_demo_accounts_sign_in_with_the_demo_password(client, demo):
    for email in (
        "member@example.org",
        "member2@example.org",
        "orgadmin@example.org",
        "coordinator@example.org",
        "editor@example.org",
    ):
        assert client.login(email=email, password="waymark-demo"), email
        client.logout()


def test_a_forbidden_page_explains_itself_in_the_sites_layout(client, member):
    client.force_login(member)
    response = client.get("/accounts/join-requests/")
    assert response.status_code == 403
    assert b"You do not have access to this page" in response.content


def test_the_server_error_page_still_says_where_to_get_help(rf):
    from core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert b"08000 121 700" in response.content and b"999" in response.content


def test_a_malformed_request_gets_the_sites_400_page(rf):
    from core.views import bad_request

    response = bad_request(rf.get("/"))
    assert response.status_code == 400
    assert b"problem with that request" in response.content


def test_documents_are_never_served_straight_from_the_media_folder(client, settings):
    from pathlib import Path

    media = Path(settings.MEDIA_ROOT)
    document = media / "documents" / "never-public-contacts.pdf"
    image = media / "images" / "never-public-poster.png"
    for path, content in ((document, b"%PDF-1.4 members only"), (image, b"\x89PNG")):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    try:
        assert client.get("/media/documents/never-public-contacts.pdf").status_code == 404
        # Images go through a view that asks the access policy: a file no image owns is not served.
        assert client.get("/media/images/never-public-poster.png").status_code == 404
    finally:
        document.unlink()
        image.unlink()


@pytest.mark.parametrize(
    "path, current",
    [
        ("/directory/", {"Directory": "page"}),
        ("/forum/", {"Forum": "page"}),
        ("/accounts/email/", {"Your account": "true"}),
        ("/accounts/profile/", {"Your account": "page"}),
    ],
)
def test_the_navigation_tells_which_section_the_page_is_in(client, member, path, current):
    from bs4 import BeautifulSoup

    client.force_login(member)
    nav = BeautifulSoup(client.get(path).content, "html.parser").find("nav", {"aria-label": "Main"})
    links = nav.select("a[aria-current]")
    marked = {link.get_text(strip=True): link["aria-current"] for link in links}
    assert marked == current
    active = nav.select(".govuk-service-navigation__item--active")
    assert [item.get_text(strip=True) for item in active] == list(current)
