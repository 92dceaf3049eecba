"""Handles that people choose: each person starts with a form of their name (never the part
of their e-mail address before the @, which mentions used until now)."""

from django.db import migrations, models

from accounts import handles


def derive_from_names(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    Organisation = apps.get_model("directory", "Organisation")
    taken = set(Organisation.objects.values_list("slug", flat=True))
    for user in User.objects.order_by("pk").only("display_name", "first_name", "last_name"):
        name = user.display_name or f"{user.first_name} {user.last_name}".strip()
        base, n = handles.from_name(name), 1
        while handles.numbered(base, n) in taken:
            n += 1
        handle = handles.numbered(base, n)
        taken.add(handle)
        User.objects.filter(pk=user.pk).update(handle=handle)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("directory", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="handle",
            field=models.CharField(max_length=30, null=True),
        ),
        migrations.RunPython(derive_from_names, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="user",
            name="handle",
            field=models.CharField(
                help_text="What others type after @ to mention this person; a form of their name.",
                max_length=30,
                unique=True,
            ),
        ),
    ]
