"""A larger fictional network with a fixed seed, written with bulk inserts."""

from __future__ import annotations

import random

from django.db import transaction
from django.utils.text import slugify

WORDS = [
    "advice",
    "advocacy",
    "refuge",
    "shelter",
    "housing",
    "legal",
    "immigration",
    "interpreting",
    "counselling",
    "trauma",
    "outreach",
    "casework",
    "employment",
    "benefits",
    "food",
    "bank",
    "health",
    "clinic",
    "drop-in",
    "youth",
    "mentoring",
    "recovery",
    "support",
    "welfare",
    "safeguarding",
    "referral",
    "emergency",
    "accommodation",
    "night",
    "women",
    "men",
    "children",
    "families",
    "survivors",
    "exploitation",
    "labour",
    "farm",
    "port",
    "seafarers",
    "nail",
    "bar",
    "car",
    "wash",
    "hospitality",
    "cleaning",
    "construction",
    "agriculture",
    "debt",
    "bondage",
]
TOWNS = [
    ("Colchester", "CO1", 51.8892, 0.9042),
    ("Clacton", "CO15", 51.7898, 1.1535),
    ("Harwich", "CO12", 51.9417, 1.2844),
    ("Braintree", "CM7", 51.8787, 0.5527),
    ("Chelmsford", "CM1", 51.7356, 0.4685),
    ("Witham", "CM8", 51.8007, 0.6400),
    ("Maldon", "CM9", 51.7317, 0.6761),
    ("Halstead", "CO9", 51.9446, 0.6394),
]
LANGUAGES = [
    ("sq", "Albanian"),
    ("ro", "Romanian"),
    ("vi", "Vietnamese"),
    ("pl", "Polish"),
    ("ti", "Tigrinya"),
    ("ar", "Arabic"),
    ("zh", "Chinese"),
    ("en", "English"),
]
CATEGORIES = [
    "Safe houses",
    "Emergency accommodation",
    "Immigration advice",
    "Legal aid",
    "Interpreting",
    "Mental health",
    "Employment and benefits",
    "Victim support",
    "NRM first responders",
    "Substance misuse",
    "Health",
    "Children and young people",
]


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def generate(
    orgs: int, services: int, threads: int, posts: int, pages: int, seed: int = 42, log=print
) -> dict:
    from directory.models import (
        Category,
        Language,
        Location,
        Organisation,
        Service,
        ServiceAtLocation,
    )
    from forum.models import Category as ForumCategory
    from forum.models import Post, Thread

    rng = random.Random(seed)
    with transaction.atomic():
        categories = [
            Category.objects.get_or_create(slug=slugify(name), defaults={"name": name})[0]
            for name in CATEGORIES
        ]
        languages = [
            Language.objects.get_or_create(code=code, defaults={"name": name})[0]
            for code, name in LANGUAGES
        ]
        org_rows = [
            Organisation(
                name=f"{rng.choice(TOWNS)[0]} {rng.choice(WORDS).title()} "
                f"{rng.choice(['Trust', 'Project', 'Centre', 'Network', 'Association'])} {i}",
                slug=f"bench-org-{i}",
                description=sentence(rng, 18),
                organisation_type=rng.choice(["charity", "police", "council", "health", "housing"]),
                nrm_first_responder=rng.random() < 0.1,
            )
            for i in range(orgs)
        ]
        Organisation.objects.bulk_create(org_rows, batch_size=1000)
        org_rows = list(Organisation.objects.filter(slug__startswith="bench-org-").order_by("pk"))
        log(f"  {len(org_rows)} organisations")
        locations = []
        for i, org in enumerate(org_rows):
            town, district, lat, lon = TOWNS[i % len(TOWNS)]
            locations.append(
                Location(
                    organisation=org,
                    name=f"{town} office",
                    town=town,
                    postcode=f"{district} {rng.randint(1, 9)}AB",
                    latitude=lat + rng.uniform(-0.05, 0.05),
                    longitude=lon + rng.uniform(-0.05, 0.05),
                    public_latitude=None,
                    public_longitude=None,
                    is_confidential=False,
                )
            )
        for location in locations:
            location.public_latitude, location.public_longitude = (
                location.latitude,
                location.longitude,
            )
        Location.objects.bulk_create(locations, batch_size=1000)
        location_of = {
            loc.organisation_id: loc
            for loc in Location.objects.filter(organisation__slug__startswith="bench-org-")
        }
        service_rows = [
            Service(
                organisation=org_rows[i % len(org_rows)],
                name=f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} service",
                slug=f"bench-service-{i}",
                description=sentence(rng, 30),
                accepting_referrals=rng.random() < 0.8,
                status=rng.choice(["active"] * 9 + ["temporarily_closed"]),
            )
            for i in range(services)
        ]
        Service.objects.bulk_create(service_rows, batch_size=1000)
        service_rows = list(Service.objects.filter(slug__startswith="bench-service-"))
        Through = Service.categories.through
        Through.objects.bulk_create(
            [Through(service_id=s.pk, category_id=rng.choice(categories).pk) for s in service_rows],
            batch_size=5000,
            ignore_conflicts=True,
        )
        LangThrough = Service.languages.through
        LangThrough.objects.bulk_create(
            [
                LangThrough(service_id=s.pk, language_id=rng.choice(languages).pk)
                for s in service_rows
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        ServiceAtLocation.objects.bulk_create(
            [
                ServiceAtLocation(service_id=s.pk, location=location_of[s.organisation_id])
                for s in service_rows
            ],
            batch_size=5000,
        )
        log(f"  {len(service_rows)} services")
        forum_category, _ = ForumCategory.objects.get_or_create(
            slug="bench-forum", defaults={"name": "Bench forum", "access": "members"}
        )
        thread_rows = [
            Thread(category=forum_category, title=sentence(rng, 7)[:-1], slug=f"bench-thread-{i}")
            for i in range(threads)
        ]
        Thread.objects.bulk_create(thread_rows, batch_size=1000)
        thread_ids = list(
            Thread.objects.filter(slug__startswith="bench-thread-").values_list("pk", flat=True)
        )
        post_rows = []
        for i in range(posts):
            text = sentence(rng, 40)
            post_rows.append(
                Post(
                    thread_id=thread_ids[i % len(thread_ids)],
                    source=text,
                    html=f"<p>{text}</p>",
                    is_opening=i < len(thread_ids),
                )
            )
        Post.objects.bulk_create(post_rows, batch_size=5000)
        log(f"  {len(thread_ids)} threads, {len(post_rows)} posts")
    _pages(pages, rng, log)
    return {
        "organisations": orgs,
        "services": services,
        "threads": threads,
        "posts": posts,
        "pages": pages,
    }


def _pages(count: int, rng: random.Random, log) -> None:
    from wagtail.models import Page

    from guidance.models import GuidancePage

    root = Page.objects.filter(depth=2).first() or Page.get_first_root_node()
    for i in range(count):
        page = GuidancePage(
            title=sentence(rng, 5)[:-1],
            slug=f"bench-page-{i}",
            summary=sentence(rng, 20),
            live=True,
        )
        root.add_child(instance=page)
    log(f"  {count} pages")
