"""The demo site's pages: guidance for three audiences, the NRM, referral pathways,
training resources, events and one members-only page. Safe to run again."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import RichText

from directory.models import Category, Organisation
from guidance.demo_files import preview_png, tiny_pdf
from guidance.models import (
    EventIndexPage,
    EventPage,
    FooterLink,
    GuidanceIndexPage,
    GuidancePage,
    Helpline,
    HomePage,
    ResourceIndexPage,
    ResourcePage,
)

HOME_INTRO = (
    "<p>Waymark brings together the organisations in Colchester and north Essex that work "
    "against modern slavery and human trafficking: find a trusted partner to refer to, agree "
    "referral pathways with other agencies, and learn to spot the signs.</p>"
)

HELPLINES = [
    (
        "Modern Slavery & Exploitation Helpline",
        "08000 121 700",
        "24 hours a day, 7 days a week",
        "Confidential advice for anyone with a concern, and for potential victims. "
        "Interpreters available.",
        "https://www.modernslaveryhelpline.org",
    ),
    (
        "Salvation Army victim referral line",
        "0800 808 3733",
        "24 hours a day",
        "Refers adult potential victims in England and Wales into safe support.",
        "https://www.salvationarmy.org.uk/modern-slavery",
    ),
    (
        "Crimestoppers",
        "0800 555 111",
        "24 hours a day",
        "Report information about crime anonymously.",
        "https://crimestoppers-uk.org",
    ),
]

FOOTER_LINKS = [
    ("Guidance", "/guidance/"),
    ("Training resources", "/resources/"),
    ("Events", "/events/"),
]


def _text(html: str) -> RichText:
    return RichText(html)


def _organisation(slug: str) -> Organisation | None:
    return Organisation.objects.filter(slug=slug).first()


def _contact(slug: str, note: str) -> list:
    organisation = _organisation(slug)
    return [("contact", {"organisation": organisation, "note": note})] if organisation else []


def _services(heading: str, *slugs: str) -> list:
    category = Category.objects.filter(slug__in=slugs).first()
    return (
        [("services", {"heading": heading, "category": category, "limit": 6})] if category else []
    )


def _upsert(parent: Page, model, slug: str, **fields) -> Page:
    """Create the page once; later runs leave editors' changes alone."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is not None:
        return page
    tags = fields.pop("audiences", [])
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    if tags:
        page.audience_tags.add(*tags)
    page.save_revision().publish()
    return page


def _signs_page(parent, slug, audience, title, summary, signs, where, extra=()):
    body = [
        ("heading", "Why it matters in your work"),
        ("text", _text(where)),
        (
            "signs",
            {
                "heading": "Signs to spot",
                "intro": "One sign on its own may mean nothing. Several together are a reason "
                "to ask, gently, and to report.",
                "signs": signs,
                "advice": _text(
                    "<p>Do not confront anyone you suspect of exploiting someone. "
                    "Note what you saw, when and where.</p>"
                ),
            },
        ),
        ("heading", "What to do"),
        (
            "callout",
            {
                "kind": "warning",
                "heading": "If someone is in immediate danger, call 999.",
                "text": _text("<p>If you cannot speak, call 999 then press 55 when asked.</p>"),
            },
        ),
        (
            "steps",
            {
                "heading": "",
                "steps": [
                    {
                        "title": "Note what you have seen",
                        "text": _text("<p>Dates, times, places, vehicles, descriptions.</p>"),
                    },
                    {
                        "title": "Call the Modern Slavery & Exploitation Helpline",
                        "text": _text(
                            "<p>08000 121 700, any time. They will advise and pass "
                            "information to the police and the council.</p>"
                        ),
                    },
                    {
                        "title": "Tell your safeguarding lead",
                        "text": _text("<p>Follow your organisation's safeguarding policy.</p>"),
                    },
                ],
            },
        ),
        ("heading", "Who can help locally"),
        *_contact(
            "essex-police-modern-slavery-unit",
            "For intelligence about exploitation in north Essex.",
        ),
        *_contact(
            "colchester-city-council-safeguarding",
            "For safeguarding concerns about an adult or a child in Colchester.",
        ),
        *extra,
    ]
    return _upsert(
        parent,
        GuidancePage,
        slug,
        title=title,
        summary=summary,
        body=body,
        audiences=[audience],
        search_description=summary,
    )


