"""A fictional network for Colchester and north Essex: every name, number and address is
made up. Deterministic (fixed data, no randomness) and idempotent (run it again and
nothing changes)."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.text import slugify

from directory.models import (
    Area,
    Category,
    Language,
    Location,
    Organisation,
    Postcode,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
)

NAMESPACE = uuid.UUID("6f1c2a4e-7d3b-4c55-9a0e-5b8f0c9d1e21")


def stable_uuid(*parts: str) -> uuid.UUID:
    """The same demo record keeps the same Open Referral id on every run."""
    return uuid.uuid5(NAMESPACE, "/".join(parts))


# --- taxonomy ------------------------------------------------------------------------

CATEGORIES = [
    ("accommodation", "Accommodation and safe houses", None),
    ("safe-houses", "Safe houses", "accommodation"),
    ("emergency-accommodation", "Emergency accommodation", "accommodation"),
    ("move-on-housing", "Move-on housing", "accommodation"),
    ("legal-immigration", "Legal and immigration advice", None),
    ("immigration-advice", "Immigration advice", "legal-immigration"),
    ("legal-aid", "Legal aid and criminal justice", "legal-immigration"),
    ("health", "Health", None),
    ("sexual-health", "Sexual health", "health"),
    ("mental-health", "Mental health", None),
    ("interpreting", "Interpreting", None),
    ("employment-benefits", "Employment and benefits", None),
    ("children-young-people", "Children and young people", None),
    ("victim-support", "Victim support and advocacy", None),
    ("independent-advocacy", "Independent advocacy", "victim-support"),
    ("nrm-first-responders", "NRM first responders", None),
    ("police-reporting", "Police and reporting", None),
    ("substance-misuse", "Substance misuse", None),
    ("financial-support", "Financial support", None),
    ("education-language", "Education and language classes", None),
    ("esol", "English classes (ESOL)", "education-language"),
]

AREAS = [
    ("colchester", "Colchester"),
    ("tendring", "Tendring (Clacton, Harwich, Frinton)"),
    ("braintree", "Braintree district (Braintree, Witham, Halstead)"),
    ("maldon", "Maldon district"),
    ("north-essex", "North Essex"),
    ("essex", "All of Essex"),
]

LANGUAGES = [
    ("en", "English"),
    ("sq", "Albanian"),
    ("vi", "Vietnamese"),
    ("ro", "Romanian"),
    ("pl", "Polish"),
    ("ti", "Tigrinya"),
    ("ar", "Arabic"),
    ("ku", "Kurdish"),
    ("fa", "Farsi"),
    ("lt", "Lithuanian"),
    ("bg", "Bulgarian"),
    ("pt", "Portuguese"),
    ("zh", "Mandarin Chinese"),
    ("am", "Amharic"),
    ("ur", "Urdu"),
    ("uk", "Ukrainian"),
    ("ru", "Russian"),
    ("es", "Spanish"),
    ("fr", "French"),
    ("so", "Somali"),
]

# Postcode districts (centres) for the demo area, and the full postcodes its entries use.
DISTRICTS = {
    "CO1": (51.8892, 0.9042),
    "CO2": (51.8740, 0.8930),
    "CO3": (51.8860, 0.8640),
    "CO4": (51.9060, 0.9270),
    "CO5": (51.8050, 0.8400),
    "CO6": (51.9210, 0.8030),
    "CO7": (51.8560, 0.9640),
    "CO8": (51.9720, 0.7720),
    "CO9": (51.9450, 0.6400),
    "CO10": (52.0380, 0.7300),
    "CO11": (51.9430, 1.0630),
    "CO12": (51.9350, 1.2700),
    "CO13": (51.8320, 1.2400),
    "CO14": (51.8490, 1.2680),
    "CO15": (51.7900, 1.1550),
    "CO16": (51.8100, 1.1200),
    "CM7": (51.8780, 0.5530),
    "CM8": (51.8000, 0.6400),
    "CM9": (51.7310, 0.6780),
}

# town key -> (town, district, area slug)
TOWNS = {
    "colchester": ("Colchester", "CO1", "colchester"),
    "colchester-south": ("Colchester", "CO2", "colchester"),
    "lexden": ("Colchester", "CO3", "colchester"),
    "highwoods": ("Colchester", "CO4", "colchester"),
    "tiptree": ("Tiptree", "CO5", "colchester"),
    "mersea": ("West Mersea", "CO5", "colchester"),
    "wivenhoe": ("Wivenhoe", "CO7", "colchester"),
    "halstead": ("Halstead", "CO9", "braintree"),
    "manningtree": ("Manningtree", "CO11", "tendring"),
    "harwich": ("Harwich", "CO12", "tendring"),
    "frinton": ("Frinton-on-Sea", "CO13", "tendring"),
    "walton": ("Walton-on-the-Naze", "CO14", "tendring"),
    "clacton": ("Clacton-on-Sea", "CO15", "tendring"),
    "st-osyth": ("St Osyth", "CO16", "tendring"),
    "braintree": ("Braintree", "CM7", "braintree"),
    "witham": ("Witham", "CM8", "braintree"),
    "maldon": ("Maldon", "CM9", "maldon"),
}

STREETS = [
    "High Street",
    "Crouch Street",
    "Station Road",
    "Church Lane",
    "Queen Street",
    "Mill Road",
    "Victoria Road",
    "Park Road",
    "North Hill",
    "Harbour Way",
]

# --- services: templates by kind ---------------------------------------------------------
# key -> name, categories, description, options
SERVICE_KINDS: dict[str, tuple[str, list[str], str, dict]] = {
    "safe_house_women": (
        "Emergency safe house for women",
        ["safe-houses", "emergency-accommodation"],
        "Same-night safe accommodation for women (and their children) who have escaped "
        "trafficking or exploitation. Staffed around the clock, with caseworkers and "
        "access to interpreters.",
        {"gender": "women", "available_24_7": True, "confidential": True, "minimum_age": 18},
    ),
    "safe_house_men": (
        "Safe house for men",
        ["safe-houses", "emergency-accommodation"],
        "Safe accommodation for adult men referred as potential victims of modern slavery, "
        "with support to enter the National Referral Mechanism.",
        {"gender": "men", "available_24_7": True, "confidential": True, "minimum_age": 18},
    ),
    "outreach": (
        "Outreach and casework",
        ["victim-support", "independent-advocacy"],
        "Caseworkers meet survivors where they feel safe, help with appointments, benefits "
        "and housing, and stay alongside them through the NRM.",
        {"self_referral": True},
    ),
    "immigration_advice": (
        "Free immigration advice",
        ["immigration-advice"],
        "Regulated (OISC level 3) immigration advice: asylum, leave to remain for victims of "
        "trafficking, family reunion and appeals.",
        {"self_referral": True, "typical_wait": "1 to 2 weeks"},
    ),
    "legal_clinic": (
        "Legal advice clinic",
        ["legal-aid"],
        "Drop-in clinic with solicitors for criminal, housing and employment law questions; "
        "can advise on the statutory defence for victims of trafficking (section 45).",
        {"self_referral": True, "typical_wait": "Next clinic"},
    ),
    "interpreting": (
        "Telephone and face-to-face interpreting",
        ["interpreting"],
        "Trained interpreters for appointments with police, health and advice services, "
        "including trauma-informed interpreting for survivors.",
        {"typical_wait": "Same day by phone, 48 hours in person", "cost": "Charged to agencies"},
    ),
    "counselling": (
        "Trauma counselling",
        ["mental-health"],
        "Trauma-focused counselling for survivors of exploitation, with interpreters where needed.",
        {"typical_wait": "About 4 weeks"},
    ),
    "gp_access": (
        "Health drop-in and GP registration help",
        ["health"],
        "Nurse-led drop-in for people not registered with a GP, with help to register; no "
        "proof of address or immigration status is needed.",
        {"self_referral": True},
    ),
    "sexual_health": (
        "Sexual health outreach",
        ["sexual-health"],
        "Confidential sexual health testing and advice, including outreach to people working "
        "in the sex industry.",
        {"self_referral": True},
    ),
    "esol": (
        "English classes (ESOL)",
        ["esol"],
        "Free English classes from beginner to intermediate, with a creche on weekday mornings.",
        {"self_referral": True, "minimum_age": 16},
    ),
    "employment": (
        "Employment and benefits advice",
        ["employment-benefits", "financial-support"],
        "Help to claim Universal Credit, open a bank account, find safe work and understand "
        "employment rights.",
        {"self_referral": True},
    ),
    "food_bank": (
        "Food bank and emergency grants",
        ["financial-support"],
        "Food parcels, toiletries and small emergency grants; referral vouchers from any "
        "member agency.",
        {"self_referral": False},
    ),
    "youth": (
        "Young people's support",
        ["children-young-people", "victim-support"],
        "Support for young people at risk of criminal exploitation (county lines) and child "
        "trafficking, working with schools and social care.",
        {"minimum_age": 11, "maximum_age": 25},
    ),
    "substance": (
        "Drug and alcohol service",
        ["substance-misuse"],
        "Assessment, harm reduction and treatment for people whose exploitation involved "
        "drugs or alcohol.",
        {"self_referral": True, "typical_wait": "About 1 week"},
    ),
    "nrm_first_responder": (
        "NRM referrals (first responder)",
        ["nrm-first-responders"],
        "Our trained staff can complete a National Referral Mechanism referral or a Duty to "
        "Notify for a potential victim of modern slavery.",
        {"available_24_7": False},
    ),
    "police_reporting": (
        "Report modern slavery",
        ["police-reporting", "nrm-first-responders"],
        "Report concerns about exploitation. In an emergency always call 999. Officers are "
        "NRM first responders.",
        {"available_24_7": True, "self_referral": True},
    ),
    "move_on": (
        "Move-on housing",
        ["move-on-housing"],
        "Supported housing for survivors leaving safe houses, with a tenancy support worker.",
        {"typical_wait": "6 to 10 weeks"},
    ),
    "emergency_housing": (
        "Emergency housing assessment",
        ["emergency-accommodation"],
        "Homelessness assessment and emergency accommodation; out-of-hours line for people "
        "with nowhere safe to stay tonight.",
        {"available_24_7": True, "self_referral": True, "immigration_status": "recourse"},
    ),
    "safeguarding": (
        "Adult safeguarding",
        ["victim-support", "nrm-first-responders"],
        "Safeguarding enquiries for adults at risk of exploitation; NRM first responder.",
        {"self_referral": True},
    ),
    "children_safeguarding": (
        "Children's safeguarding and social care",
        ["children-young-people", "nrm-first-responders"],
        "Referrals about children at risk of trafficking or exploitation; all children are "
        "referred into the NRM without consent.",
        {"available_24_7": True, "maximum_age": 17},
    ),
    "worker_welfare": (
        "Worker welfare line",
        ["employment-benefits", "police-reporting"],
        "A confidential line for workers in the sector to raise concerns about pay, "
        "accommodation or controlling behaviour.",
        {"self_referral": True},
    ),
    "faith_drop_in": (
        "Community drop-in and hot meals",
        ["financial-support", "victim-support"],
        "A warm welcome, hot meals, clothes and a listening ear; volunteers trained to spot "
        "the signs of exploitation.",
        {"self_referral": True},
    ),
    "advocacy": (
        "Independent modern slavery advocacy",
        ["independent-advocacy"],
        "Independent advocates who support survivors through police investigations and court.",
        {},
    ),
}

# name, slug, type, town key, languages, NRM first responder, service kinds, description
ORGANISATIONS: list[tuple[str, str, str, str, list[str], bool, list[str], str]] = [
    (
        "Colne Valley Refuge Trust",
        "colne-valley-refuge-trust",
        "charity",
        "colchester",
        ["en", "sq", "ro", "vi", "pl"],
        False,
        ["safe_house_women", "safe_house_men", "outreach", "move_on"],
        "Safe houses and outreach for adult survivors of modern slavery.",
    ),
    (
        "North Essex Migrant Advice Centre",
        "north-essex-migrant-advice-centre",
        "charity",
        "colchester-south",
        ["en", "sq", "ar", "ti", "ku", "fa"],
        False,
        ["immigration_advice", "legal_clinic", "employment"],
        "Free immigration and legal advice, with interpreters.",
    ),
    (
        "Essex Police Modern Slavery Unit",
        "essex-police-modern-slavery-unit",
        "police",
        "colchester",
        ["en"],
        True,
        ["police_reporting", "nrm_first_responder", "advocacy"],
        "Investigates trafficking and supports victims through the criminal justice process.",
    ),
    (
        "Colchester City Council Safeguarding",
        "colchester-city-council-safeguarding",
        "council",
        "colchester",
        ["en"],
        True,
        ["safeguarding", "emergency_housing", "children_safeguarding"],
        "Adult and child safeguarding, NRM first responder for the council.",
    ),
    (
        "Lighthouse Salvation Fellowship",
        "lighthouse-salvation-fellowship",
        "faith",
        "colchester",
        ["en", "ro", "pl", "bg"],
        True,
        ["safe_house_women", "faith_drop_in", "nrm_first_responder", "outreach"],
        "A Christian charity running safe houses and drop-ins; a designated NRM first responder.",
    ),
    (
        "Tendring District Council Housing Options",
        "tendring-council-housing-options",
        "council",
        "clacton",
        ["en"],
        True,
        ["emergency_housing", "safeguarding", "move_on"],
        "Homelessness and housing options for Tendring; NRM first responder.",
    ),
    (
        "Braintree District Council Community Safety",
        "braintree-council-community-safety",
        "council",
        "braintree",
        ["en"],
        True,
        ["emergency_housing", "safeguarding", "nrm_first_responder"],
        "Community safety partnership and housing team for Braintree, Witham and Halstead.",
    ),
    (
        "Essex County Children's Services (North)",
        "essex-childrens-services-north",
        "council",
        "colchester",
        ["en"],
        True,
        ["children_safeguarding", "youth", "nrm_first_responder"],
        "Children's social care for north Essex, with a specialist exploitation team.",
    ),
    (
        "East Anglia Women's Aid Network",
        "east-anglia-womens-aid-network",
        "charity",
        "lexden",
        ["en", "ar", "ur", "pl"],
        False,
        ["safe_house_women", "counselling", "outreach"],
        "Refuges and outreach for women escaping abuse and exploitation.",
    ),
    (
        "Albanian Community Link Essex",
        "albanian-community-link-essex",
        "charity",
        "colchester",
        ["sq", "en"],
        False,
        ["interpreting", "outreach", "esol"],
        "Run by and for the Albanian community: interpreting, befriending and English classes.",
    ),
    (
        "Saigon Bridge Vietnamese Association",
        "saigon-bridge-vietnamese-association",
        "charity",
        "colchester-south",
        ["vi", "en"],
        False,
        ["interpreting", "outreach", "employment"],
        "Support for Vietnamese people in Essex, including young people found in cannabis "
        "farms and nail bars.",
    ),
    (
        "Carpathia Romanian Support Centre",
        "carpathia-romanian-support-centre",
        "charity",
        "clacton",
        ["ro", "bg", "en"],
        False,
        ["employment", "interpreting", "faith_drop_in"],
        "Advice and advocacy for Romanian and Bulgarian workers in Tendring.",
    ),
    (
        "Polska Pomoc North Essex",
        "polska-pomoc-north-essex",
        "charity",
        "witham",
        ["pl", "lt", "en"],
        False,
        ["employment", "outreach", "interpreting"],
        "Polish and Lithuanian community advice, with a focus on labour exploitation.",
    ),
    (
        "Horn of Africa Welcome Project",
        "horn-of-africa-welcome-project",
        "charity",
        "colchester",
        ["ti", "am", "ar", "so", "en"],
        False,
        ["interpreting", "outreach", "esol"],
        "Welcome, befriending and interpreting for Eritrean, Ethiopian and Sudanese people.",
    ),
    (
        "Sanctuary Legal Chambers",
        "sanctuary-legal-chambers",
        "business",
        "colchester",
        ["en", "ar", "fa", "ku"],
        False,
        ["immigration_advice", "legal_clinic"],
        "Legal aid solicitors for immigration, asylum and trafficking cases.",
    ),
    (
        "Essex Interpreting Cooperative",
        "essex-interpreting-cooperative",
        "business",
        "witham",
        ["sq", "vi", "ro", "pl", "ti", "ar", "ku", "fa", "lt", "bg", "pt", "zh", "uk", "ru"],
        False,
        ["interpreting"],
        "A cooperative of qualified community interpreters covering twenty languages.",
    ),
    (
        "North East Essex Mental Health Partnership",
        "north-east-essex-mental-health",
        "health",
        "highwoods",
        ["en"],
        False,
        ["counselling", "gp_access"],
        "NHS community mental health services, including a trauma pathway for survivors.",
    ),
    (
        "Colchester Hospital Safeguarding Team",
        "colchester-hospital-safeguarding",
        "health",
        "highwoods",
        ["en"],
        True,
        ["safeguarding", "sexual_health", "gp_access"],
        "Hospital safeguarding nurses; can make NRM referrals through the trust.",
    ),
    (
        "Clacton Community Health Hub",
        "clacton-community-health-hub",
        "health",
        "clacton",
        ["en", "ro", "pl"],
        False,
        ["gp_access", "sexual_health", "substance"],
        "Drop-in health services for people who find it hard to use a GP.",
    ),
    (
        "Open Road Recovery",
        "open-road-recovery",
        "charity",
        "colchester-south",
        ["en", "pl"],
        False,
        ["substance", "counselling"],
        "Drug and alcohol recovery service for north Essex.",
    ),
    (
        "Harwich Haven Seafarers' Mission",
        "harwich-haven-seafarers-mission",
        "faith",
        "harwich",
        ["en", "ru", "uk", "pt", "es"],
        False,
        ["worker_welfare", "faith_drop_in", "interpreting"],
        "Welfare for seafarers and port workers at Harwich, alert to forced labour at sea.",
    ),
    (
        "Port of Harwich Border Welfare Service",
        "harwich-border-welfare-service",
        "charity",
        "harwich",
        ["en", "sq", "vi", "ar", "ku", "fa"],
        True,
        ["nrm_first_responder", "outreach", "interpreting"],
        "Meets people found in lorries and at the port, with interpreters on call.",
    ),
    (
        "Wivenhoe Quayside Housing Association",
        "wivenhoe-quayside-housing",
        "housing",
        "wivenhoe",
        ["en"],
        False,
        ["move_on", "employment"],
        "Small housing association with supported flats for survivors.",
    ),
    (
        "Greenstead Homes Housing Association",
        "greenstead-homes",
        "housing",
        "highwoods",
        ["en"],
        False,
        ["move_on", "emergency_housing"],
        "Social housing across Colchester, with a tenancy sustainment team.",
    ),
    (
        "Tiptree & District Foodbank",
        "tiptree-district-foodbank",
        "faith",
        "tiptree",
        ["en"],
        False,
        ["food_bank", "faith_drop_in"],
        "Food bank and warm space for Tiptree and the villages.",
    ),
    (
        "Mersea Island Community Support",
        "mersea-island-community-support",
        "charity",
        "mersea",
        ["en"],
        False,
        ["food_bank", "outreach"],
        "Volunteer support on Mersea Island, working with seasonal and fishing workers.",
    ),
    (
        "Braintree Refugee Welcome",
        "braintree-refugee-welcome",
        "charity",
        "braintree",
        ["en", "ar", "uk", "fa"],
        False,
        ["esol", "faith_drop_in", "employment"],
        "Welcome, English classes and friendship for refugees in Braintree.",
    ),
    (
        "Witham Youth Trust",
        "witham-youth-trust",
        "charity",
        "witham",
        ["en"],
        False,
        ["youth", "counselling"],
        "Youth work and mentoring, with a county lines prevention project.",
    ),
    (
        "Halstead Community Advice",
        "halstead-community-advice",
        "charity",
        "halstead",
        ["en", "pl"],
        False,
        ["employment", "legal_clinic", "food_bank"],
        "Independent advice on benefits, debt, work and housing.",
    ),
    (
        "Maldon Citizens' Advice Point",
        "maldon-advice-point",
        "charity",
        "maldon",
        ["en"],
        False,
        ["employment", "legal_clinic"],
        "Free, confidential advice for people in the Maldon district.",
    ),
    (
        "Frinton & Walton Churches Together",
        "frinton-walton-churches-together",
        "faith",
        "frinton",
        ["en"],
        False,
        ["faith_drop_in", "food_bank"],
        "Churches working together on hospitality, food and befriending.",
    ),
    (
        "Walton Seafront Welfare Project",
        "walton-seafront-welfare",
        "charity",
        "walton",
        ["en", "ro", "bg"],
        False,
        ["outreach", "sexual_health"],
        "Street outreach in Walton and Clacton, including to people in sex work.",
    ),
    (
        "St Osyth Farmworkers' Support",
        "st-osyth-farmworkers-support",
        "charity",
        "st-osyth",
        ["en", "ro", "bg", "lt", "pl"],
        False,
        ["worker_welfare", "employment", "interpreting"],
        "Support for seasonal farm and packhouse workers.",
    ),
    (
        "Essex Fresh Produce Growers' Group",
        "essex-fresh-produce-growers",
        "business",
        "tiptree",
        ["en", "ro", "bg"],
        False,
        ["worker_welfare"],
        "Growers committed to ethical recruitment, with a worker welfare line.",
    ),
    (
        "Colne Hand Car Wash Standards Scheme",
        "colne-car-wash-standards",
        "business",
        "colchester-south",
        ["en", "sq", "ku", "ro"],
        False,
        ["worker_welfare"],
        "A scheme of hand car washes signed up to fair work checks.",
    ),
    (
        "North Essex Hospitality Employers' Forum",
        "north-essex-hospitality-forum",
        "business",
        "colchester",
        ["en"],
        False,
        ["worker_welfare", "employment"],
        "Hotels and restaurants working to keep exploitation out of the sector.",
    ),
    (
        "Manningtree Rural Outreach",
        "manningtree-rural-outreach",
        "charity",
        "manningtree",
        ["en"],
        False,
        ["outreach", "food_bank"],
        "Outreach across the Dedham Vale and Stour villages.",
    ),
    (
        "Beacon Independent Advocacy",
        "beacon-independent-advocacy",
        "charity",
        "colchester",
        ["en", "sq", "vi", "ro"],
        False,
        ["advocacy", "outreach"],
        "Independent advocates for survivors of modern slavery across Essex.",
    ),
    (
        "Essex Victim Care Service",
        "essex-victim-care-service",
        "police",
        "witham",
        ["en"],
        True,
        ["advocacy", "counselling", "police_reporting"],
        "Commissioned by the Police, Fire and Crime Commissioner to support victims of crime.",
    ),
    (
        "Red Lantern Support for Chinese Workers",
        "red-lantern-support",
        "charity",
        "colchester",
        ["zh", "en"],
        False,
        ["interpreting", "outreach", "sexual_health"],
        "Mandarin-speaking outreach to workers in massage parlours and takeaways.",
    ),
    (
        "Colchester ESOL Partnership",
        "colchester-esol-partnership",
        "charity",
        "lexden",
        ["en"],
        False,
        ["esol"],
        "Community English classes at six venues across Colchester.",
    ),
    (
        "Stour Valley Children's Refuge",
        "stour-valley-childrens-refuge",
        "charity",
        "colchester-south",
        ["en", "vi", "sq"],
        False,
        ["youth", "safe_house_women"],
        "Safe accommodation and support for young people and mothers with children.",
    ),
    (
        "Brightwater Recruitment (suspended)",
        "brightwater-recruitment",
        "business",
        "clacton",
        ["en"],
        False,
        ["worker_welfare"],
        "A recruitment agency whose membership is suspended pending a review.",
    ),
]

SUSPENDED = {"brightwater-recruitment"}
EXTRA_KINDS = ["outreach", "employment", "counselling", "esol", "interpreting", "food_bank"]


def kinds_for(index: int, kinds: list[str]) -> list[str]:
    """At least three services each: smaller organisations also offer general support."""
    padded = list(kinds)
    offset = index
    while len(padded) < 3:
        kind = EXTRA_KINDS[offset % len(EXTRA_KINDS)]
        offset += 1
        if kind not in padded:
            padded.append(kind)
    return padded


def _phone(index: int, line: int = 0) -> str:
    return f"01206 {500000 + index * 37 + line * 7:06d}"[:12]


def _seed_taxonomy() -> dict[str, Category]:
    taxonomy, _ = Taxonomy.objects.update_or_create(
        uuid=stable_uuid("taxonomy", "waymark"),
        defaults={
            "name": "Waymark anti-trafficking services",
            "description": "Service categories used by the network.",
            "version": "1",
        },
    )
    categories: dict[str, Category] = {}
    for slug, name, parent in CATEGORIES:
        categories[slug], _ = Category.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": categories.get(parent) if parent else None,
                "taxonomy": taxonomy,
                "uuid": stable_uuid("category", slug),
            },
        )
    return categories


def _seed_postcodes() -> None:
    for district, (lat, lon) in DISTRICTS.items():
        Postcode.objects.update_or_create(
            postcode=district, defaults={"is_district": True, "latitude": lat, "longitude": lon}
        )


def _location_postcode(district: str, index: int) -> tuple[str, float, float]:
    lat, lon = DISTRICTS[district]
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    postcode = f"{district} {1 + index % 9}{letters[index % 20]}{letters[(index * 7) % 20]}"
    # Spread entries around their district's centre, a few hundred metres apart.
    return postcode, lat + ((index * 13) % 11 - 5) * 0.0012, lon + ((index * 7) % 11 - 5) * 0.0018


def seed(stdout) -> None:
    categories = _seed_taxonomy()
    areas = {}
    for slug, name in AREAS:
        areas[slug], _ = Area.objects.update_or_create(
            slug=slug, defaults={"name": name, "uuid": stable_uuid("area", slug)}
        )
    languages = {}
    for code, name in LANGUAGES:
        languages[code], _ = Language.objects.update_or_create(code=code, defaults={"name": name})
    _seed_postcodes()

    today = timezone.localdate()
    service_count = 0
    for index, (name, slug, org_type, town_key, langs, nrm, kinds, description) in enumerate(
        ORGANISATIONS
    ):
        town, district, area_slug = TOWNS[town_key]
        # Every seventh entry is overdue for review, so coordinators have something to do.
        overdue = index % 7 == 6
        verified_on = today - timedelta(days=400 + index if overdue else 30 + index * 7)
        organisation, _ = Organisation.objects.update_or_create(
            slug=slug,
            defaults={
                "uuid": stable_uuid("organisation", slug),
                "name": name,
                "description": description,
                "organisation_type": org_type,
                "website": f"https://{slug}.example.org/",
                "email": f"hello@{slug}.example.org",
                "phone": _phone(index),
                "charity_number": f"11{index:05d}" if org_type in {"charity", "faith"} else "",
                "company_number": f"0{index + 8800000}" if org_type == "business" else "",
                "nrm_first_responder": nrm,
                "secure_email": f"referrals@{slug}.cjsm.example.net",
                "members_notes": "Call ahead before sending anyone in person.",
                "status": Organisation.Status.SUSPENDED
                if slug in SUSPENDED
                else Organisation.Status.ACTIVE,
                "verified_at": timezone.make_aware(datetime.combine(verified_on, time(10))),
                "next_review_due": verified_on + timedelta(days=365),
                "live": True,
            },
        )
        organisation.areas.set([areas[area_slug], areas["north-essex"]])
        organisation.languages.set([languages[code] for code in langs])
        organisation.save()  # parental many-to-many changes are written on save

        postcode, lat, lon = _location_postcode(district, index)
        main, _ = Location.objects.update_or_create(
            organisation=organisation,
            name=f"{name} office",
            defaults={
                "uuid": stable_uuid("location", slug, "office"),
                "address_1": f"{index + 2} {STREETS[index % len(STREETS)]}",
                "town": town,
                "postcode": postcode,
                "latitude": lat,
                "longitude": lon,
                "accessibility": "Step-free entrance; hearing loop at reception."
                if index % 3
                else "Two steps at the entrance; ring the bell for the portable ramp.",
            },
        )
        Postcode.objects.update_or_create(
            postcode=postcode, defaults={"is_district": False, "latitude": lat, "longitude": lon}
        )
        safe_house = None
        if any(kind.startswith("safe_house") for kind in kinds):
            sh_postcode, sh_lat, sh_lon = _location_postcode(district, index + 50)
            safe_house, _ = Location.objects.update_or_create(
                organisation=organisation,
                name="Safe house",
                defaults={
                    "uuid": stable_uuid("location", slug, "safe-house"),
                    "address_1": f"{index + 40} {STREETS[(index + 3) % len(STREETS)]}",
                    "town": town,
                    "postcode": sh_postcode,
                    "latitude": sh_lat,
                    "longitude": sh_lon,
                    "is_confidential": True,
                    "front_door": "Referrals by phone only; we arrange a safe meeting point.",
                    "accessibility": "Ground-floor bedroom available.",
                },
            )

        for position, kind in enumerate(kinds_for(index, kinds)):
            service_count += 1
            _seed_service(
                organisation,
                index,
                position,
                kind,
                main=main,
                safe_house=safe_house,
                categories=categories,
                languages=[languages[code] for code in langs],
                areas=[areas[area_slug]],
                today=today,
            )
    stdout.write(
        f"  directory: {len(ORGANISATIONS)} organisations, {service_count} services, "
        f"{Postcode.objects.count()} postcodes"
    )


def _seed_service(
    organisation, index, position, kind, *, main, safe_house, categories, languages, areas, today
):
    name, category_slugs, description, options = SERVICE_KINDS[kind]
    slug = slugify(name)
    phone = _phone(index, position + 1)
    accepting = (index + position) % 9 != 4
    status = Service.Status.TEMPORARILY_CLOSED if (index + position) % 23 == 11 else "active"
    # The demo's key journey: Colne Valley's women's safe house in CO1 takes referrals tonight.
    if organisation.slug == "colne-valley-refuge-trust":
        accepting, status = True, Service.Status.ACTIVE
    service, _ = Service.objects.update_or_create(
        organisation=organisation,
        slug=slug,
        defaults={
            "uuid": stable_uuid("service", organisation.slug, slug),
            "name": name,
            "description": description,
            "status": status,
            "url": f"https://{organisation.slug}.example.org/{slug}/",
            "email": f"{slug[:20]}@{organisation.slug}.example.org",
            "phone": phone,
            "minimum_age": options.get("minimum_age"),
            "maximum_age": options.get("maximum_age"),
            "gender": options.get("gender", Service.Gender.ANY),
            "immigration_status": options.get("immigration_status", "any"),
            "nrm_requirement": "none",
            "self_referral": options.get("self_referral", False),
            "professional_referral": True,
            "referral_phone": phone,
            "referral_email": f"referrals@{organisation.slug}.example.org",
            "referral_contact_name": "Duty caseworker",
            "referral_instructions": "Tell us the person's first language, any safety concerns "
            "and whether they have agreed to the referral.",
            "accepting_referrals": accepting,
            "available_24_7": options.get("available_24_7", False),
            "typical_wait": options.get("typical_wait", "Same day" if accepting else ""),
            "direct_referral_line": f"07700 9{index:02d}{position}{index % 10}0"[:12],
            "secure_email": f"{slug[:20]}@{organisation.slug}.cjsm.example.net",
            "members_notes": "Out of hours, the direct line is answered by the on-call manager."
            if options.get("available_24_7")
            else "",
            "cost": options.get("cost", "Free"),
            "is_free": "cost" not in options,
            "last_reviewed": today - timedelta(days=20 + index * 5 + position),
            "live": True,
        },
    )
    service.categories.set([categories[c] for c in category_slugs])
    service.languages.set(languages)
    service.service_areas.set(areas)
    service.tags.set(["modern slavery", kind.replace("_", " ")])
    service.save()
    location = safe_house if kind.startswith("safe_house") and safe_house else main
    ServiceAtLocation.objects.update_or_create(
        service=service,
        location=location,
        defaults={"uuid": stable_uuid("sal", str(service.uuid), str(location.uuid))},
    )
    ServiceAtLocation.objects.filter(service=service).exclude(location=location).delete()
    if not options.get("available_24_7"):
        Schedule.objects.update_or_create(
            service=service,
            sort_order=0,
            defaults={
                "uuid": stable_uuid("schedule", str(service.uuid)),
                "byday": "MO,TU,WE,TH,FR",
                "opens_at": time(9, 0),
                "closes_at": time(17, 0) if position % 2 == 0 else time(16, 30),
                "description": "Closed on bank holidays.",
            },
        )
    else:
        Schedule.objects.filter(service=service).delete()
