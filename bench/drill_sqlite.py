"""`make drill`'s SQLite drill: concurrent writers on the embedded default, each its own process.

    python bench/drill_sqlite.py            # the conductor: a fresh SQLite file, the writers, a
                                            # JSON line with the figures
    python bench/drill_sqlite.py ROLE       # one writer: poster, saver or importer

A member posts replies (forum.services.add_post, as the reply form does), services are saved
through the ORM (each save queues its index update), import_oruk runs three times, and two
db_workers drain the queue, all at once for DRILL_SQLITE_SECONDS. Every "database is locked"
that reaches a writer or a worker is counted; the promise is 0. Lost: an acknowledged post that
is not in the database, or a service whose name is not the last one acknowledged.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.drill_sqlite_settings")
PY = str(ROOT / ".venv" / "bin" / "python")
SECONDS = float(os.environ.get("DRILL_SQLITE_SECONDS", "40"))
SERVICES = 40
EXAMPLES = ROOT / "openreferral" / "profile" / "examples"
IMPORTS = ["service_full.json", "organization_full.json", "service_list.json"]


class Tally:
    def __init__(self) -> None:
        self.counts = {"written": 0, "write_failed": 0, "locked": 0}

    def attempt(self, write) -> bool:
        from django.db import connection

        from core.db import is_locked

        try:
            write()
        except Exception as error:
            self.counts["write_failed"] += 1
            self.counts["locked"] += is_locked(error)
            print(f"{type(error).__name__}: {error}", file=sys.stderr)
            connection.close()
            return False
        self.counts["written"] += 1
        return True


def until_time_is_up():
    stop = time.monotonic() + SECONDS
    while time.monotonic() < stop:
        yield


def poster(state: dict) -> dict:
    from accounts.models import User
    from forum import services
    from forum.models import Thread

    tally, posted = Tally(), []
    thread = Thread.objects.get(pk=state["thread"])
    author = User.objects.get(pk=state["author"])
    for n, _ in enumerate(until_time_is_up()):
        tally.attempt(
            lambda n=n: posted.append(services.add_post(thread, author, f"Reply {n}", None).pk)
        )
        time.sleep(0.05)
    return {**tally.counts, "posts": posted}


def saver(state: dict) -> dict:
    from directory.models import Service

    tally, last = Tally(), {}
    for n, _ in enumerate(until_time_is_up()):
        pk = random.choice(state["services"])  # noqa: S311

        def save(pk=pk, n=n) -> None:
            service = Service.objects.get(pk=pk)
            service.name = f"SQLite drill service {pk} edit {n}"
            service.save()
            last[str(pk)] = service.name

        tally.attempt(save)
        time.sleep(0.05)
    return {**tally.counts, "names": last}


def importer(state: dict) -> dict:
    from django.core.management import call_command

    tally = Tally()
    for name in IMPORTS:
        tally.attempt(
            lambda name=name: call_command("import_oruk", str(EXAMPLES / name), verbosity=0)
        )
    return tally.counts


ROLES = {"poster": poster, "saver": saver, "importer": importer}


def setup() -> dict:
    from django.core.management import call_command

    from accounts.models import Membership, User
    from forum import services
    from forum.models import Category
    from search.models import IndexUpdate
    from tests.factories import OrganisationFactory, ServiceFactory

    call_command("migrate", verbosity=0)
    org = OrganisationFactory.create(name="SQLite drill organisation")
    author = User.objects.create_user(email="poster@drill.example", password="drill-password")
    Membership.objects.create(user=author, organisation=org, role=Membership.Role.MEMBER)
    category = Category.objects.create(name="Drill", slug="drill", access="members")
    thread = services.start_thread(category, author, "Drill thread", "Opening post")
    ids = [
        ServiceFactory.create(name=f"SQLite drill service {n}", organisation=org).pk
        for n in range(SERVICES)
    ]
    call_command("search_reindex", "--no-progress", verbosity=0)
    IndexUpdate.objects.all().delete()
    return {"thread": thread.pk, "author": author.pk, "services": ids}


def converge(started: float) -> float | None:
    from django_tasks_db.models import DBTaskResult

    from search.models import IndexUpdate

    while time.monotonic() - started < 180:
        if not IndexUpdate.objects.exists() and not DBTaskResult.objects.ready().exists():
            return round(time.monotonic() - started, 1)
        time.sleep(0.5)
    return None


def lost(results: dict) -> int:
    from directory.models import Service
    from forum.models import Post

    posts = results["poster"]["posts"]
    missing_posts = len(posts) - Post.objects.filter(pk__in=posts).count()
    names = dict(Service.objects.values_list("pk", "name"))
    stale = sum(1 for pk, name in results["saver"]["names"].items() if names.get(int(pk)) != name)
    return missing_posts + stale


def conduct() -> dict:
    import django

    django.setup()
    from django_tasks_db.models import DBTaskResult

    state = setup()
    env = {**os.environ, "DRILL_SQLITE_STATE": json.dumps(state)}
    logs = Path(tempfile.mkdtemp(prefix="drill-sqlite-logs-"))
    workers = [
        subprocess.Popen(
            [PY, "manage.py", "db_worker", "--no-reload", "--worker-id", f"sqlite-{n}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=(logs / f"worker-{n}.log").open("w"),
        )
        for n in (1, 2)
    ]
    writers = {
        role: subprocess.Popen(
            [PY, __file__, role], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True
        )
        for role in ROLES
    }
    results = {
        role: json.loads(process.communicate()[0].strip().splitlines()[-1])
        for role, process in writers.items()
    }
    converged = converge(time.monotonic())
    for worker in workers:
        worker.terminate()
        worker.wait(timeout=60)
    worker_locked = sum(log.read_text().count("database is locked") for log in logs.glob("*.log"))
    failed_locked = (
        DBTaskResult.objects.failed().filter(traceback__contains="database is locked").count()
    )
    return {
        "written": sum(r["written"] for r in results.values()),
        "write_failed": sum(r["write_failed"] for r in results.values()),
        "locked": sum(r["locked"] for r in results.values()) + worker_locked + failed_locked,
        "posts": len(results["poster"]["posts"]),
        "service_saves": results["saver"]["written"],
        "imports": len(IMPORTS),
        "imports_ok": results["importer"]["written"],
        "tasks_failed": sorted(
            DBTaskResult.objects.failed().values_list("exception_class_path", flat=True)
        ),
        "converge_s": converged,
        "lost": lost(results),
    }


def main() -> None:
    if len(sys.argv) > 1:
        import django

        django.setup()
        print(json.dumps(ROLES[sys.argv[1]](json.loads(os.environ["DRILL_SQLITE_STATE"]))))
        return
    with tempfile.TemporaryDirectory(prefix="drill-sqlite-") as folder:
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/waymark.sqlite3"
        print(json.dumps(conduct()))


if __name__ == "__main__":
    main()
