import pytest

from conftest import PASSWORD
from conftest import verified_email as _verified

pytestmark = pytest.mark.django_db


def test_a_member_logs_in_with_their_email(client, member):
    _verified(member)
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200


def test_repeated_failed_logins_are_throttled_with_a_clear_message(client, member):
    _verified(member)
    for _ in range(5):
        client.post("/accounts/login/", {"login": member.email, "password": "wrong"})
    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code in (200, 429)
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_staff_without_two_factor_are_sent_to_set_it_up_before_the_admin(client, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/2fa/totp/activate/" in response["Location"]


def test_staff_with_two_factor_reach_the_admin(client, editor, staff_login):
    staff_login(client, editor)
    assert client.get("/admin/").status_code == 200


def test_members_never_reach_the_admin(client, member):
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"] or "/accounts/login/" in response["Location"]


@pytest.fixture
def production_hashers(settings):
    from config.settings import base

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS


def test_new_passwords_are_stored_with_argon2id_at_owasps_minimum_or_above(production_hashers):
    from argon2 import extract_parameters
    from django.contrib.auth.hashers import make_password

    encoded = make_password(PASSWORD)
    assert encoded.startswith("argon2$argon2id$")
    parameters = extract_parameters(encoded.removeprefix("argon2"))
    assert parameters.memory_cost >= 19 * 1024  # KiB
    assert parameters.time_cost >= 2


def test_a_member_with_an_old_pbkdf2_hash_signs_in_and_it_is_upgraded_to_argon2(
    client, member, production_hashers
):
    from django.contrib.auth.hashers import make_password

    _verified(member)
    member.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    member.save(update_fields=["password"])

    response = client.post("/accounts/login/", {"login": member.email, "password": PASSWORD})

    assert response.status_code == 302
    assert client.get("/accounts/profile/").status_code == 200
    member.refresh_from_db()
    assert member.password.startswith("argon2$argon2id$")
    assert member.check_password(PASSWORD)
