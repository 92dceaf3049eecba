"""`make load`: fifty people at once against the production-like stack, on loopback.

Seeds a database of its own (the demo network, then bench/generate.py's data at LOAD_SCALE,
and 15 member accounts without staff roles), builds the search index, starts gunicorn
(config/gunicorn.py, 3 workers), two `db_worker`s and the scheduler (bench/stack.py), then runs
locust headless twice in the same run: the mix (35 visitors, 15 members; bench/locustfile.py)
and the floor (the same number of people asking for a view that does nothing). Writes
bench/results/load.json and load.md and the `make load` section of bench/RESULTS.md.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.load_settings")

import django  # noqa: E402

from bench.run import QUERIES  # noqa: E402
from bench.stack import Stack, recreate_database, wait_for_web  # noqa: E402

PORT = int(os.environ.get("LOAD_WEB_PORT", "8393"))
USERS = int(os.environ.get("LOAD_USERS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
SCALE = float(os.environ.get("LOAD_SCALE", "0.2"))
# LOAD_REUSE=1 keeps the database, index and static files of the previous run (quicker when
# iterating, e.g. WAYMARK_CACHE_PAGES=false then true for a before and after).
REUSE = os.environ.get("LOAD_REUSE") == "1"
MEMBERS = 15
PASSWORD = "load-test-password"
OUT = ROOT / "bench" / "results"
TARGETS = {"p95_ms": 500, "errors": 0, "floor_ratio": 0.5}
STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def seed() -> None:
    from django.core.management import call_command

    from bench.generate import generate

    log("migrating")
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    log("the demo network")
    call_command("seed_demo", verbosity=0)
    orgs, services, threads, posts, pages = (
        max(1, int(n * SCALE)) for n in (10_000, 40_000, 5_000, 100_000, 1_000)
    )
    log(f"generated data at scale {SCALE}")
    generate(orgs, services, threads, posts, pages, log=log)
    make_members()


def build_index() -> None:
    from django.core.management import call_command

    from search.models import IndexUpdate

    log("building the search index")
    call_command("search_reindex", "--no-progress", verbosity=0)
    IndexUpdate.objects.all().delete()


def make_members() -> None:
    """Members of a partner organisation, none with a staff role: a password is enough."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from accounts.models import Membership, User
    from directory.models import Organisation

    organisation = Organisation.objects.get(slug="colne-valley-refuge-trust")
    password = make_password(PASSWORD)  # hashed once, with production's hasher
    for n in range(MEMBERS):
        user = User.objects.create(
            email=f"load-member-{n}@example.org",
            display_name=f"Load member {n}",
            password=password,
            # Not a new member, whose stricter posting limit would refuse the mix's replies.
            date_joined=timezone.now() - timedelta(days=60),
        )
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        Membership.objects.create(user=user, organisation=organisation)


def candidates() -> dict:
    from wagtail.models import Page

    from directory.models import Category, Organisation, Service
    from forum.models import Category as ForumCategory
    from forum.models import Thread
    from pathways.models import Pathway
    from places.models import Postcode

    organisations = Organisation.objects.visible().order_by("?")[:60]
    services = Service.objects.visible().select_related("organisation").order_by("?")[:60]
    threads = Thread.objects.filter(
        category__access__in=[ForumCategory.Access.PUBLIC, ForumCategory.Access.MEMBERS]
    ).order_by("?")[:200]
    return {
        "organisations": [o.get_absolute_url() for o in organisations],
        "services": [s.get_absolute_url() for s in services],
        "pathways": ["/pathways/"]
        + sorted({f"/pathways/{slug}/" for slug in Pathway.objects.values_list("slug", flat=True)}),
        "guidance": [p.url for p in Page.objects.live().public().filter(depth__gt=2)[:80]],
        "categories": list(Category.objects.values_list("slug", flat=True)),
        "postcodes": list(
            Postcode.objects.filter(is_district=True).values_list("postcode", flat=True)
        ),
        "queries": QUERIES,
        "threads": [t.get_absolute_url() for t in threads],
        "reply_threads": [f"/forum/t/{t.pk}/" for t in threads[:20]],
    }


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{PORT}{url}", timeout=30):  # noqa: S310
            return True
    except (urllib.error.HTTPError, OSError):
        return False