def seed_guidance(home: HomePage) -> GuidanceIndexPage:
    index = _upsert(
        home,
        GuidanceIndexPage,
        "guidance",
        title="Guidance",
        summary="How to spot the signs of modern slavery and where to refer.",
        intro="<p>Short, practical guidance for people whose work brings them into contact "
        "with potential victims of modern slavery and human trafficking.</p>",
    )
    _signs_page(
        index,
        "spot-the-signs-taxi-drivers",
        "taxi drivers",
        "Spot the signs: taxi and private hire drivers",
        "What taxi and private hire drivers may notice about passengers being exploited, "
        "and what to do.",
        [
            "Passengers who seem scared, confused or controlled by someone else",
            "Someone else pays, speaks for the passenger or holds their documents",
            "Regular pick-ups of different young people from the same address at night",
            "Groups of workers taken early in the morning to farms, car washes or factories",
            "Passengers who do not know where they are or the address they are going to",
        ],
        "<p>Drivers see people who are moved between places of work and accommodation, "
        "often at night. You may be the only outsider they meet.</p>",
    )
    _signs_page(
        index,
        "spot-the-signs-housing-officers",
        "housing officers",
        "Spot the signs: housing officers",
        "Signs of exploitation in tenancies, houses in multiple occupation and homelessness "
        "cases, and how to refer.",
        [
            "Many people living in one property, with mattresses in every room",
            "A tenant who never speaks for themselves, with a 'friend' always present",
            "Rent paid in cash by a third party, or deducted from wages",
            "Cuckooing: a vulnerable tenant's home taken over to sell drugs",
            "Locks on the outside of bedroom doors",
        ],
        "<p>Housing officers visit homes and see how people really live, which makes you "
        "well placed to notice control and overcrowding.</p>",
        extra=_services("Safe accommodation in the directory", "safe-accommodation", "housing"),
    )
    _signs_page(
        index,
        "spot-the-signs-health-staff",
        "health staff",
        "Spot the signs: health staff",
        "What GPs, nurses, midwives and A&E staff may notice, and how to refer a patient safely.",
        [
            "A patient accompanied by someone who insists on interpreting",
            "Old or untreated injuries, or injuries from work without protective equipment",
            "No GP registration, no ID, or unsure of their own address",
            "Repeated sexual health needs or pregnancies with no clear account",
            "Signs of malnutrition, dehydration or exhaustion",
        ],
        "<p>A health appointment may be the only time a victim is away from their exploiter. "
        "Always try to see the patient alone, with a professional interpreter.</p>",
    )
    nrm_body = [
        ("heading", "What the NRM is"),
        (
            "text",
            _text(
                "<p>The National Referral Mechanism (NRM) is the UK's framework for identifying "
                "potential victims of modern slavery and making sure they get support.</p>"
            ),
        ),
        ("heading", "Who can make a referral"),
        (
            "text",
            _text(
                "<p>Only designated <b>first responders</b> can refer: the police, local "
                "authorities, the Home Office, and some charities such as the Salvation Army. "
                "Adults must consent to be referred; children do not need to.</p>"
            ),
        ),
        (
            "callout",
            {
                "kind": "information",
                "heading": "Adults who do not want to enter the NRM",
                "text": _text(
                    "<p>Public authorities must still notify the Home Office anonymously "
                    "through the Duty to Notify.</p>"
                ),
            },
        ),
        ("heading", "What happens after a referral"),
        (
            "steps",
            {
                "heading": "",
                "steps": [
                    {
                        "title": "Referral",
                        "text": _text("<p>A first responder completes the online referral.</p>"),
                    },
                    {
                        "title": "Reasonable grounds decision",
                        "text": _text(
                            "<p>The Single Competent Authority decides whether there are "
                            "reasonable grounds to believe the person is a victim.</p>"
                        ),
                    },
                    {
                        "title": "Recovery period and support",
                        "text": _text(
                            "<p>At least 30 days of support: accommodation, advice, "
                            "counselling.</p>"
                        ),
                    },
                    {
                        "title": "Conclusive grounds decision",
                        "text": _text("<p>A final decision on whether the person is a victim.</p>"),
                    },
                ],
            },
        ),
        ("heading", "Questions people ask"),
        (
            "faq",
            {
                "heading": "Frequently asked questions",
                "items": [
                    {
                        "question": "Does a referral affect someone's immigration status?",
                        "answer": _text(
                            "<p>A referral is not an immigration application. Get advice from "
                            "a regulated immigration adviser.</p>"
                        ),
                    },
                    {
                        "question": "Can a child be referred without consent?",
                        "answer": _text(
                            "<p>Yes. Children do not need to consent, and must also be "
                            "referred to children's social care.</p>"
                        ),
                    },
                ],
            },
        ),
        *_contact(
            "north-essex-migrant-advice-centre",
            "Free, regulated immigration advice for people in or considering the NRM.",
        ),
    ]
    _upsert(
        index,
        GuidancePage,
        "national-referral-mechanism-explained",
        title="The National Referral Mechanism explained",
        summary="Who can refer, what consent means, and what happens after a referral.",
        body=nrm_body,
        audiences=["first responders", "safeguarding leads"],
        search_description="The NRM in plain English: who can refer and what happens next.",
    )
    pathways_body = [
        ("heading", "What a referral pathway is"),
        (
            "text",
            _text(
                "<p>A referral pathway says who does what, in what order, when a potential "
                "victim is found in Colchester or north Essex. Partners agree them on Waymark's "
                "forum and sign them off.</p>"
            ),
        ),
        ("heading", "Emergency accommodation tonight"),
        (
            "steps",
            {
                "heading": "",
                "steps": [
                    {
                        "title": "Make sure the person is safe now",
                        "text": _text("<p>Call 999 if anyone is in immediate danger.</p>"),
                    },
                    {
                        "title": "Call the Salvation Army referral line",
                        "text": _text("<p>0800 808 3733 arranges emergency safe housing.</p>"),
                    },
                    {
                        "title": "Tell the council's safeguarding team",
                        "text": _text("<p>They can act as first responder for the NRM.</p>"),
                    },
                ],
            },
        ),
        *_contact("colne-valley-refuge-trust", "Safe houses and outreach for adult survivors."),
        ("heading", "Agreed pathways"),
        (
            "text",
            _text(
                '<p>See the <a href="/pathways/">referral pathways</a> agreed by the network.</p>'
            ),
        ),
    ]
    _upsert(
        index,
        GuidancePage,
        "referral-pathways-guide",
        title="A guide to referral pathways",
        summary="How partners in Colchester and north Essex agree who does what when a "
        "potential victim is found.",
        body=pathways_body,
        audiences=["safeguarding leads"],
    )
    members_page = _upsert(
        index,
        GuidancePage,
        "members-multi-agency-contacts",
        title="Multi-agency contacts for members",
        summary="Out-of-hours contacts for partner agencies, for members of the network only.",
        body=[
            (
                "text",
                _text(
                    "<p>Direct lines and out-of-hours contacts are in each organisation's "
                    "members-only directory details.</p>"
                ),
            ),
            *_contact(
                "essex-police-modern-slavery-unit", "Out of hours, through the control room."
            ),
        ],
        audiences=["safeguarding leads"],
        show_exit_button=False,
    )
    if not PageViewRestriction.objects.filter(page=members_page).exists():
        PageViewRestriction.objects.create(
            page=members_page, restriction_type=PageViewRestriction.LOGIN
        )
    return index


