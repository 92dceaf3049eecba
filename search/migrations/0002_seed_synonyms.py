from django.db import migrations

SEED = [
    ("modern slavery, human trafficking, trafficking, exploitation", "Professional and everyday terms"),
    ("NRM, National Referral Mechanism", "Acronym"),
    ("safe house, refuge, safe accommodation, shelter", "Accommodation"),
    ("interpreter, translator, interpreting", "Language support"),
    ("legal advice, solicitor, lawyer, immigration advice", "Legal help"),
]


def seed(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms, note in SEED:
        Synonym.objects.get_or_create(terms=terms, defaults={"note": note})


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
