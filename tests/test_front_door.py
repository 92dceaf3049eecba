"""The production-like stack's front door: docker-compose.yml and the Caddyfile.

No Docker CLI runs in the tests, so the compose file is checked against the Compose
Specification's own JSON schema: `tests/data/compose-spec.json`, copied from
github.com/compose-spec/compose-go/v2@v2.16.2 (schema/compose-spec.json), the library that
`docker compose config` itself loads files with.
"""

import json
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from jsonschema import Draft202012Validator

ROOT = Path(settings.BASE_DIR)
SCHEMA = json.loads((ROOT / "tests" / "data" / "compose-spec.json").read_text())
CADDYFILE = (ROOT / "docker" / "caddy" / "Caddyfile").read_text()


@pytest.fixture
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def schema_errors(document: dict) -> list[str]:
    validator = Draft202012Validator(SCHEMA)
    return [f"{'.'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(document)]


def test_the_compose_file_follows_the_compose_specification(compose):
    assert schema_errors(compose) == []


def test_the_check_catches_a_mistyped_key(compose):
    compose["services"]["caddy"]["imagee"] = compose["services"]["caddy"].pop("image")
    assert schema_errors(compose)


def test_only_the_front_door_is_reachable_from_outside(compose):
    published = {name for name, service in compose["services"].items() if "ports" in service}
    assert published == {"caddy"}
    assert {"80", "443"} <= {
        port.rsplit(":", 1)[-1] for port in compose["services"]["caddy"]["ports"]
    }


def test_the_front_door_shares_static_files_but_never_holds_media(compose):
    caddy_volumes = compose["services"]["caddy"]["volumes"]
    assert "static:/srv/static:ro" in caddy_volumes
    assert not any(volume.startswith("media:") for volume in caddy_volumes)
    assert "static:/app/var/static" in compose["services"]["web"]["volumes"]
    # /media/ is proxied to the app (which asks the access policy): no rule of Caddy's names it.
    rules = "\n".join(line.split("#")[0] for line in CADDYFILE.splitlines())
    assert "handle /static/*" in rules and "/media" not in rules
    assert rules.count("file_server") == 1
    assert "immutable" in CADDYFILE


def test_gunicorn_takes_its_workers_and_timeouts_from_the_environment(compose):
    environment = compose["services"]["web"]["environment"]
    for name in ("GUNICORN_WORKERS", "GUNICORN_TIMEOUT", "GUNICORN_GRACEFUL_TIMEOUT"):
        assert environment[name].startswith(f"${{{name}:-")
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert '"-c", "config/gunicorn.py"' in dockerfile


def test_gunicorn_reads_the_environment(monkeypatch):
    import runpy

    monkeypatch.setenv("GUNICORN_WORKERS", "5")
    monkeypatch.setenv("GUNICORN_TIMEOUT", "12")
    config = runpy.run_path(str(ROOT / "config" / "gunicorn.py"))
    assert (config["workers"], config["timeout"]) == (5, 12)


@pytest.mark.django_db
def test_pages_with_a_csrf_token_ask_the_front_door_not_to_compress_them(client, member):
    """BREACH: Caddy's encode leaves `Cache-Control: no-transform` responses uncompressed."""
    public = client.get("/directory/")
    assert "no-transform" not in public.get("Cache-Control", "")
    assert "no-transform" in client.get("/accounts/login/")["Cache-Control"]
    client.force_login(member)  # every signed-in page carries the sign-out form's token
    assert "no-transform" in client.get("/directory/")["Cache-Control"]
