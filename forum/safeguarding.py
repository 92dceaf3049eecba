"""A guard against publishing personal data of a potential victim.

It looks for the details that identify or reach a person (names with dates of birth,
UK phone numbers, e-mail addresses, full UK postcodes, passport and National Insurance
numbers). It errs on the side of asking: the author can confirm there is nothing
personal, and the same patterns mask notification e-mails.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = (
    r"(?:\d{1,2}[/.-]\d{1,2}[/.-](?:19|20)?\d{2}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTHS}\s+(?:19|20)\d{{2}})"
)
_NAME = r"(?:[A-Z][a-z'’-]+\s+){1,3}[A-Z][a-z'’-]+"

PATTERNS: list[tuple[str, re.Pattern]] = [
    (
        "a date of birth",
        re.compile(
            rf"(?:\b(?:d\.?o\.?b\.?|date of birth|born(?: on)?)\s*[:\-]?\s*{_DATE})",
            re.IGNORECASE,
        ),
    ),
    # A capitalised name followed closely by a full date reads as a person and their birthday.
    ("a name with a date", re.compile(rf"\b{_NAME}[\s,(]{{1,4}}(?:\w+\s+){{0,3}}{_DATE}")),
    (
        "an e-mail address",
        re.compile(r"\b[\w.+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)+\b", re.IGNORECASE),
    ),
    (
        "a phone number",
        re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?|\(?0)\d{2,4}\)?(?:[\s-]?\d){6,8}(?!\d)"),
    ),
    (
        "a full postcode",
        re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[ABD-HJLNP-UW-Z]{2}\b", re.IGNORECASE),
    ),
    (
        "a National Insurance number",
        re.compile(
            # Any two letters (including the QQ of examples): better to ask once too often.
            r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
            re.IGNORECASE,
        ),
    ),
    (
        "a passport number",
        re.compile(
            r"(?:\bpassport(?:\s+(?:no\.?|number))?\s*[:#]?\s*[A-Z0-9]{6,9}\b|(?<![\d/-])\b\d{9}\b)",
            re.IGNORECASE,
        ),
    ),
]

MASK = "[removed]"


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str


def find_personal_data(text: str) -> list[Finding]:
    findings = []
    seen = set()
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text or ""):
            key = (kind, match.group(0))
            if key not in seen:
                seen.add(key)
                findings.append(Finding(kind, match.group(0)))
    return findings


def kinds(findings: list[Finding]) -> list[str]:
    return sorted({f.kind for f in findings})


def mask(text: str) -> str:
    for _kind, pattern in PATTERNS:
        text = pattern.sub(MASK, text)
    return text
