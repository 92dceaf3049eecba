"""One-off: write the demo literals of accounts/, directory/, guidance/ and forum/demo.py to
demo/data/*.json, so the demo is data and the old modules can go.

Run once from the project folder: `.venv/bin/python scripts/dump_demo_data.py`. It needs no
database: the old seed functions run against stand-ins that record what they would write.
"""

from __future__ import annotations

import ast
import inspect
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

from django.utils import timezone  # noqa: E402
from wagtail.rich_text import RichText  # noqa: E402

from accounts import demo as accounts_demo  # noqa: E402
from accounts import policy  # noqa: E402
from directory import demo as directory_demo  # noqa: E402
from forum import demo as forum_demo  # noqa: E402
from guidance import demo as guidance_demo  # noqa: E402
from guidance import models as guidance_models  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "demo" / "data"


def write(name: str, data) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {path.relative_to(OUT.parent.parent)}")


def function_node(function) -> ast.FunctionDef:
    return ast.parse(inspect.getsource(function)).body[0]


def literal_assigned(function, name: str):
    """The literal a function assigns to a local variable."""
    for node in ast.walk(function_node(function)):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == name:
            return ast.literal_eval(node.value)
    raise LookupError(name)


# --- directory ----------------------------------------------------------------------


def directory() -> dict:
    d = directory_demo
    taxonomy = literal_call_defaults(d._seed_taxonomy, "update_or_create")
    return {
        "taxonomy": taxonomy,
        "categories": [
            {"slug": slug, "name": name, "parent": parent} for slug, name, parent in d.CATEGORIES
        ],
        "areas": [{"slug": slug, "name": name} for slug, name in d.AREAS],
        "languages": [{"code": code, "name": name} for code, name in d.LANGUAGES],
        "postcode_districts": {k: list(v) for k, v in d.DISTRICTS.items()},
        "towns": {
            key: {"town": town, "district": district, "area": area}
            for key, (town, district, area) in d.TOWNS.items()
        },
        "streets": d.STREETS,
        "service_kinds": {
            key: {"name": name, "categories": categories, "description": text, "options": options}
            for key, (name, categories, text, options) in d.SERVICE_KINDS.items()
        },
        "extra_service_kinds": d.EXTRA_KINDS,
        "organisations": [
            {
                "name": name,
                "slug": slug,
                "type": org_type,
                "town": town,
                "languages": languages,
                "nrm_first_responder": nrm,
                "services": kinds,
                "description": description,
                **({"suspended": True} if slug in d.SUSPENDED else {}),
            }
            for name, slug, org_type, town, languages, nrm, kinds, description in d.ORGANISATIONS
        ],
    }


def literal_call_defaults(function, method: str) -> dict:
    """The literal ``defaults={...}`` of the first ``.<method>(...)`` call in a function."""
    for node in ast.walk(function_node(function)):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == method:
            for keyword in node.keywords:
                if keyword.arg == "defaults":
                    return ast.literal_eval(keyword.value)
    raise LookupError(method)


# --- accounts -----------------------------------------------------------------------

SITE_ROLES = {policy.COORDINATORS: "coordinator", policy.EDITORS: "editor", None: None}
PEOPLE = literal_assigned(forum_demo._people, "emails")  # forum author key -> e-mail


def accounts() -> list[dict]:
    people = [
        {
            "email": email,
            "name": name,
            "job_title": job_title,
            "organisation": organisation,
            "role": role,
            "site_role": SITE_ROLES[group],
        }
        for email, name, job_title, organisation, role, group in accounts_demo.ACCOUNTS
    ]
    # The forum's extra organisation admins, there so every organisation can sign the
    # pathway off, are demo accounts like the others.
    people += [
        {
            "email": email,
            "name": name,
            "job_title": "Organisation admin",
            "organisation": organisation,
            "role": "admin",
            "site_role": None,
        }
        for email, name, organisation in forum_demo.SIGN_OFF_ADMINS
    ]
    return people


# --- guidance: the seed runs against stand-ins that record the pages --------------------


class Recorded(SimpleNamespace):
    """A page the old seed would have made."""

    def save_revision(self):
        return SimpleNamespace(publish=lambda: None)


class Found:
    def __init__(self, items=()):
        self.items = list(items)

    def filter(self, **lookups):
        slug = lookups.get("slug")
        return Found(i for i in self.items if slug is None or i.slug == slug)

    def child_of(self, parent):
        return Found(getattr(parent, "children", []))

    def first(self):
        return self.items[0] if self.items else None

    def exists(self):
        return bool(self.items)

    def live(self):
        return self

    def count(self):
        return len(self.items)


def stand_in(model, **extra):
    return SimpleNamespace(
        __name__=model.__name__, objects=Found(), Kind=getattr(model, "Kind", None), **extra
    )


