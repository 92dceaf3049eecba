"""Referral pathways move to the pathways app (its 0001_initial takes them over).

Only Django's migration state changes: the tables (forum_pathway, forum_pathwaystep,
forum_pathwaydocument, forum_signoff and the many-to-many tables) stay where they are, with
their rows, and the pathways models keep those names.
"""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('forum', '0002_pathway_documents_in_the_admin'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='SignOff'),
                migrations.DeleteModel(name='PathwayDocument'),
                migrations.DeleteModel(name='PathwayStep'),
                migrations.DeleteModel(name='Pathway'),
            ],
            database_operations=[],
        ),
    ]
