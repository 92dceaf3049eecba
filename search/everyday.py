"""Everyday phrases (search.models.EverydayPhrase): "somewhere to sleep tonight" ranks the
categories that answer it (emergency accommodation, night shelters) first. This build of
Elasticsearch has no synonym filter, so the vocabulary is matched here, when a query runs:
a phrase matches a query that contains each of its words (stop words aside), in any order.
"""

from __future__ import annotations

import re

from django.core.cache import cache

CACHE_KEY = "search:everyday:v1"
# Lucene's English stop words (the index's "stop" filter), and the words a request adds.
_STOP = (
    "a an and are as at be but by for if in into is it no not of on or such that the their "
    "then there these they this to was will with i me my we our need needs want please"
)
STOP_WORDS = frozenset(_STOP.split())
_WORD = re.compile(r"[^\W_]+")


def _normal(word: str) -> str:
    """A word as the vocabulary compares it: lowercased, apostrophes dropped, a plural "s" cut."""
    word = word.lower().replace("'", "").replace("’", "")
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def words(text: str) -> set[str]:
    """The words of ``text`` that count (stop words aside), as the vocabulary compares them."""
    normal = (_normal(word) for word in _WORD.findall(text.replace("'", "").replace("’", "")))
    return {word for word in normal if word not in STOP_WORDS}


def vocabulary() -> list[tuple[frozenset[str], tuple[str, ...]]]:
    """(the words of a phrase, the names of its categories) for every phrase."""
    cached: list[tuple[frozenset[str], tuple[str, ...]]] | None = cache.get(CACHE_KEY)
    if cached is None:
        from search.models import EverydayPhrase

        cached = []
        for entry in EverydayPhrase.objects.prefetch_related("categories"):
            names = tuple(sorted({category.name for category in entry.categories.all()}))
            for phrase in entry.phrase_list():
                if (phrase_words := words(phrase)) and names:
                    cached.append((frozenset(phrase_words), names))
        cache.set(CACHE_KEY, cached, 300)
    return cached


def forget() -> None:
    cache.delete(CACHE_KEY)


def match(query: str) -> tuple[list[tuple[str, ...]], str]:
    """The categories each everyday phrase in ``query`` asks for (one tuple per phrase), and
    the query's other words: "somewhere to sleep tonight" -> ([("Emergency accommodation",
    "Safe houses")], "tonight")."""
    typed = words(query)
    asked: list[tuple[str, ...]] = []
    used: set[str] = set()
    for phrase_words, names in vocabulary():
        if phrase_words <= typed:
            asked.append(names)
            used |= phrase_words
    if not asked:
        return [], query
    rest = " ".join(w for w in query.split() if not words(w) or not words(w) <= used)
    return asked, rest if words(rest) else ""


def categories_for(query: str) -> list[str]:
    """Names of the categories the query's everyday phrases ask for."""
    return list(dict.fromkeys(name for names in match(query)[0] for name in names))