def plain(value):
    """Stream data as JSON: (type, value) pairs become {"type", "value"}; rich text its HTML."""
    if isinstance(value, RichText):
        return value.source
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        return {"type": value[0], "value": plain(value[1])}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, Recorded):
        return value.slug
    return value


def guidance() -> dict:
    g = guidance_demo
    today = timezone.localdate()
    home = Recorded(slug="home", children=[], intro="", quick_links=[])
    snippets = {"Helpline": [], "FooterLink": []}

    def upsert(parent, model, slug, **fields):
        page = Recorded(type=model.__name__, slug=slug, children=[], fields=fields)
        parent.children.append(page)
        return page

    def snippet(name):
        def update_or_create(**kwargs):
            defaults = kwargs.pop("defaults")
            snippets[name].append({**kwargs, **defaults})
            return None, True

        return SimpleNamespace(objects=SimpleNamespace(update_or_create=update_or_create))

    def restrict(page, restriction_type):
        page.fields["members_only"] = True

    patches = {
        "_upsert": upsert,
        # A contact card names its organisation by slug; the loader finds it.
        "_contact": lambda slug, note: [("contact", {"organisation": slug, "note": note})],
        # The old seed offered these category slugs, none of which the taxonomy has, so the
        # block never appeared; the data keeps the demo as it was.
        "_services": lambda heading, *slugs: [],
        "PageViewRestriction": SimpleNamespace(
            objects=SimpleNamespace(
                filter=lambda page: Found(),
                create=lambda page, restriction_type: restrict(page, restriction_type),
            ),
            LOGIN="login",
        ),
        "Helpline": snippet("Helpline"),
        "FooterLink": snippet("FooterLink"),
        "HomePage": SimpleNamespace(objects=SimpleNamespace(get=lambda depth: home)),
        "GuidancePage": SimpleNamespace(__name__="GuidancePage", objects=Found()),
        "ResourcePage": stand_in(guidance_models.ResourcePage),
        "EventPage": stand_in(guidance_models.EventPage),
        "get_document_model": lambda: lambda **kw: SimpleNamespace(save=lambda: None),
        "get_image_model": lambda: SimpleNamespace(
            objects=SimpleNamespace(create=lambda **kw: None)
        ),
        "tiny_pdf": lambda title, lines: b"",
        "preview_png": lambda title, colour: b"",
        "ContentFile": lambda *args, **kwargs: None,
    }
    originals = {name: getattr(g, name) for name in patches}
    for name, value in patches.items():
        setattr(g, name, value)
    try:
        g.seed(SimpleNamespace(write=lambda text: None))
    finally:
        for name, value in originals.items():
            setattr(g, name, value)

    colours = {slug: list(colour) for slug, *_, colour in g.RESOURCES}

    def page(record) -> dict:
        fields = dict(record.fields)
        for name in ("document", "preview_image"):
            fields.pop(name, None)
        for name in ("start", "end"):
            if isinstance(fields.get(name), datetime):
                when = timezone.localtime(fields[name])
                fields[name] = {"in_days": (when.date() - today).days, "at": f"{when:%H:%M}"}
        if record.type == "ResourcePage":
            fields["preview_colour"] = colours[record.slug]
        data = {"type": record.type, "slug": record.slug, **plain(fields)}
        if record.children:
            data["children"] = [page(child) for child in record.children]
        return data

    return {
        "helplines": [
            {k: v for k, v in helpline.items() if k != "sort_order"}
            for helpline in snippets["Helpline"]
        ],
        "footer_links": [
            {"title": link["title"], "url": link["url"]} for link in snippets["FooterLink"]
        ],
        "home": {
            "intro": home.intro,
            "quick_links": [plain(link[1]) for link in home.quick_links],
        },
        "pages": [page(child) for child in home.children],
    }


# --- forum and the pathway ---------------------------------------------------------------

SERVICE_LINKS = {
    # placeholder -> (organisation, the service's slug or name contains, if it is missing)
    "safe_house": ("colne-valley-refuge-trust", "safe", "the refuge's safe house"),
    "interpreting": ("north-essex-migrant-advice-centre", "interpret", "our interpreting line"),
}


