"""The pathways' content types move with them: the rows Django made for forum.pathway and
the others are relabelled, so everything that points at them by content type (Wagtail's
revisions, log entries and reference index, permissions given to groups) keeps working.

On a new database there is nothing to relabel: Django creates the pathways' content types
after the migrations have run.
"""

from django.db import migrations

MODELS = ["pathway", "pathwaystep", "pathwaydocument", "signoff"]


def relabel(source, target):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        content_types = ContentType.objects.using(schema_editor.connection.alias)
        # A row already made for the target (never the case in a plain `migrate`) is left
        # alone rather than merged.
        taken = content_types.filter(app_label=target, model__in=MODELS).values("model")
        content_types.filter(app_label=source, model__in=MODELS).exclude(
            model__in=taken
        ).update(app_label=target)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('pathways', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(relabel("forum", "pathways"), relabel("pathways", "forum")),
    ]