RESOURCES = [
    # slug, title, kind, language, audiences, colour
    (
        "taxi-drivers-poster",
        "Spot the signs poster for taxi drivers",
        "poster",
        "en",
        ["taxi drivers"],
        (76, 44, 146),
    ),
    (
        "housing-officers-leaflet",
        "Exploitation in tenancies: leaflet for housing officers",
        "leaflet",
        "en",
        ["housing officers"],
        (0, 94, 165),
    ),
    (
        "health-staff-training-pack",
        "Modern slavery training pack for health staff",
        "training-pack",
        "en",
        ["health staff"],
        (0, 112, 60),
    ),
    (
        "know-your-rights-polish",
        "Know your rights at work (Polish)",
        "leaflet",
        "pl",
        ["workers"],
        (212, 53, 28),
    ),
    (
        "know-your-rights-romanian",
        "Know your rights at work (Romanian)",
        "leaflet",
        "ro",
        ["workers"],
        (212, 53, 28),
    ),
    (
        "first-responder-toolkit",
        "First responder toolkit for the NRM",
        "toolkit",
        "en",
        ["first responders", "safeguarding leads"],
        (80, 90, 95),
    ),
]


def seed_resources(home: HomePage) -> None:
    Document, Image = get_document_model(), get_image_model()
    index = _upsert(
        home,
        ResourceIndexPage,
        "resources",
        title="Training resources",
        summary="Posters, leaflets and training packs to download and share.",
        intro="<p>Free to print and share. Ask us for copies in other languages.</p>",
    )
    for slug, title, kind, language, audiences, colour in RESOURCES:
        if ResourcePage.objects.child_of(index).filter(slug=slug).exists():
            continue
        pdf = tiny_pdf(title, ["Waymark, Colchester & North Essex", "Helpline 08000 121 700"])
        document = Document(title=title, file=ContentFile(pdf, name=f"{slug}.pdf"))
        document.file_size = len(pdf)
        document.save()
        image = Image.objects.create(
            title=f"Preview: {title}", file=ContentFile(preview_png(title, colour), f"{slug}.png")
        )
        _upsert(
            index,
            ResourcePage,
            slug,
            title=title,
            summary=f"A {dict(ResourcePage.Kind.choices)[kind].lower()} to print or share.",
            kind=kind,
            language=language,
            document=document,
            preview_image=image,
            audiences=audiences,
        )