def forum() -> dict:
    found = {}

    def service_link(org_slug, hint):
        [key] = [k for k, (org, h, _) in SERVICE_LINKS.items() if (org, h) == (org_slug, hint)]
        found[key] = True
        return "{" + key + "}"

    original = forum_demo._service_link
    forum_demo._service_link = service_link
    try:
        threads = forum_demo._threads({})
    finally:
        forum_demo._service_link = original
    assert set(found) == set(SERVICE_LINKS)
    # The fallback words, as _threads has them.
    source = inspect.getsource(forum_demo._threads)
    for _, (_, _, otherwise) in SERVICE_LINKS.items():
        assert repr(otherwise).strip("'\"") in source.replace('"', "'"), otherwise

    group_call = next(
        node
        for node in ast.walk(function_node(forum_demo.seed))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "get_or_create"
    )
    kwargs = {k.arg: ast.literal_eval(k.value) for k in group_call.keywords}
    # seed() adds the police unit and the refuge to the group.
    members = ["essex-police-modern-slavery-unit", "colne-valley-refuge-trust"]
    assert all(f'slug="{slug}"' in inspect.getsource(forum_demo.seed) for slug in members)
    group = {"name": kwargs["name"], **kwargs["defaults"], "organisations": members}
    return {
        "private_group": group,
        "categories": [
            {"name": name, "slug": slug, "access": str(access), "description": description}
            for name, slug, access, description in forum_demo.CATEGORIES
        ],
        "service_links": {
            key: {"organisation": org, "service_matches": hint, "otherwise": otherwise}
            for key, (org, hint, otherwise) in SERVICE_LINKS.items()
        },
        "threads": [
            {
                "category": category,
                "title": title,
                "author": PEOPLE[author],
                "posts": [
                    {"key": key, "parent": parent, "author": PEOPLE[by], "text": text}
                    for key, parent, by, text in posts
                ],
            }
            for category, title, author, posts in threads
        ],
    }


def pathways() -> dict:
    """The pathway's literals, read from the old function's source: its steps name
    organisations and services held in local variables, which become slugs here."""
    node = function_node(forum_demo._pathway)
    names = vars(forum_demo)
    services = {}  # local variable -> {"organisation", "service_matches"}
    steps = defaults = None
    for item in ast.walk(node):
        if isinstance(item, ast.Assign) and isinstance(item.targets[0], ast.Name):
            target = item.targets[0].id
            if target in ("interpreting", "safe_house"):
                filter_call = item.value.func.value  # Service.objects.filter(...).first()
                lookups = {k.arg: ast.literal_eval(k.value) for k in filter_call.keywords}
                services[target] = {
                    "organisation": lookups["organisation__slug"],
                    "service_matches": lookups["slug__icontains"],
                }
            elif target == "steps":
                steps = item.value
            elif target == "slugs":
                participating = ast.literal_eval(item.value)
        if isinstance(item, ast.Call) and getattr(item.func, "attr", None) == "get_or_create":
            lookups = {k.arg: k.value for k in item.keywords}
            defaults = lookups.pop("defaults")
            identity = {k: ast.literal_eval(v) for k, v in lookups.items()}

    def value(expression):
        if (
            isinstance(expression, ast.Call)
            and getattr(expression.func, "attr", None) == "get"
            and getattr(expression.func.value, "id", None) == "orgs"
        ):
            return ast.literal_eval(expression.args[0])  # orgs.get("slug") -> the slug
        if isinstance(expression, ast.List) and all(
            isinstance(e, ast.Name) for e in expression.elts
        ):
            return [services[e.id] for e in expression.elts]
        result = eval(compile(ast.Expression(expression), "<pathway>", "eval"), names)
        return str(result) if hasattr(result, "label") else result  # choices -> their value

    pathway = dict(identity)
    for key, expression in zip(defaults.keys, defaults.values, strict=True):
        name = ast.literal_eval(key)
        if name == "review_date":  # date.today() + timedelta(days=...)
            pathway["review_in_days"] = (value(expression) - date.today()).days
        elif name == "source_thread":
            pathway["source_thread"] = "Pathway for adults found at car washes"
        elif name == "created_by":
            pathway["created_by"] = PEOPLE[ast.literal_eval(expression.args[0])]
        else:
            pathway[name] = value(expression)
    assert "Pathway for adults found at car washes" in inspect.getsource(forum_demo.seed)
    pathway["participating_organisations"] = participating
    pathway["steps"] = [{k.arg: value(k.value) for k in step.keywords} for step in steps.elts]
    # Each participating organisation signs through its demo admin, as _admin_memberships
    # found them: the sign-off admins and the refuge's orgadmin.
    admins = {org: email for email, _, org in forum_demo.SIGN_OFF_ADMINS}
    admins.update(
        {org: email for email, _, _, org, role, _ in accounts_demo.ACCOUNTS if role == "admin"}
    )
    pathway["sign_offs"] = [{"organisation": org, "by": admins[org]} for org in participating]
    return {"pathways": [pathway]}


if __name__ == "__main__":
    write("directory", directory())
    write("accounts", accounts())
    write("guidance", guidance())
    write("forum", forum())
    write("pathways", pathways())
