"""The production-like stack on loopback, shared by `make drill` and `make load`: gunicorn
(config/gunicorn.py), `db_worker`s and the scheduler as child processes, each in a session of
its own so stopping one stops all it started."""

from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")


def recreate_database(url: str) -> None:
    """Drop and create the database ``url`` names, on the server it names."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(base + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


class Stack:
    def __init__(self) -> None:
        self.processes: dict[str, subprocess.Popen] = {}

    def start(self, name: str, *args: str, env: dict[str, str] | None = None) -> None:
        self.processes[name] = subprocess.Popen(
            args,
            cwd=ROOT,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, **(env or {})},
        )

    def start_web(self, port: int, workers: int) -> None:
        """gunicorn with the production configuration, bound to loopback."""
        self.start(
            "web",
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "-c",
            str(ROOT / "config" / "gunicorn.py"),
            "config.wsgi:application",
            env={"GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_WORKERS": str(workers)},
        )

    def start_worker(self, name: str) -> None:
        self.start(name, PY, "manage.py", "db_worker", "--no-reload", "--worker-id", name)

    def start_scheduler(self) -> None:
        self.start("scheduler", PY, "manage.py", "scheduler")

    def kill(self, name: str, sig=signal.SIGTERM) -> None:
        process = self.processes.pop(name)
        os.killpg(process.pid, sig)
        process.wait(timeout=30)

    def stop_all(self) -> None:
        for name in list(self.processes):
            try:
                self.kill(name)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.kill(name, signal.SIGKILL)


def wait_for_web(port: int, limit: float = 120) -> None:
    """Until the server on ``port`` answers /healthz at all (503 while a part is down is an
    answer)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10)  # noqa: S310
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(1)
    raise RuntimeError(f"the web server on port {port} did not answer within {limit:.0f} s")
