"""Reading the demo's data files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data"


def read(name: str) -> Any:
    """``data/<name>.json``: fictional, every name, number and address made up."""
    return json.loads((DATA / f"{name}.json").read_text(encoding="utf-8"))
