"""`make drill`: fault drills on a production-like stack, on loopback, bounded in time.

gunicorn, two `db_worker`s and the scheduler run against a database of their own on the local
PostgreSQL and a three-node Elasticsearch cluster (scripts/drill.sh starts it). While a writer
edits services (through the ORM, so every save goes through the outbox as a page's would) and a
reader searches /api/search, the drills:

- one Elasticsearch node killed (SIGKILL): searches must stay answered by Elasticsearch;
- the remaining cluster frozen (SIGSTOP) for 45 s under writes, then resumed: seconds until the
  index has converged with the database once it answers again;
- a worker killed (SIGKILL) mid-drain of a large backlog, and started again as a supervisor
  would: seconds until the backlog is gone, and no task left RUNNING after the lease;
- PostgreSQL stopped for DRILL_PG_OUTAGE_SECONDS and started again (pg_ctlcluster, on the drill's
  own cluster that scripts/drill.sh makes; skipped without one): the workers and the scheduler
  must still be running afterwards, pages must answer 503 with Retry-After meanwhile (not 500),
  and no acknowledged write may be lost;
- SQLite (the embedded default) under concurrent writers, in processes of their own (see
  bench/drill_sqlite.py): members posting, services saved, import_oruk runs, two workers
  draining: 0 "database is locked" failures.

Prints a table and writes it to bench/RESULTS.md (between the drill markers) and
bench/results/drill.json.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.drill_settings")

import django  # noqa: E402

from bench.stack import PY, Stack, wait_for_web  # noqa: E402

WEB_PORT = int(os.environ.get("DRILL_WEB_PORT", "8391"))
SERVICES = int(os.environ.get("DRILL_SERVICES", "150"))
OUTAGE_SECONDS = float(os.environ.get("DRILL_OUTAGE_SECONDS", "45"))
PG_OUTAGE_SECONDS = float(os.environ.get("DRILL_PG_OUTAGE_SECONDS", "10"))
PG_CLUSTER = os.environ.get("DRILL_PG_CLUSTER", "").split()  # "15 waymark-drill"
CONVERGE_LIMIT = 180.0
STARTED = time.monotonic()
ES_PIDS = [int(p) for p in os.environ["DRILL_ES_PIDS"].split(",")]


def log(message: str) -> None:
    print(f"[{time.monotonic() - STARTED:6.1f}s] {message}", flush=True)


def start_stack(stack: Stack) -> None:
    stack.start_web(WEB_PORT, workers=2)
    stack.start_worker("worker-1")
    stack.start_worker("worker-2")
    stack.start_scheduler()


class Load:
    """A writer editing services, a reader searching and a reader of pages, each on its own
    thread. A 503 with Retry-After is the answer promised while a part is down; any other 5xx is
    an error."""

    def __init__(self, service_ids: list[int]) -> None:
        self.ids = service_ids
        self.writing = threading.Event()
        self.stopping = threading.Event()
        self.counts = dict(
            written=0,
            write_failed=0,
            searches=0,
            degraded=0,
            pages=0,
            unavailable_503=0,
            errors_5xx=0,
            search_failed=0,
        )
        self.lock = threading.Lock()
        self.threads = [
            threading.Thread(target=self._write, daemon=True),
            threading.Thread(target=self._search, daemon=True),
            threading.Thread(target=self._browse, daemon=True),
        ]

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def snapshot(self) -> dict:
        with self.lock:
            return dict(self.counts)

    def _add(self, key: str) -> None:
        with self.lock:
            self.counts[key] += 1

    def _write(self) -> None:
        from django.db import connection

        from directory.models import Service

        n = 0
        while not self.stopping.is_set():
            if not self.writing.wait(0.2):
                continue
            n += 1
            try:
                service = Service.objects.get(pk=random.choice(self.ids))
                service.name = f"Drill service {service.pk} edit {n}"
                service.save()
                self._add("written")
            except Exception:
                self._add("write_failed")  # not acknowledged, so not a lost write
                connection.close()  # a broken connection is opened afresh next time
            time.sleep(0.1)
        connection.close()

    def _search(self) -> None:
        url = f"http://127.0.0.1:{WEB_PORT}/api/search?q=drill+service&type=service"
        while not self.stopping.is_set():
            body = self._get(url, "searches")
            if body is not None and json.loads(body).get("degraded"):
                self._add("degraded")
            time.sleep(0.3)

    def _browse(self) -> None:
        url = f"http://127.0.0.1:{WEB_PORT}/directory/"
        while not self.stopping.is_set():
            self._get(url, "pages")
            time.sleep(0.5)

    def _get(self, url: str, counter: str) -> bytes | None:
        try:
            with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310
                body: bytes = response.read()
            self._add(counter)
            return body
        except urllib.error.HTTPError as error:
            self._add(counter)
            if error.code == 503 and error.headers.get("Retry-After"):
                self._add("unavailable_503")
            elif error.code >= 500:
                self._add("errors_5xx")
        except OSError:  # refused or timed out: no answer at all
            self._add("search_failed")
        return None


def mismatches(service_ids: list[int]) -> int:
    """Services whose indexed title is not their name in the database: lost updates."""
    from directory.models import Service
    from search import registry
    from search.client import get_client

    names = dict(Service.objects.filter(pk__in=service_ids).values_list("pk", "name"))
    alias = registry.get("services").alias
    found = get_client().mget(index=alias, ids=[str(pk) for pk in service_ids], realtime=True)
    indexed = {int(doc["_id"]): doc.get("_source", {}).get("title") for doc in found["docs"]}
    return sum(1 for pk, name in names.items() if indexed.get(pk) != name)


def wait_converged(service_ids: list[int], since: float) -> tuple[float | None, int]:
    from django.db import connection

    from search.models import IndexUpdate

    while time.monotonic() - since < CONVERGE_LIMIT:
        try:
            if not IndexUpdate.objects.exists() and mismatches(service_ids) == 0:
                return time.monotonic() - since, 0
        except Exception:
            connection.close()
        time.sleep(0.5)
    return None, mismatches(service_ids)


def wait_healthy() -> float:
    from search.client import get_client, is_healthy

    get_client.cache_clear()
    while not is_healthy():
        time.sleep(0.2)
    return time.monotonic()


def setup() -> list[int]:
    from django.core.management import call_command

    from search.models import IndexUpdate
    from tests.factories import OrganisationFactory, ServiceFactory

    log("Migrating the drill database...")
    call_command("migrate", verbosity=0)
    log(f"Creating {SERVICES} services and building the index...")
    org = OrganisationFactory(name="Drill organisation")
    ids = [
        ServiceFactory.create(name=f"Drill service {n}", organisation=org).pk
        for n in range(SERVICES)
    ]
    call_command("search_reindex", "--no-progress", verbosity=0)
    IndexUpdate.objects.all().delete()
    return ids


def drill_node_killed(stack: Stack, load: Load, ids: list[int]) -> dict:
    log("Drill: one Elasticsearch node of three killed (SIGKILL), writes and searches go on")
    before = load.snapshot()
    load.writing.set()
    os.kill(ES_PIDS[2], signal.SIGKILL)
    time.sleep(30)
    load.writing.clear()
    converged, lost = wait_converged(ids, time.monotonic())
    return {
        "drill": "one node of three killed",
        **delta(before, load),
        "converge_s": converged,
        "lost": lost,
    }


def drill_cluster_frozen(stack: Stack, load: Load, ids: list[int]) -> dict:
    log(f"Drill: the cluster frozen (SIGSTOP) for {OUTAGE_SECONDS:.0f} s under writes")
    before = load.snapshot()
    load.writing.set()
    live = ES_PIDS[:2]
    for pid in live:
        os.kill(pid, signal.SIGSTOP)
    time.sleep(OUTAGE_SECONDS)
    for pid in live:
        os.kill(pid, signal.SIGCONT)
    load.writing.clear()
    back = wait_healthy()
    log(f"  Elasticsearch healthy again after {back - STARTED:.1f}s; waiting for convergence")
    converged, lost = wait_converged(ids, back)
    return {
        "drill": f"cluster frozen {OUTAGE_SECONDS:.0f} s",
        **delta(before, load),
        "converge_s": converged,
        "lost": lost,
    }


def drill_worker_killed(stack: Stack, load: Load, ids: list[int]) -> dict:
    from django_tasks_db.models import DBTaskResult

    from search.outbox import queue
    from search.tasks import DRAIN_TASK_PATH

    log("Drill: a worker killed (SIGKILL) mid-drain of a 6,000-row backlog")
    before = load.snapshot()
    for _ in range(40):
        queue("services", ids)  # commits at once (autocommit): a drain is queued
    killed_at = None
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and killed_at is None:
        running = DBTaskResult.objects.running().filter(task_path=DRAIN_TASK_PATH).first()
        if running is not None and running.worker_ids:
            name = running.worker_ids[-1]
            stack.kill(name, signal.SIGKILL)
            killed_at = time.monotonic()
            log(f"  killed {name} while it drained")
            stack.start_worker(name)  # as run.sh's supervisor or compose would
        time.sleep(0.02)
    converged, lost = wait_converged(ids, killed_at or time.monotonic())
    # The killed drain stays RUNNING until its lease (30 s here) and the next requeue job.
    killed_before = django_now(-(time.monotonic() - (killed_at or time.monotonic())))
    left = DBTaskResult.objects.running().filter(started_at__lte=killed_before)
    deadline = time.monotonic() + 120
    while left.exists() and time.monotonic() < deadline:
        time.sleep(1)
    return {
        "drill": "worker SIGKILLed mid-drain",
        **delta(before, load),
        "converge_s": converged,
        "lost": lost,
        "stuck_running": left.count(),
        "caught_mid_drain": killed_at is not None,
    }


def drill_postgres_restarted(stack: Stack, load: Load, ids: list[int]) -> dict:
    version, cluster = PG_CLUSTER
    log(f"Drill: PostgreSQL stopped for {PG_OUTAGE_SECONDS:.0f} s under load, then started again")
    before = load.snapshot()
    load.writing.set()
    time.sleep(5)
    subprocess.run(["pg_ctlcluster", version, cluster, "stop", "-m", "fast"], check=True)
    time.sleep(PG_OUTAGE_SECONDS)
    subprocess.run(["pg_ctlcluster", version, cluster, "start"], check=True, stdout=sys.stderr)
    back = time.monotonic()
    time.sleep(10)  # writes go on once it is back
    load.writing.clear()
    converged, lost = wait_converged(ids, back)
    gone = [name for name, process in stack.processes.items() if process.poll() is not None]
    return {
        "drill": f"PostgreSQL stopped {PG_OUTAGE_SECONDS:.0f} s",
        **delta(before, load),
        "converge_s": converged,
        "lost": lost,
        "note": "workers, scheduler and web all still running"
        if not gone
        else f"exited: {', '.join(gone)}",
    }


def drill_sqlite(stack: Stack, load: Load, ids: list[int]) -> dict:
    log("Drill: SQLite under concurrent writers (posting, service saves, import_oruk, 2 workers)")
    # Its own process group: whatever happens here, its writers and workers go with it.
    conductor = subprocess.Popen(
        [PY, str(ROOT / "bench" / "drill_sqlite.py")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.drill_sqlite_settings"},
        start_new_session=True,
    )
    try:
        output, _ = conductor.communicate(timeout=600)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(conductor.pid, signal.SIGTERM)
    row = json.loads(output.strip().splitlines()[-1])
    log(f"  {row}")
    return {
        "drill": "SQLite, concurrent writers",
        "written": row["written"],
        "write_failed": row["write_failed"],
        "converge_s": row["converge_s"],
        "lost": row["lost"],
        "note": f'{row["locked"]} "database is locked" failures; '
        f"{row['imports_ok']} of {row['imports']} import_oruk runs completed; "
        f"{row['posts']} posts, {row['service_saves']} service saves; "
        f"failed tasks: {', '.join(row['tasks_failed']) or 'none'}",
    }


def django_now(offset_seconds: float):
    from datetime import timedelta

    from django.utils import timezone

    return timezone.now() + timedelta(seconds=offset_seconds)


def delta(before: dict, load: Load) -> dict:
    after = load.snapshot()
    return {key: after[key] - before[key] for key in after}


COLUMNS = (
    ("writes attempted", lambda row: row["written"] + row["write_failed"]),
    ("writes ok", lambda row: row["written"]),
    ("searches answered", lambda row: row.get("searches", "–")),
    (
        "by Elasticsearch",
        lambda row: row["searches"] - row["degraded"] if "searches" in row else "–",
    ),
    ("degraded (database fallback)", lambda row: row.get("degraded", "–")),
    ("pages", lambda row: row.get("pages", "–")),
    ("503 + Retry-After", lambda row: row.get("unavailable_503", "–")),
    ("other 5xx", lambda row: row.get("errors_5xx", "–")),
    ("no answer", lambda row: row.get("search_failed", "–")),
    ("lost", lambda row: row["lost"]),
)


def table(rows: list[dict]) -> str:
    names = ["drill", *(name for name, _ in COLUMNS), "converged in", "notes"]
    lines = ["| " + " | ".join(names) + " |", "|" + "---|" * len(names)]
    for row in rows:
        converged = (
            f"{row['converge_s']:.1f} s" if row["converge_s"] is not None else "not within 180 s"
        )
        notes = row.get("note", "")
        if "stuck_running" in row:
            notes = f"{row['stuck_running']} stuck RUNNING after the lease"
        cells = [row["drill"], *(str(value(row)) for _, value in COLUMNS), converged, notes]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def write_results(text: str) -> None:
    path = ROOT / "bench" / "RESULTS.md"
    start, end = "<!-- drill:start -->", "<!-- drill:end -->"
    content = path.read_text()
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    block = f"{start}\n## `make drill`: latest run ({when})\n\n{text}\n{end}"
    if start in content:
        content = content[: content.index(start)] + block + content[content.index(end) + len(end) :]
    else:
        content = content.rstrip() + "\n\n" + block + "\n"
    path.write_text(content)


def write_json(rows: list[dict]) -> None:
    folder = ROOT / "bench" / "results"
    folder.mkdir(exist_ok=True)
    when = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    (folder / "drill.json").write_text(json.dumps({"run_at": when, "rows": rows}, indent=2) + "\n")


def stop_on_sigterm(signum, frame) -> None:
    raise SystemExit(f"drill: stopped by signal {signum} (the time limit?)")


def main() -> None:
    # `timeout` sends SIGTERM: unwind through the finally below, so nothing started here is left.
    signal.signal(signal.SIGTERM, stop_on_sigterm)
    django.setup()
    ids = setup()
    stack = Stack()
    load = Load(ids)
    rows = []
    try:
        start_stack(stack)
        wait_for_web(WEB_PORT)
        load.start()
        drills = [drill_node_killed, drill_cluster_frozen, drill_worker_killed]
        if PG_CLUSTER:
            drills.append(drill_postgres_restarted)
        else:
            log("No PostgreSQL cluster of the drill's own (not root on Debian): no restart drill")
        drills.append(drill_sqlite)
        for drill in drills:
            rows.append(drill(stack, load, ids))
            log(f"  {rows[-1]}")
    finally:
        load.stopping.set()
        for pid in ES_PIDS:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)
        stack.stop_all()
    text = table(rows)
    print(text)
    write_results(text)
    write_json(rows)


if __name__ == "__main__":
    main()
