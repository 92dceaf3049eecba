"""Helpers the per-app document builders share."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import strip_tags

SUMMARY_LENGTH = 300


def audiences_of(obj) -> list[str]:
    """The model's own ``audiences()``; nobody, when it has none yet."""
    method = getattr(obj, "audiences", None)
    return sorted(method()) if callable(method) else []


def text(*parts) -> str:
    """Join the non-empty parts as plain text (rich text and Markdown lose their tags)."""
    cleaned = []
    for part in parts:
        if part is None or part == "":
            continue
        if not isinstance(part, str):
            part = str(part)
        cleaned.append(re.sub(r"\s+", " ", strip_tags(part)).strip())
    return "\n".join(p for p in cleaned if p)


def summary(*parts, length: int = SUMMARY_LENGTH) -> str:
    joined = text(*parts).replace("\n", " ")
    if len(joined) <= length:
        return joined
    return joined[:length].rsplit(" ", 1)[0] + "…"


def unique(values: Iterable) -> list:
    return list(dict.fromkeys(v for v in values if v))


def point(latitude, longitude) -> dict | None:
    if latitude is None or longitude is None:
        return None
    return {"lat": round(float(latitude), 6), "lon": round(float(longitude), 6)}


def suggestion(*inputs: str, weight: int = 1) -> dict:
    return {"input": unique(i.strip()[:200] for i in inputs if i and i.strip()), "weight": weight}
