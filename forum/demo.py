"""Demo discussions (threaded, by the demo accounts) and one agreed referral pathway.

Idempotent: categories, threads and the pathway are found by slug or title, and a thread's
posts are written only when the thread is new.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.models import Membership, PrivateGroup, User
from directory.models import Organisation, Service
from forum.models import Category, Post, Thread, Watch
from pathways.models import Pathway, PathwayStep

CATEGORIES = [
    (
        "Open questions",
        "open-questions",
        Category.Access.PUBLIC,
        "Questions anyone can read: how the network works, spotting the signs, the NRM.",
    ),
    (
        "Referral pathways",
        "referral-pathways",
        Category.Access.MEMBERS,
        "Agreeing who does what, in what order, when a potential victim is found.",
    ),
    (
        "Practice and partnership",
        "practice",
        Category.Access.MEMBERS,
        "Day-to-day practice between member organisations: interpreters, beds, follow-up.",
    ),
    (
        "Police and NGO operational liaison",
        "operational-liaison",
        Category.Access.GROUP,
        "Closed: the police modern slavery unit and named NGO partners only.",
    ),
]

# Extra organisation admins, so every participating organisation can sign the pathway off.
SIGN_OFF_ADMINS = [
    ("police.admin@example.org", "DS Helen Marsh", "essex-police-modern-slavery-unit"),
    ("council.admin@example.org", "Rob Adeyemi", "colchester-city-council-safeguarding"),
]


def _service_link(org_slug: str, hint: str) -> str:
    service = (
        Service.objects.filter(organisation__slug=org_slug)
        .filter(Q(slug__icontains=hint) | Q(name__icontains=hint))
        .first()
    )
    if service is None:
        return ""
    return f"[{service.name}]({service.get_absolute_url()})"


def _threads(people: dict[str, User]) -> list[tuple[str, str, str, list]]:
    """(category slug, title, author, posts) where posts are (key, parent key, author, text)."""
    safe_house = _service_link("colne-valley-refuge-trust", "safe") or "the refuge's safe house"
    interpreting = (
        _service_link("north-essex-migrant-advice-centre", "interpret") or "our interpreting line"
    )
    return [
        (
            "referral-pathways",
            "Pathway for adults found at car washes",
            "member",
            [
                (
                    "op",
                    None,
                    "member",
                    "Three times this quarter a hand car wash inspection has found adults who may "
                    "be victims of labour exploitation, and each time we improvised.\n\n"
                    "Can we agree **who does what, in what order**? A first go:\n\n"
                    "1. Anyone in immediate danger: 999.\n"
                    "2. Police make the scene safe and call @colne-valley-refuge-trust "
                    "for emergency beds.\n"
                    "3. An NRM first responder sees each person within 24 hours.\n\n"
                    f"Beds would come from {safe_house}.",
                ),
                (
                    "police",
                    "op",
                    "coordinator",
                    "Broadly yes. One gap: the men often will not talk at the site. The unit "
                    "would rather move them to a neutral place first, then interview with an "
                    "interpreter present.",
                ),
                (
                    "advice",
                    "police",
                    "member2",
                    "Agreed on the neutral place. We can have an adviser there the next working "
                    "day to explain the NRM and what consent means for them. Most are Romanian "
                    f"or Vietnamese speakers, so book {interpreting} early.",
                ),
                (
                    "consent",
                    "advice",
                    "member",
                    "What happens if someone does **not** consent to the NRM? We still need a "
                    "step for them: the council's duty to notify (MS1) and an offer of support "
                    "outside the NRM.",
                ),
                (
                    "council",
                    "consent",
                    "orgadmin",
                    "Good catch. The council will send the duty-to-notify form for adults who "
                    "decline, and our outreach worker will keep the door open for a week.",
                ),
                (
                    "thanks",
                    "op",
                    "member2",
                    "I have drafted this into a pathway from this thread: please check the steps "
                    "and sign off for your organisation.",
                ),
            ],
        ),
        (
            "practice",
            "Interpreting for Vietnamese nationals at first contact",
            "member2",
            [
                (
                    "op",
                    None,
                    "member2",
                    "At first contact, people from Vietnam are often frightened of anyone who "
                    "seems official, including interpreters from their own community.\n\n"
                    "What has worked for you? Telephone interpreting, a specific dialect, a "
                    "female interpreter?",
                ),
                (
                    "phone",
                    "op",
                    "member",
                    "Telephone interpreting from outside the area helped: they worried less "
                    "about being recognised. Ask which region they are from; accents matter.",
                ),
                (
                    "gender",
                    "phone",
                    "coordinator",
                    "> they worried less about being recognised\n\n"
                    "Same experience at the council. We now always offer a choice of a male or "
                    "female interpreter, and say so before the call starts.",
                ),
                (
                    "training",
                    "op",
                    "editor",
                    "There is a spot-the-signs page for interpreters in the guidance section; "
                    "happy to add what you learn here.",
                ),
            ],
        ),
        (
            "open-questions",
            "How long does an NRM reasonable grounds decision take?",
            "member",
            [
                (
                    "op",
                    None,
                    "member",
                    "Partners outside the network keep asking us this. What should we tell them?",
                ),
                (
                    "answer",
                    "op",
                    "member2",
                    "The guidance says five working days for reasonable grounds; in practice "
                    "it has been longer. Tell them support starts once a referral is made.",
                ),
            ],
        ),
        (
            "operational-liaison",
            "Weekly liaison: car wash inspections in Colchester",
            "coordinator",
            [
                (
                    "op",
                    None,
                    "coordinator",
                    "Standing thread for the weekly call between the unit and the refuge. "
                    "No personal details here, please: use secure e-mail for those.",
                ),
                (
                    "beds",
                    "op",
                    "member",
                    "Two emergency beds free from Thursday; a third from next week.",
                ),
            ],
        ),
    ]


def _people() -> dict[str, User]:
    emails = {
        "member": "member@example.org",
        "member2": "member2@example.org",
        "orgadmin": "orgadmin@example.org",
        "coordinator": "coordinator@example.org",
        "editor": "editor@example.org",
    }
    found = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    return {key: found[email] for key, email in emails.items() if email in found}


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


def _write_thread(category, title, author, posts, people, started) -> Thread | None:
    thread, created = Thread.objects.get_or_create(
        category=category, title=title, defaults={"author": author, "created_at": started}
    )
    if not created:
        return thread
    made: dict[str, Post] = {}
    when = started
    for key, parent_key, author_key, text in posts:
        when = when + timedelta(hours=3)
        post = Post(
            thread=thread,
            parent=made.get(parent_key) if parent_key != "op" else None,
            author=people.get(author_key),
            source=text,
            created_at=when,
            is_opening=parent_key is None,
        )
        post.render()
        post.save()
        post.save_links()
        made[key] = post
        if post.author:
            Watch.objects.get_or_create(
                user=post.author, thread=thread, defaults={"level": "watching"}
            )
    thread.post_count = len(made)
    thread.last_post_at = when
    thread.save(update_fields=["post_count", "last_post_at"])
    return thread


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
    people = _people()
    admins = _sign_off_admins()
    police = Organisation.objects.filter(slug="essex-police-modern-slavery-unit").first()
    refuge = Organisation.objects.filter(slug="colne-valley-refuge-trust").first()
    group, _ = PrivateGroup.objects.get_or_create(
        name="Police and NGO operational liaison",
        defaults={"description": "The modern slavery unit and the refuge's operational staff."},
    )
    group.organisations.add(*[o for o in (police, refuge) if o])
    categories = {}
    for order, (name, slug, access, description) in enumerate(CATEGORIES, start=1):
        categories[slug], _ = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "access": access,
                "description": description,
                "order": order,
                "group": group if access == Category.Access.GROUP else None,
            },
        )
    started = timezone.now() - timedelta(days=10)
    threads = {}
    for slug, title, author_key, posts in _threads(people):
        threads[title] = _write_thread(
            categories[slug], title, people.get(author_key), posts, people, started
        )
        started += timedelta(days=2)
    pathway = _pathway(threads.get("Pathway for adults found at car washes"), people, admins)
    stdout.write(
        f"  forum: {len(categories)} categories, {len(threads)} discussions, "
        f"pathway '{pathway.title}' ({pathway.get_status_display().lower()})"
    )
