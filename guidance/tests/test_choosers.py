"""The organisation chooser in guidance pages offers only what the public can see."""

from tests.factories import OrganisationFactory


def test_the_organisation_chooser_offers_only_published_organisations(client, editor, staff_login):
    OrganisationFactory.create(name="Haven Published", live=True)
    OrganisationFactory.create(name="Haven Draft", live=False)
    staff_login(client, editor)

    page = client.get("/admin/guidance_organisation_chooser/?q=Haven")

    assert page.status_code == 200
    assert "Haven Published" in page.content.decode()
    assert "Haven Draft" not in page.content.decode()
