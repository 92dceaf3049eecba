"""Elasticsearch documents: explicit mappings and analyzers.

Only what the server core provides (see DESIGN.md, "The search engine"): the standard
tokenizer, lowercase, stop, shingle and en_GB hunspell stemming; keyword fields for
filters and facets; geo_point; a completion field whose contexts are the document's
audiences.
Every content type shares one set of field names, so one query and one set of facets
run across all of them: an app's index (``<app>/search_index.py``) subclasses
``WaymarkDocument`` for its own documents.
"""

from typing import Any, Literal

from elasticsearch.dsl import (
    Boolean,
    Completion,
    Date,
    DateRange,
    Document,
    GeoPoint,
    IntegerRange,
    Keyword,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

en_gb_stems = token_filter("waymark_en_gb_stems", "hunspell", locale="en_GB", dedup=True)
english = analyzer(
    "waymark_english", tokenizer="standard", filter=["lowercase", "stop", en_gb_stems]
)
# Unstemmed words: exact-name matches, "did you mean" and suggestions as you type.
plain = analyzer("waymark_plain", tokenizer="standard", filter=["lowercase"])
# Typing errors are forgiven on unstemmed words: hunspell stems "accommodation" to
# "accommodate", three edits from "accomodation"; the unstemmed word is one edit away.
# A query's stop words are dropped there, so "to" does not find "face-to-face".
plain_search = analyzer("waymark_plain_search", tokenizer="standard", filter=["lowercase", "stop"])
PLAIN = Text(analyzer=plain, search_analyzer=plain_search)
lowercase = normalizer("waymark_lowercase", filter=["lowercase"])
# Words written together or apart: a name's ".joined" subfield holds its words and each
# pair of neighbours run together ("Farm Workers" -> "farmworkers"); a query's neighbours
# are run together the same way, so "farm workers" finds "Farmworkers" and "carwash" finds
# "Car Wash". A one-word query is kept as it is (there is no pair to join).
_pairs = {"min_shingle_size": 2, "max_shingle_size": 2, "token_separator": ""}
joined_index = analyzer(
    "waymark_joined",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter("waymark_word_pairs", "shingle", output_unigrams=True, **_pairs),
        en_gb_stems,
    ],
)
joined_search = analyzer(
    "waymark_joined_search",
    tokenizer="standard",
    filter=[
        "lowercase",
        token_filter(
            "waymark_query_pairs",
            "shingle",
            output_unigrams=False,
            output_unigrams_if_no_shingles=True,
            **_pairs,
        ),
        en_gb_stems,
    ],
)
JOINED = Text(analyzer=joined_index, search_analyzer=joined_search)


# Where each word is, kept with the word: results are highlighted from the index, rather than
# by analysing each hit's text again (hunspell's stemming made that the costliest part of
# highlighting; measured by `make bench`).
HIGHLIGHTED: Literal["offsets"] = "offsets"


def _english_text(joined: bool = False, **kwargs: Any) -> Text:
    fields = {"plain": PLAIN}
    if joined:
        fields["joined"] = JOINED
    return Text(analyzer=english, fields=fields, copy_to="spelling", **kwargs)


class WaymarkDocument(Document):
    """Fields every content type has. ``audiences`` decides who may ever see the document."""

    type = Keyword()
    object_id = Keyword()
    audiences = Keyword()
    title = Text(
        analyzer=english,
        copy_to="spelling",
        index_options=HIGHLIGHTED,
        fields={
            "plain": PLAIN,
            "joined": JOINED,
            "sort": Keyword(normalizer=lowercase),
        },
    )
    body = _english_text(index_options=HIGHLIGHTED)
    summary = Text(index=False)
    url = Keyword(index=False)
    # Facets and filters.
    categories = Keyword()
    category_text = _english_text()
    organisation = _english_text(joined=True)
    organisation_slug = Keyword()
    organisation_type = Keyword()
    areas = Keyword()
    languages = Keyword()
    # Languages, areas, towns and postcodes, searchable as words ("albanian", "CO1").
    places = Text(analyzer=plain, search_analyzer=plain_search, copy_to="spelling")
    # Every searchable word, unstemmed: what "did you mean" corrects towards.
    spelling = Text(analyzer=plain)
    # The directory's own filters: slugs and codes, and eligibility flags.
    category_slugs = Keyword()
    area_slugs = Keyword()
    language_codes = Keyword()
    eligibility = Keyword()
    accepting_referrals = Boolean()
    verified = Boolean()
    closed = Boolean()
    status = Keyword()
    locations = GeoPoint()
    # When a service is open: minutes of the week in London wall-clock time, and the London
    # dates it is closed (directory/opening.py); "open at" asks both.
    open_minutes = IntegerRange()
    closed_dates = DateRange(format="yyyy-MM-dd")
    updated_at = Date()
    suggest = Completion(
        analyzer=plain,
        preserve_separators=True,
        contexts=[{"name": "audience", "type": "category", "path": "audiences"}],
    )
