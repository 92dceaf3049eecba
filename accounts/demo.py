"""Demo accounts, one per role, all with the demo password."""

from django.contrib.auth.models import Group

from accounts import policy
from accounts.models import Membership, User
from directory.models import Organisation

# (e-mail, name, job title, organisation slug, membership role, site group)
ACCOUNTS = [
    (
        "member@example.org",
        "Amira Haddad",
        "Caseworker",
        "colne-valley-refuge-trust",
        "member",
        None,
    ),
    (
        "member2@example.org",
        "Tom Walsh",
        "Immigration adviser",
        "north-essex-migrant-advice-centre",
        "member",
        None,
    ),
    (
        "orgadmin@example.org",
        "Grace Okafor",
        "Services manager",
        "colne-valley-refuge-trust",
        "admin",
        None,
    ),
    (
        "coordinator@example.org",
        "Priya Shah",
        "Community coordinator",
        "colchester-city-council-safeguarding",
        "member",
        policy.COORDINATORS,
    ),
    (
        "editor@example.org",
        "Dan Hughes",
        "Communications officer",
        "colchester-city-council-safeguarding",
        "member",
        policy.EDITORS,
    ),
]


def seed(stdout, *, password: str) -> None:
    from allauth.account.models import EmailAddress

    for email, name, job_title, org_slug, role, group_name in ACCOUNTS:
        user, created = User.objects.get_or_create(
            email=email, defaults={"display_name": name, "job_title": job_title}
        )
        if created:
            user.set_password(password)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        organisation = Organisation.objects.get(slug=org_slug)
        Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
    stdout.write(f"  accounts: {len(ACCOUNTS)} demo accounts (password: {password})")
