from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from search import outbox, synonyms
        from search.indexes import load_all
        from search.models import Synonym

        load_all()
        outbox.connect()
        post_save.connect(lambda **kw: synonyms.forget(), sender=Synonym, weak=False)
        post_delete.connect(lambda **kw: synonyms.forget(), sender=Synonym, weak=False)
