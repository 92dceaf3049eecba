"""``manage.py createcoordinator``: the first coordinator of a new install."""

import io
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts import policy
from accounts.models import User
from conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

STRONG = "lantern-harbour-quiet-47"


def run(*args, **options) -> str:
    out = io.StringIO()
    call_command("createcoordinator", *args, stdout=out, **options)
    return out.getvalue()


def is_coordinator(email: str) -> bool:
    return User.objects.get(email=email).groups.filter(name=policy.COORDINATORS).exists()


def link_in(output: str) -> str:
    [url] = [word for word in output.split() if word.startswith("http")]
    return urlsplit(url).path


def test_without_a_password_they_get_a_link_to_choose_one_and_then_sign_in(client):
    output = run("priya@example.org", "--name", "Priya Shah", "--no-input")
    user = User.objects.get(email="priya@example.org")
    assert user.display_name == "Priya Shah" and is_coordinator(user.email)
    assert not user.has_usable_password()
    assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()
    assert "two-step sign-in" in output and "authenticator app" in output

    form = client.get(link_in(output), follow=True)
    assert form.status_code == 200
    client.post(form.wsgi_request.path, {"password1": STRONG, "password2": STRONG})
    assert client.login(email="priya@example.org", password=STRONG)


def test_the_link_works_once():
    output = run("priya@example.org", "--name", "Priya Shah", "--no-input")
    first, second = Client(), Client()
    form = first.get(link_in(output), follow=True)
    first.post(form.wsgi_request.path, {"password1": STRONG, "password2": STRONG})
    again = second.get(link_in(output), follow=True).content.decode()
    assert "invalid" in again.lower()
    assert "password1" not in again


def test_a_password_from_the_environment_signs_them_in_and_the_admin_asks_for_the_app(
    client, monkeypatch
):
    monkeypatch.setenv("FIRST_COORDINATOR_PASSWORD", STRONG)
    output = run(
        "priya@example.org",
        "--name",
        "Priya Shah",
        "--password-from-env",
        "FIRST_COORDINATOR_PASSWORD",
        "--no-input",
    )
    assert "http" not in output  # no link when a password is set
    response = client.post("/accounts/login/", {"login": "priya@example.org", "password": STRONG})
    assert response.status_code == 302
    assert client.get("/admin/")["Location"].startswith(reverse("mfa_activate_totp"))


@pytest.mark.parametrize("password", ["", "password"])
def test_an_empty_or_weak_password_is_refused_and_nothing_is_made(monkeypatch, password):
    monkeypatch.setenv("FIRST_COORDINATOR_PASSWORD", password)
    with pytest.raises(CommandError):
        run(
            "priya@example.org",
            "--name",
            "Priya",
            "--password-from-env",
            "FIRST_COORDINATOR_PASSWORD",
        )
    assert not User.objects.filter(email="priya@example.org").exists()


@pytest.mark.parametrize("email", ["priya", "priya@", "priya@example org", "@example.org"])
def test_a_bad_email_address_is_refused_plainly_and_nothing_is_made(email):
    with pytest.raises(CommandError, match="is not an e-mail address"):
        run(email, "--name", "Priya", "--no-input")
    assert not User.objects.exists()


def test_without_a_name_and_nobody_to_ask_it_says_how_to_give_one():
    with pytest.raises(CommandError, match="--name"):
        run("priya@example.org", "--no-input")
    assert not User.objects.exists()


def test_an_existing_account_keeps_its_name_and_password_and_gains_the_role(client):
    make_user("priya@example.org")
    output = run("Priya@Example.org", "--name", "Someone Else", "--no-input")
    output += run("priya@example.org", "--no-input")  # and again: nothing doubles
    user = User.objects.get()
    assert user.display_name == "Priya" and is_coordinator(user.email)
    assert user.groups.count() == 1
    assert "already has an account" in output and "http" not in output
    assert client.login(email="priya@example.org", password=PASSWORD)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_at_a_terminal_it_asks_for_the_name_and_the_password(client, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Terminal("Priya Shah\n"))
    answers = iter([STRONG, STRONG])
    monkeypatch.setattr(
        "accounts.management.commands.createcoordinator.getpass", lambda prompt: next(answers)
    )
    run("priya@example.org")
    assert User.objects.get().display_name == "Priya Shah"
    assert client.login(email="priya@example.org", password=STRONG)


def test_at_a_terminal_two_different_passwords_change_nothing(monkeypatch):
    monkeypatch.setattr("sys.stdin", _Terminal("Priya Shah\n"))
    answers = iter([STRONG, STRONG + "x"])
    monkeypatch.setattr(
        "accounts.management.commands.createcoordinator.getpass", lambda prompt: next(answers)
    )
    with pytest.raises(CommandError, match="differ"):
        run("priya@example.org")
    assert not User.objects.exists()
