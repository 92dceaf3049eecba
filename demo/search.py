"""The demo network's everyday phrases (search.models.EverydayPhrase), one set per need."""

from __future__ import annotations

from django.core.management.base import OutputWrapper

from demo.load import read
from directory.models import Category
from search.models import EverydayPhrase


def seed(stdout: OutputWrapper) -> None:
    entries = read("search")["everyday_phrases"]
    categories = Category.objects.in_bulk(field_name="slug")
    for entry in entries:
        phrase, _ = EverydayPhrase.objects.update_or_create(
            note=entry["note"], defaults={"phrases": ", ".join(entry["phrases"])}
        )
        phrase.categories.set([categories[slug] for slug in entry["categories"]])
    stdout.write(f"  search: {len(entries)} sets of everyday phrases")
