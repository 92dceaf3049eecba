"""The demo people from ``data/accounts.json``: one per role, and the organisation admins who
sign the demo pathway off, all with the demo password."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management.base import OutputWrapper

from accounts import policy
from accounts.models import Membership, User
from demo.load import read
from directory.models import Organisation

DEMO_PASSWORD = "waymark-demo"
SITE_ROLES = {"coordinator": policy.COORDINATORS, "editor": policy.EDITORS}


def seed(stdout: OutputWrapper, *, password: str = DEMO_PASSWORD) -> None:
    people = read("accounts")
    for person in people:
        user, created = User.objects.get_or_create(
            email=person["email"],
            defaults={"display_name": person["name"], "job_title": person["job_title"]},
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.update_or_create(
            user=user,
            organisation=Organisation.objects.get(slug=person["organisation"]),
            defaults={"role": person["role"]},
        )
        if person["site_role"]:
            # The groups themselves are made by migrate (accounts.roles).
            user.groups.add(Group.objects.get(name=SITE_ROLES[person["site_role"]]))
    stdout.write(f"  accounts: {len(people)} demo accounts (password: {password})")
