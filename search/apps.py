from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from django.utils.module_loading import autodiscover_modules

        from search import everyday, outbox, synonyms
        from search.models import EverydayPhrase, Synonym

        # Each content app registers its own indices in <app>/search_index.py.
        autodiscover_modules("search_index")
        outbox.connect()
        post_save.connect(lambda **kw: synonyms.forget(), sender=Synonym, weak=False)
        post_delete.connect(lambda **kw: synonyms.forget(), sender=Synonym, weak=False)
        for sender in (EverydayPhrase, "directory.Category"):  # a renamed category too
            post_save.connect(lambda **kw: everyday.forget(), sender=sender, weak=False)
            post_delete.connect(lambda **kw: everyday.forget(), sender=sender, weak=False)
        m2m_changed.connect(
            lambda **kw: everyday.forget(), sender=EverydayPhrase.categories.through, weak=False
        )
