"""Fictional organisations for the Colchester and north Essex demo network."""

from directory.models import Organisation

ORGANISATIONS = [
    (
        "Colne Valley Refuge Trust",
        "colne-valley-refuge-trust",
        "Safe houses and outreach for adult survivors of modern slavery.",
    ),
    (
        "North Essex Migrant Advice Centre",
        "north-essex-migrant-advice-centre",
        "Free immigration and legal advice, with interpreters.",
    ),
    (
        "Essex Police Modern Slavery Unit",
        "essex-police-modern-slavery-unit",
        "Investigates trafficking and supports victims through the criminal justice process.",
    ),
    (
        "Colchester City Council Safeguarding",
        "colchester-city-council-safeguarding",
        "Adult and child safeguarding, NRM first responder for the council.",
    ),
]


def seed(stdout) -> None:
    for name, slug, description in ORGANISATIONS:
        Organisation.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description}
        )
    stdout.write(f"  directory: {len(ORGANISATIONS)} organisations")
