"""The demo's agreed referral pathway, drafted from the forum's car wash discussion and
signed off by the admins of every organisation taking part.

Idempotent: the pathway is found by its slug and version, and built only when it is new.
Run after the forum's demo, which writes the discussion it comes from.
"""

from __future__ import annotations

from datetime import date, timedelta

from accounts.models import Membership, User
from directory.models import Organisation, Service
from forum.demo import demo_people
from forum.models import Thread
from pathways.models import Pathway, PathwayStep

SOURCE_THREAD = ("referral-pathways", "Pathway for adults found at car washes")

# Extra organisation admins, so every participating organisation can sign the pathway off.
SIGN_OFF_ADMINS = [
    ("police.admin@example.org", "DS Helen Marsh", "essex-police-modern-slavery-unit"),
    ("council.admin@example.org", "Rob Adeyemi", "colchester-city-council-safeguarding"),
]


def _sign_off_admins() -> list[User]:
    from allauth.account.models import EmailAddress

    from core.management.commands.seed_demo import DEMO_PASSWORD

    admins = []
    for email, name, org_slug in SIGN_OFF_ADMINS:
        organisation = Organisation.objects.filter(slug=org_slug).first()
        if organisation is None:
            continue
        user, created = User.objects.get_or_create(
            email=email, defaults={"display_name": name, "job_title": "Organisation admin"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        Membership.objects.update_or_create(
            user=user, organisation=organisation, defaults={"role": Membership.Role.ADMIN}
        )
        admins.append(user)
    return admins


def _pathway(thread: Thread | None, people: dict[str, User], admins: list[User]) -> Pathway:
    slugs = [
        "colne-valley-refuge-trust",
        "essex-police-modern-slavery-unit",
        "colchester-city-council-safeguarding",
    ]
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=slugs)}
    pathway, created = Pathway.objects.get_or_create(
        slug="adults-found-at-car-washes",
        version=1,
        defaults={
            "title": "Adults found at hand car washes",
            "summary": "What happens, in order, when an inspection or a visit to a hand car "
            "wash finds adults who may be victims of labour exploitation.",
            "area": "Colchester and north Essex",
            "age_group": Pathway.AgeGroup.ADULT,
            "exploitation_type": Pathway.Exploitation.LABOUR,
            "need_category": "Emergency accommodation and NRM referral",
            "emergency_route": "If anyone is in immediate danger, call 999 and ask for the "
            "police. Say you suspect modern slavery.",
            "review_date": date.today() + timedelta(days=365),
            "visibility": Pathway.Visibility.PUBLIC,
            "source_thread": thread,
            "created_by": people.get("member2"),
        },
    )
    if not created:
        return pathway
    pathway.participating_organisations.set(orgs.values())
    interpreting = Service.objects.filter(
        organisation__slug="north-essex-migrant-advice-centre", slug__icontains="interpret"
    ).first()
    safe_house = Service.objects.filter(
        organisation__slug="colne-valley-refuge-trust", slug__icontains="safe"
    ).first()
    steps = [
        dict(
            action="Make sure everyone is safe",
            responsible_role="Whoever finds them",
            how_to_contact="Call 999 if anyone is in immediate danger.",
            when_to_contact="At once",
            timescale="Immediately",
            immediate_danger="yes",
        ),
        dict(
            action="Move people to a neutral place and book an interpreter",
            responsible_organisation=orgs.get("essex-police-modern-slavery-unit"),
            responsible_role="Modern slavery unit duty officer",
            is_nrm_first_responder=True,
            how_to_contact="Police non-emergency 101, ask for the modern slavery unit.",
            when_to_contact="Same day",
            timescale="Within 4 hours",
            services=[interpreting],
        ),
        dict(
            action="Offer emergency accommodation",
            responsible_organisation=orgs.get("colne-valley-refuge-trust"),
            responsible_role="Refuge duty manager",
            how_to_contact="Duty line (members: see the directory entry).",
            when_to_contact="Any time, day or night",
            timescale="Same night",
            consent_given="yes",
            services=[safe_house],
        ),
        dict(
            action="Refer into the NRM",
            responsible_organisation=orgs.get("colchester-city-council-safeguarding"),
            responsible_role="Adult safeguarding NRM lead",
            is_nrm_first_responder=True,
            how_to_contact="Online NRM referral; tell the unit the reference.",
            when_to_contact="Next working day",
            timescale="Within 48 hours",
            consent_given="yes",
            age_condition="adult",
        ),
        dict(
            action="Send the duty to notify (MS1) and keep support open",
            responsible_organisation=orgs.get("colchester-city-council-safeguarding"),
            responsible_role="Adult safeguarding NRM lead",
            how_to_contact="Home Office duty to notify form, no personal details.",
            when_to_contact="Next working day",
            timescale="Within 48 hours; outreach for 7 days",
            consent_given="no",
            age_condition="adult",
        ),
    ]
    for order, step in enumerate(steps, start=1):
        services = [s for s in step.pop("services", []) if s]
        created_step = PathwayStep.objects.create(pathway=pathway, order=order, **step)
        created_step.linked_services.set(services)
    pathway.status = Pathway.Status.PROPOSED
    pathway.save(update_fields=["status"])
    signers = {m.organisation_id: m.user for m in _admin_memberships(admins, people)}
    for organisation in orgs.values():
        if organisation.pk in signers:
            pathway.sign_off(organisation, signers[organisation.pk])
    return pathway


def _admin_memberships(admins, people):
    users = [*admins, people.get("orgadmin")]
    return Membership.objects.filter(
        user__in=[u for u in users if u], role=Membership.Role.ADMIN
    ).select_related("user")


def seed(stdout) -> None:
    people = demo_people()
    admins = _sign_off_admins()
    category, title = SOURCE_THREAD
    thread = Thread.objects.filter(category__slug=category, title=title).first()
    pathway = _pathway(thread, people, admins)
    stdout.write(f"  pathways: '{pathway.title}' ({pathway.get_status_display().lower()})")
