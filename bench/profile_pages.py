"""Where a page's time goes: for each of `make load`'s page groups, the median time (and CPU
time), the number of database queries and the functions that took the most time (cProfile), read in
process through Django's test client against `make load`'s database. The last group, "reply",
posts replies as the load test does (the POST alone, not the page it redirects to), each by the
next of the load test's members (so no one meets the rate limit): it adds posts to that database.

    LOAD_DATABASE_URL=... ELASTICSEARCH_URL=... .venv/bin/python bench/profile_pages.py [N]

Run after `make load` (it reads bench/results/load_targets.json); N is how many functions
to list per page (default 12).
"""

from __future__ import annotations

import cProfile
import io
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.load_settings")

import django  # noqa: E402

ROUNDS = 10


def pages(targets: dict) -> list[tuple[str, str, bool]]:
    return [
        ("home", "/", False),
        ("directory", f"/directory/?category={targets['categories'][0]}&near=CO1", False),
        ("organisation", targets["organisations"][0], False),
        ("service", targets["services"][0], False),
        ("search", "/search/?q=safe+house", False),
        ("search API", "/api/search?q=safe+house", False),
        ("pathways", "/pathways/", False),
        ("guidance", targets["guidance"][0], False),
        ("sign-in page", "/accounts/login/", False),
        ("forum index", "/forum/", True),
        ("thread", targets["threads"][0], True),
        ("reply form", targets["reply_threads"][0] + "reply/", True),
    ]


def replier(targets: dict):
    """Posts a reply to the thread at ``url``, each time as the next member (signed in and
    warmed up beforehand, so the timing is the request's own)."""
    from itertools import cycle

    from django.test import Client

    from accounts.models import User

    members = []
    for email in targets["members"]:
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(email=email))
        client.get("/forum/")
        members.append(client)
    turns = cycle(members)

    def reply(url: str):
        response = next(turns).post(url, {"source": "Thanks, we can take a referral this week."})
        assert response.status_code == 302, f"{url}: {response.status_code}"
        return response

    return reply


def main() -> None:
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User

    top = int(sys.argv[1]) if len(sys.argv) > 1 else 12
    targets = json.loads((ROOT / "bench" / "results" / "load_targets.json").read_text())
    anonymous = Client(HTTP_HOST="127.0.0.1")
    member = Client(HTTP_HOST="127.0.0.1")
    member.force_login(User.objects.get(email=targets["members"][0]))
    groups = [
        (name, url, lambda url, client=member if signed_in else anonymous: client.get(url))
        for name, url, signed_in in pages(targets)
    ]
    groups.append(("reply", targets["reply_threads"][0] + "reply/", replier(targets)))
    for name, url, request in groups:
        assert request(url).status_code in (200, 302), url  # warm up
        with CaptureQueriesContext(connection) as queries:
            request(url)
        query_count = len(queries)  # now: a reconnection (CONN_MAX_AGE) clears the log
        times, cpu = [], []
        for _ in range(ROUNDS):  # unprofiled: the profiler itself slows Python down
            started, started_cpu = time.perf_counter(), time.process_time()
            request(url)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - started_cpu)
        profile = cProfile.Profile()
        for _ in range(ROUNDS):
            profile.enable()
            request(url)
            profile.disable()
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(top * 4)
        print(
            f"\n=== {name} ({url}): median {statistics.median(times) * 1000:.1f} ms "
            f"({statistics.median(cpu) * 1000:.1f} ms of this process's CPU), "
            f"{query_count} queries"
        )
        interesting = [
            line
            for line in out.getvalue().splitlines()
            if ROOT.name in line or "site-packages" in line
        ]
        print("\n".join(interesting[: top * 2]))


if __name__ == "__main__":
    main()
