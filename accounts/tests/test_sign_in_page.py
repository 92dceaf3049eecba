"""The sign-in page reads cleanly: one way to reset a forgotten password."""


def test_the_sign_in_page_offers_password_reset_once(client, db):
    page = client.get("/accounts/login/").content.decode()

    assert page.count('href="/accounts/password/reset/"') == 1
