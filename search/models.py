from django.db import models
from django.utils import timezone


class IndexUpdate(models.Model):
    """One queued change to the search index: the outbox.

    Written in the same transaction as the change it describes, and removed only once
    Elasticsearch has applied it, so a crash or an outage loses nothing.
    """

    class Action(models.TextChoices):
        INDEX = "index", "Index"
        DELETE = "delete", "Delete"

    index = models.CharField(max_length=50)
    object_id = models.CharField(max_length=64)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.INDEX)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["index", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.index}:{self.object_id}"


class Synonym(models.Model):
    """A group of terms that mean the same to a referrer, applied when a query runs."""

    terms = models.TextField(
        help_text=(
            "Words or phrases that mean the same thing, one per line or separated by commas, "
            'for example "modern slavery, human trafficking".'
        )
    )
    note = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["terms"]

    def __str__(self) -> str:
        return " = ".join(self.phrases())

    def phrases(self) -> list[str]:
        raw = self.terms.replace("\n", ",").split(",")
        return [" ".join(part.lower().split()) for part in raw if part.strip()]


class EverydayPhrase(models.Model):
    """How people ask for a kind of service in their own words ("somewhere to sleep
    tonight"), and the directory categories that answer it. Applied when a query runs, as
    the thesaurus is, so an edit needs no reindex."""

    phrases = models.TextField(
        help_text=(
            "Everyday ways of asking, one per line or separated by commas, for example "
            '"somewhere to sleep, nowhere to stay". A search that contains every word of one '
            'of them (small words such as "to" aside, in any order) ranks the categories '
            "below first."
        )
    )
    categories = models.ManyToManyField(
        "directory.Category",
        related_name="+",
        help_text="Categories whose services and organisations answer these phrases.",
    )
    note = models.CharField(max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["phrases"]

    def __str__(self) -> str:
        return ", ".join(self.phrase_list())

    def phrase_list(self) -> list[str]:
        raw = self.phrases.replace("\n", ",").split(",")
        return [" ".join(part.lower().split()) for part in raw if part.strip()]
