# Postcode moved here from the directory app. Its table, made by directory's 0003, keeps the
# name directory_postcode and its rows: this migration changes Django's state, not the
# database (directory's 0006 completes the move).

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("directory", "0005_shortlist_sharing"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Postcode",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("postcode", models.CharField(max_length=8, unique=True)),
                        ("is_district", models.BooleanField(default=False)),
                        ("latitude", models.FloatField()),
                        ("longitude", models.FloatField()),
                    ],
                    options={
                        "db_table": "directory_postcode",
                        "ordering": ["postcode"],
                    },
                ),
            ],
        ),
    ]