def seed_events(home: HomePage) -> None:
    index = _upsert(
        home,
        EventIndexPage,
        "events",
        title="Events",
        summary="Training sessions, conferences and monitoring visits across north Essex.",
        intro="<p>Training is free for staff of member organisations and partners.</p>",
    )
    today = timezone.localdate()

    def at(days: int, hour: int, minutes: int = 0) -> datetime:
        return timezone.make_aware(
            datetime.combine(today + timedelta(days=days), time(hour, minutes))
        )

    events = [
        (
            "spot-the-signs-training-taxi",
            "Spot the signs: training for taxi drivers",
            "training",
            at(14, 18),
            at(14, 20),
            "Colchester Town Hall",
            "High Street\nColchester\nCO1 1PJ",
            "https://example.org/book/taxi-training",
            None,
            ["taxi drivers"],
        ),
        (
            "north-essex-conference",
            "North Essex anti-slavery conference",
            "conference",
            at(45, 9, 30),
            at(45, 16, 30),
            "Colchester Community Stadium",
            "United Way\nColchester\nCO4 5UP",
            "",
            120,
            ["safeguarding leads", "first responders"],
        ),
        (
            "car-wash-monitoring-visits",
            "Monitoring visits: hand car washes",
            "monitoring",
            at(-20, 10),
            at(-20, 15),
            "Colchester and Tendring",
            "",
            "",
            12,
            ["partners"],
        ),
        (
            "nrm-first-responder-training",
            "NRM first responder training",
            "training",
            at(-60, 13),
            at(-60, 16),
            "Online (Microsoft Teams)",
            "",
            "",
            40,
            ["first responders"],
        ),
    ]
    for slug, title, kind, start, end, venue, address, booking, capacity, audiences in events:
        _upsert(
            index,
            EventPage,
            slug,
            title=title,
            summary=f"{dict(EventPage.Kind.choices)[kind]} for partners in north Essex.",
            kind=kind,
            start=start,
            end=end,
            venue=venue,
            address=address,
            booking_url=booking,
            capacity=capacity,
            audiences=audiences,
        )


def seed_snippets() -> None:
    for order, (name, phone, hours, description, website) in enumerate(HELPLINES):
        Helpline.objects.update_or_create(
            name=name,
            defaults={
                "phone": phone,
                "hours": hours,
                "description": description,
                "website": website,
                "sort_order": order,
            },
        )
    for order, (title, url) in enumerate(FOOTER_LINKS):
        FooterLink.objects.update_or_create(title=title, defaults={"url": url, "sort_order": order})


def seed(stdout) -> None:
    seed_snippets()
    home = HomePage.objects.get(depth=2)
    guidance = seed_guidance(home)
    seed_resources(home)
    seed_events(home)
    if not home.intro or not home.quick_links:
        home.intro = home.intro or HOME_INTRO
        home.quick_links = [
            (
                "link",
                {"audience": audience, "page": page, "description": description},
            )
            for audience, slug, description in (
                (
                    "Taxi and private hire drivers",
                    "spot-the-signs-taxi-drivers",
                    "Passengers who may be under someone else's control.",
                ),
                (
                    "Housing officers",
                    "spot-the-signs-housing-officers",
                    "Overcrowding, cuckooing and control in tenancies.",
                ),
                (
                    "Health staff",
                    "spot-the-signs-health-staff",
                    "Seeing patients alone and referring safely.",
                ),
                (
                    "Safeguarding leads",
                    "national-referral-mechanism-explained",
                    "The National Referral Mechanism in plain English.",
                ),
            )
            if (page := GuidancePage.objects.child_of(guidance).filter(slug=slug).first())
        ]
        home.save_revision().publish()
    stdout.write(
        f"  guidance: {GuidancePage.objects.live().count()} guidance pages, "
        f"{ResourcePage.objects.live().count()} resources, "
        f"{EventPage.objects.live().count()} events"
    )
