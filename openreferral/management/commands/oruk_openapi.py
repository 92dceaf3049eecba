"""Write openreferral/profile/openapi.json: the profile's OpenAPI description, made
self-contained and valid so tools (the /api/oruk/openapi.json endpoint, schemathesis in the
tests) can use it without the network.

    manage.py oruk_openapi                                   # from the committed upstream copy
    manage.py oruk_openapi --source ../shared/oruk-3.0/schema    # from a fresh upstream copy
    manage.py oruk_openapi --check                           # fail if the file is stale

What changes from upstream's schema/openapi.json, and nothing else:
- each remote ``$ref`` to a profile schema file, and the files' own relative ``$ref``s,
  point to a copy of that file under ``components/schemas``;
- ``"type": "time"`` (not an OpenAPI type) becomes a string with an HH:MM[:SS] pattern;
- ``"format": "datetime"`` becomes the standard ``date-time``;
- GET /service_at_locations/{id} answers a service_at_location, not a service.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from django.core.management.base import BaseCommand, CommandError, CommandParser

ORUK_SCHEMA = Path(__file__).resolve().parents[2] / "profile"
UPSTREAM = ORUK_SCHEMA / "schema"
TARGET = ORUK_SCHEMA / "openapi.json"
REMOTE_BASE = "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/"
TIME_OF_DAY = {
    "type": "string",
    "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$",
    "example": "09:00",
}


def _component_name(path: str) -> str:
    return path.removesuffix(".json").replace("/", "_")


def build(source: Path = UPSTREAM) -> dict[str, Any]:
    spec: dict[str, Any] = json.loads((source / "openapi.json").read_text())
    files: dict[str, Any] = {}  # component name -> a profile schema file, resolved

    def local_ref(path: str) -> str:
        """Copy the schema file at ``path`` (relative to ``source``) into the components,
        once, and return the local reference to it."""
        name = _component_name(path)
        if name not in files:
            files[name] = {}  # claimed first, so a file that refers back does not loop
            schema = json.loads((source / path).read_text())
            files[name] = resolve(schema, urljoin(REMOTE_BASE, path))
        return f"#/components/schemas/{name}"

    def resolve(node: Any, base: str) -> Any:
        """``node`` (any JSON value) with its references made local."""
        if isinstance(node, list):
            return [resolve(item, base) for item in node]
        if not isinstance(node, dict):
            return node
        node = {key: resolve(value, base) for key, value in node.items()}
        ref = node.get("$ref", "")
        if ref and not ref.startswith("#"):
            target = urljoin(base, ref)
            if not target.startswith(REMOTE_BASE):
                raise CommandError(f"{ref} is outside the profile's schema files.")
            node["$ref"] = local_ref(target.removeprefix(REMOTE_BASE))
        if node.get("type") == "time":
            node = {key: value for key, value in node.items() if key != "type"} | TIME_OF_DAY
        if node.get("format") == "datetime":
            node["format"] = "date-time"
        return node

    spec["paths"] = resolve(spec["paths"], REMOTE_BASE)
    detail = spec["paths"]["/service_at_locations/{id}"]["get"]["responses"]["200"]
    detail["content"]["application/json"]["schema"] = {
        "$ref": local_ref("compiled/service_at_location.json")
    }
    components = resolve(spec.get("components", {}), REMOTE_BASE)
    components["schemas"] = components.get("schemas", {}) | dict(sorted(files.items()))
    spec["components"] = components
    return spec


def render(spec: dict[str, Any]) -> str:
    return json.dumps(spec, indent=2, ensure_ascii=False) + "\n"


class Command(BaseCommand):
    help = "Write the ORUK OpenAPI description with its references resolved (see the module)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--source", type=Path, default=UPSTREAM)
        parser.add_argument("--check", action="store_true", help="Fail if the file is stale.")

    def handle(self, *args: Any, source: Path, check: bool, **options: Any) -> None:
        text = render(build(source))
        if check:
            if not TARGET.exists() or TARGET.read_text() != text:
                raise CommandError(f"{TARGET} is stale: run manage.py oruk_openapi.")
            return
        TARGET.write_text(text)
        self.stdout.write(f"Wrote {TARGET}")
