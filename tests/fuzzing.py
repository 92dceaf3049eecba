"""Schemathesis against Waymark's own Django app: in-process, bounded, repeatable.

Registered for the whole suite from the root conftest (``pytest_plugins``), so each app's
fuzz tests share one configuration: requests go to the WSGI app in this process (no
server, no network), against the test database; every run draws the same examples from a
fixed seed; a handful of values that once broke Waymark's parsers are mixed into what is
generated; and each example runs in its own savepoint.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import timedelta

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

SEED = 20260101
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
# Far above any answer's time here: only a request that hangs or runs away trips it.
DEADLINE = timedelta(seconds=10)
# Values that broke parsers before, mixed into what is generated for each type.
HOSTILE = {
    "string": [
        "\x00",
        "a\x00b",
        "²",
        "１",
        "nan",
        "inf",
        "1e400",
        "9223372036854775808",
        "00:00:00Z",
        "09:00+01:00",
        "2020-02-30",
        "9999-12-31T23:59:59-23:59",
        "51.88,0.90",
        " ",
    ],
    "integer": [0, -1, 2**31, 2**63, 10**30],
    "number": [1e308, -1e308, 5e-324, 1e16],
}


def load(raw: dict, base_path: str, *, max_examples: int):
    """An OpenAPI description (a dict) bound to the Django app, its paths under
    ``base_path``; valid requests are checked against the response schemas, invalid ones
    must get a 4xx."""
    config = schemathesis.Config.from_dict(
        {
            "seed": SEED,
            "suppress-health-check": ["all"],
            "generation": {
                "mode": "all",
                "max-examples": max_examples,
                "deterministic": True,
                "database": "none",
                "dictionaries": {
                    kind: {"dictionary": kind, "probability": 0.25} for kind in HOSTILE
                },
            },
            "dictionaries": {kind: {"values": values} for kind, values in HOSTILE.items()},
            "phases": {"stateful": {"enabled": False}},
        }
    )
    schema = schemathesis.openapi.from_dict({**raw, "servers": [{"url": base_path}]}, config=config)
    schema.app = get_wsgi_application()
    return schema


@contextmanager
def own_savepoint():
    """Each example in its own savepoint, so a database error in one (a 500 the checks
    report) cannot poison the transaction for the examples after it."""
    savepoint = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(savepoint)


@pytest.fixture
def in_process(db):
    """Call the WSGI app as Django's test client does: the test's database connection (and
    its transaction) stays open across requests."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
