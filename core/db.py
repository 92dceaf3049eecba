"""Writes that wait their turn: a whole transaction run again when SQLite says it is locked.

With SQLite, one writer at a time: a writer that waited longer than the busy timeout gets
"database is locked". An import should then wait and try again, not abort.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import TypeVar

from django.db import OperationalError, transaction

logger = logging.getLogger(__name__)
T = TypeVar("T")


def is_locked(error: BaseException) -> bool:
    return isinstance(error, OperationalError) and "is locked" in str(error).lower()


def retry_when_locked(write: Callable[[], T], *, attempts: int = 5, first_pause: float = 1.0) -> T:
    """Runs ``write`` in a transaction (a savepoint inside one), again while the database is
    locked, with a growing pause. A rolled-back attempt left nothing behind, so this is safe."""
    pause = first_pause
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                return write()
        except OperationalError as error:
            if not is_locked(error) or attempt == attempts:
                raise
            logger.warning("Database locked (attempt %d of %d); trying again.", attempt, attempts)
            time.sleep(pause)
            pause *= 2
    raise AssertionError("unreachable")
