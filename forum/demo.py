"""Demo discussions, threaded, by the demo accounts.

Idempotent: categories and threads are found by slug or title, and a thread's posts are
written only when the thread is new.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.models import PrivateGroup, User
from directory.models import Organisation, Service
from forum.models import Category, Post, Thread, Watch

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


def demo_people() -> dict[str, User]:
    """The demo accounts by role (those that exist), keyed "member", "orgadmin" and so on."""
    emails = {
        "member": "member@example.org",
        "member2": "member2@example.org",
        "orgadmin": "orgadmin@example.org",
        "coordinator": "coordinator@example.org",
        "editor": "editor@example.org",
    }
    found = {u.email: u for u in User.objects.filter(email__in=emails.values())}
    return {key: found[email] for key, email in emails.items() if email in found}


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


def seed(stdout) -> None:
    people = demo_people()
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
    stdout.write(f"  forum: {len(categories)} categories, {len(threads)} discussions")
