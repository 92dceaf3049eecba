from collections.abc import Mapping
from typing import Any

from django import template

from search.params import SearchParams
from search.results import Hit

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any], key: Any) -> Any:
    return mapping.get(key, "")


@register.simple_tag
def languages_of(hit: Hit, params: SearchParams) -> list[tuple[str, bool]]:
    """A hit's languages as (name, searched for), those searched for first: by the language
    filter, or by name among the search's words ("Albanian interpreter")."""
    words = {word.lower() for word in params.q.split()}
    asked = {name.lower() for name in params.filters.get("languages", [])} | words
    named = [(name, name.lower() in asked) for name in hit.extra.get("languages", [])]
    return sorted(named, key=lambda pair: not pair[1])
