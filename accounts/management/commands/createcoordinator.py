"""The first coordinator of a new install (or the coordinator role for an existing account)."""

import os
import sys
from argparse import ArgumentParser
from getpass import getpass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from accounts.models import User
from accounts.services import make_coordinator, set_password_url


class Command(BaseCommand):
    help = (
        "Makes EMAIL a coordinator, creating the account if needed. Without a password, "
        "prints a one-time link where they set their own."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="Their display name (asked if not given).")
        parser.add_argument(
            "--password-from-env",
            metavar="VARIABLE",
            help="Take the new account's password from this environment variable.",
        )
        parser.add_argument(
            "--no-input",
            "--noinput",
            action="store_false",
            dest="interactive",
            help="Ask nothing; without a password, print a link to set one.",
        )

    def handle(
        self,
        *args: Any,
        email: str,
        name: str,
        password_from_env: str | None,
        interactive: bool,
        **options: Any,
    ) -> None:
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not an e-mail address.") from None
        interactive = interactive and sys.stdin.isatty()
        if User.objects.filter(email__iexact=email).exists():
            user, _ = make_coordinator(email)
            self.stdout.write(f"{user.email} already has an account; it is now a coordinator.")
            if password_from_env:
                self.stdout.write("Their password is unchanged.")
        else:
            name = name.strip() or (input("Display name: ").strip() if interactive else "")
            if not name:
                raise CommandError("Give the coordinator's display name with --name.")
            password = self._password(email, name, password_from_env, interactive)
            user, _ = make_coordinator(email, display_name=name, password=password)
            self.stdout.write(f"Made {name} <{user.email}> a coordinator.")
        if not user.has_usable_password():
            self.stdout.write(
                "To choose a password, they open this link (it works once, "
                f"within a few days):\n\n    {set_password_url(user)}\n"
            )
        self.stdout.write(
            self.style.SUCCESS(
                "Their first visit to the admin (/admin/) will ask them to set up two-step "
                "sign-in with an authenticator app on their phone."
            )
        )

    def _password(
        self, email: str, name: str, variable: str | None, interactive: bool
    ) -> str | None:
        if variable:
            password = os.environ.get(variable, "")
            if not password:
                raise CommandError(f"The environment variable {variable} is empty or not set.")
        elif interactive:
            password = getpass("Password (leave empty to print a link instead): ")
            if password and password != getpass("Password again: "):
                raise CommandError("The two passwords differ; nothing was changed.")
        else:
            return None
        if password:
            try:
                validate_password(password, User(email=email, display_name=name))
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        return password or None
