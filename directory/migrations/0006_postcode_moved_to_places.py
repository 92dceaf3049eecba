# Postcode now lives in the places app (see places/migrations/0001_initial.py); its table
# stays where it is, and its content type (with its permissions and admin history) goes
# with it.

from django.db import migrations


def move_content_type(apps, schema_editor, old="directory", new="places"):
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.using(schema_editor.connection.alias)
    if content_types.filter(app_label=old, model="postcode").exists():
        # After a roll-back, migrate made an empty twin for the other side: the one that
        # carries the history wins.
        content_types.filter(app_label=new, model="postcode").delete()
        content_types.filter(app_label=old, model="postcode").update(app_label=new)


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, old="places", new="directory")


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("directory", "0005_shortlist_sharing"),
        ("places", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Postcode")],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
