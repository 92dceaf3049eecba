"""SQLite, the embedded default, holds under concurrent writers: WAL, writers that take the lock
when their transaction begins, a long busy timeout, and imports that wait for a locked database
and try again instead of aborting."""

import io
import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from django.db.utils import OperationalError

from core.db import retry_when_locked
from directory.models import Organisation

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "openreferral" / "profile" / "examples"
LOCKED = "database is locked"

# One writer holds the database for a second; another, told to wait 0 s, is refused at once
# and then, through retry_when_locked, gets its turn.
TWO_WRITERS = """
import threading, time
from django.db import connection, connections, transaction
from core.db import retry_when_locked
with connection.cursor() as cursor:
    cursor.execute("CREATE TABLE IF NOT EXISTS t (x integer)")
    print(cursor.execute("PRAGMA journal_mode").fetchone()[0], connection.transaction_mode)
holding = threading.Event()
def hold():
    with transaction.atomic():
        connection.cursor().execute("INSERT INTO t VALUES (1)")
        holding.set()
        time.sleep(1)
    connections.close_all()
writer = threading.Thread(target=hold)
writer.start()
holding.wait()
def write():
    connection.cursor().execute("INSERT INTO t VALUES (2)")
try:
    with transaction.atomic():
        write()
except Exception as error:
    print("plain:", error)
retry_when_locked(write, first_pause=0.3)
writer.join()
print("rows:", connection.cursor().execute("SELECT count(*) FROM t").fetchone()[0])
"""


def test_two_writers_on_sqlite_wait_their_turn_with_nothing_lost(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'waymark.sqlite3'}",
        SQLITE_BUSY_TIMEOUT_SECONDS="0",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--verbosity=0", "-c", TWO_WRITERS],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "wal IMMEDIATE"
    assert lines[1] == f"plain: {LOCKED}"
    assert lines[2] == "rows: 2"


@pytest.mark.django_db
def test_a_locked_write_is_tried_again_and_other_errors_are_not(monkeypatch):
    pauses: list[float] = []
    monkeypatch.setattr("core.db.time.sleep", pauses.append)
    calls = []

    def locked_twice():
        calls.append(1)
        if len(calls) <= 2:
            raise OperationalError(LOCKED)
        return "written"

    assert retry_when_locked(locked_twice) == "written"
    assert pauses == [1.0, 2.0]
    with pytest.raises(OperationalError, match="no such table"):
        retry_when_locked(mock.Mock(side_effect=OperationalError("no such table: x")))
    with pytest.raises(OperationalError, match=LOCKED):
        retry_when_locked(mock.Mock(side_effect=OperationalError(LOCKED)), attempts=3)


@pytest.mark.django_db
def test_import_oruk_waits_for_a_locked_database_instead_of_aborting(monkeypatch):
    monkeypatch.setattr("core.db.time.sleep", lambda seconds: None)
    save = Organisation.save
    calls = []

    def locked_once(self, *args, **kwargs):
        calls.append(self.name)
        if len(calls) == 1:
            raise OperationalError(LOCKED)
        return save(self, *args, **kwargs)

    monkeypatch.setattr(Organisation, "save", locked_once)
    out = io.StringIO()
    call_command("import_oruk", str(EXAMPLES / "service_full.json"), stdout=out, verbosity=0)
    assert Organisation.objects.filter(name="Example Organization Inc.").count() == 1
    assert "created 1 services" in out.getvalue()