def targets() -> Path:
    """The URLs the simulated people visit; the public ones checked (and warmed) anonymously."""
    found = candidates()
    for group in ("organisations", "services", "pathways", "guidance"):
        found[group] = [url for url in found[group] if url and answers(url)]
        assert found[group], f"no {group} page answered an anonymous visitor"
    found["members"] = [f"load-member-{n}@example.org" for n in range(MEMBERS)]
    found["password"] = PASSWORD
    path = OUT / "load_targets.json"
    path.write_text(json.dumps(found, indent=1))
    return path


def wait_for_queue(limit: float = 180) -> None:
    """The seeding queued work (Wagtail's reference index, notifications): let the workers
    finish it first, so the run measures the mix and not the backlog."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + limit
    while DBTaskResult.objects.ready().exists() and time.monotonic() < deadline:
        time.sleep(1)


def server_cpu_seconds(stack: Stack) -> float:
    """CPU time the web server's processes have used: per request, it is a measure that the
    machine's other work (other people's runs on shared cores) hardly moves."""
    import psutil  # type: ignore[import-untyped]

    master = psutil.Process(stack.processes["web"].pid)
    # Workers recycled (max_requests) are counted in their parent's children times.
    times = master.cpu_times()
    total = times.children_user + times.children_system
    for process in [master, *master.children(recursive=True)]:
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def locust(label: str, classes: list[str], target_file: Path) -> Path:
    prefix = OUT / f"load_{label}"
    log(f"locust: {label}, {USERS} users for {SECONDS} s")
    subprocess.run(
        [
            str(ROOT / ".venv" / "bin" / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(max(1, USERS // 10)),
            "--run-time",
            f"{SECONDS}s",
            "--stop-timeout",
            "10",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "WARNING",
            *classes,
        ],
        env={**os.environ, "LOAD_TARGETS": str(target_file)},
        check=False,  # locust exits 1 when a request failed; the table says which
        timeout=SECONDS + 120,
    )
    return Path(f"{prefix}_stats.csv")


def read_stats(path: Path) -> dict[str, dict]:
    rows = {}
    with path.open() as handle:
        for row in csv.DictReader(handle):
            name = "all" if row["Name"] == "Aggregated" else row["Name"]
            rows[name] = {
                "requests": int(row["Request Count"]),
                "errors": int(row["Failure Count"]),
                "rps": round(float(row["Requests/s"]), 1),
                "p50_ms": _ms(row["50%"]),
                "p95_ms": _ms(row["95%"]),
                "p99_ms": _ms(row["99%"]),
            }
    return rows


def _ms(value: str) -> int | None:
    return None if value in ("", "N/A") else int(float(value))


def table(mix: dict[str, dict], floor: dict[str, dict], ratio: float, cpu: dict) -> str:
    lines = [
        "| page group | requests | req/s | errors | p50 | p95 | p99 |",
        "|---|---|---|---|---|---|---|",
    ]
    groups = sorted(name for name in mix if name != "all")
    for name, row in [*((g, mix[g]) for g in groups), ("**whole mix**", mix["all"])]:
        lines.append(
            f"| {name} | {row['requests']} | {row['rps']} | {row['errors']} | "
            f"{row['p50_ms']} ms | {row['p95_ms']} ms | {row['p99_ms']} ms |"
        )
    f = floor["all"]
    lines.append(
        f"| floor (a view that does nothing) | {f['requests']} | {f['rps']} | {f['errors']} | "
        f"{f['p50_ms']} ms | {f['p95_ms']} ms | {f['p99_ms']} ms |"
    )
    worst = max(mix[g]["p95_ms"] or 0 for g in groups)
    errors = mix["all"]["errors"]
    lines += [
        "",
        f"Mix ÷ floor throughput: **{ratio:.2f}×** (target ≥ {TARGETS['floor_ratio']}×); "
        f"errors: **{errors}** (target {TARGETS['errors']}); worst group p95: **{worst} ms** "
        f"(target < {TARGETS['p95_ms']} ms).",
        "",
        f"Web server CPU per request (gunicorn's processes; hardly moved by the machine's "
        f"other work): mix **{cpu['mix']} ms**, floor {cpu['floor']} ms.",
    ]
    return "\n".join(lines)


def write_results(text: str, results: dict) -> None:
    (OUT / "load.json").write_text(json.dumps(results, indent=2))
    (OUT / "load.md").write_text(text + "\n")
    path = ROOT / "bench" / "RESULTS.md"
    start, end = "<!-- load:start -->", "<!-- load:end -->"
    content = path.read_text()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    block = (
        f"{start}\n## `make load`: latest run ({when})\n\n"
        f"{USERS} users for {SECONDS} s each run (35 visitors and 15 members in the mix), each "
        f"pausing {os.environ.get('LOAD_WAIT', '0.5,1.5').replace(',', '–')} s between requests; "
        f"gunicorn with 3 workers, 2 db_workers, the scheduler, PostgreSQL and Elasticsearch on "
        f"this machine; data at scale {SCALE}; page and fragment caching "
        f"{'on' if results['caching'].lower() in ('1', 'true', 'yes', 'on') else 'off'}; load "
        f"average (1, 5, 15 min) before the run {results['load_average_before']}, after "
        f"{results['load_average_after']}.\n\n{text}\n{end}"
    )
    if start in content:
        content = content[: content.index(start)] + block + content[content.index(end) + len(end) :]
    else:
        content = content.rstrip() + "\n\n" + block + "\n"
    path.write_text(content)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if not REUSE:
        recreate_database(os.environ["LOAD_DATABASE_URL"])
    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    if not REUSE:
        seed()
        build_index()
    if not (REUSE and (Path(settings.STATIC_ROOT) / "staticfiles.json").exists()):
        log("collecting static files (production's manifest storage)")
        call_command("collectstatic", "--noinput", verbosity=0)
    connection.close()
    stack = Stack()
    try:
        stack.start_web(PORT, workers=3)
        stack.start_worker("load-worker-1")
        stack.start_worker("load-worker-2")
        stack.start_scheduler()
        wait_for_web(PORT)
        wait_for_queue()
        log("choosing and warming the pages to visit")
        target_file = targets()
        load_before = os.getloadavg()
        cpu = [server_cpu_seconds(stack)]
        mix = read_stats(locust("mix", ["Visitor", "Member"], target_file))
        cpu.append(server_cpu_seconds(stack))
        floor = read_stats(locust("floor", ["FloorUser"], target_file))
        cpu.append(server_cpu_seconds(stack))
        load_after = os.getloadavg()
    finally:
        stack.stop_all()
    ratio = mix["all"]["rps"] / max(floor["all"]["rps"], 0.1)
    results = {
        "users": USERS,
        "seconds": SECONDS,
        "scale": SCALE,
        "load_average_before": " ".join(f"{x:.2f}" for x in load_before),
        "load_average_after": " ".join(f"{x:.2f}" for x in load_after),
        "caching": os.environ.get("WAYMARK_CACHE_PAGES", "true"),
        "server_cpu_ms_per_request": {
            "mix": round((cpu[1] - cpu[0]) * 1000 / max(mix["all"]["requests"], 1), 1),
            "floor": round((cpu[2] - cpu[1]) * 1000 / max(floor["all"]["requests"], 1), 1),
        },
        "mix": mix,
        "floor": floor,
        "mix_over_floor": round(ratio, 2),
        "targets": TARGETS,
    }
    text = table(mix, floor, ratio, results["server_cpu_ms_per_request"])
    print("\n" + text)
    write_results(text, results)


if __name__ == "__main__":
    main()
