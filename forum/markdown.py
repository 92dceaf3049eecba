"""Posts are written in Markdown (markdown-it-py, CommonMark with tables and strikethrough,
raw HTML off) and the HTML is sanitised by nh3 whatever the parser lets through.

Mentions: ``@handle`` where the handle is an organisation's directory slug
(``@colne-valley-refuge-trust``, linking to its directory entry) or the handle a person
chose (``@amira.haddad``, see ``accounts.handles``), shown with their name when they may
read the place it is written in (otherwise it stays plain text).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

HANDLE = r"[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?"
_HANDLE_AT_START = re.compile(HANDLE, re.IGNORECASE)
_HANDLES_IN_TEXT = re.compile(r"(?<![\w@.])@(" + HANDLE + ")", re.IGNORECASE)
_SERVICE_PATH = re.compile(r"^/directory/(?P<org>[\w-]+)/services/(?P<service>[\w-]+)/?$")

ALLOWED_TAGS = {
    "p", "br", "hr", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "span", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
ALLOWED_CLASSES = {"a": {"wm-mention"}, "span": {"wm-mention"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener noreferrer"


@dataclass
class Rendered:
    html: str
    service_ids: list[int] = field(default_factory=list)
    user_ids: list[int] = field(default_factory=list)
    organisation_ids: list[int] = field(default_factory=list)


def _mention_rule(state: StateInline, silent: bool) -> bool:
    pos = state.pos
    if state.src[pos] != "@":
        return False
    if pos > 0 and (state.src[pos - 1].isalnum() or state.src[pos - 1] in "._@"):
        return False
    match = _HANDLE_AT_START.match(state.src, pos + 1)
    if not match:
        return False
    handle = match.group(0).lower()
    if handle not in state.env.get("mentions", {}):
        return False
    if not silent:
        token = state.push("mention", "", 0)
        token.meta = {"handle": handle}
    state.pos = match.end()
    return True


def _render_mention(self, tokens, idx, options, env) -> str:
    from django.utils.html import escape

    kind, label, url = env["mentions"][tokens[idx].meta["handle"]]
    if url:
        return f'<a class="wm-mention" href="{escape(url)}">@{escape(label)}</a>'
    return f'<span class="wm-mention">@{escape(label)}</span>'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("emphasis", "mention", _mention_rule)
    md.add_render_rule("mention", _render_mention)
    return md


_MD = _parser()


def resolve_mentions(
    source: str, audiences: Iterable[str]
) -> dict[str, tuple[str, str, str | None]]:
    """Handle -> (kind, label, url) for the handles in ``source`` that name someone, written
    where ``audiences`` read: organisations with a public directory entry, and the people the
    policy lets a mention there name (``policy.people_a_mention_may_name``)."""
    from accounts import policy
    from accounts.models import User
    from directory.models import Organisation

    handles = {h.lower() for h in _HANDLES_IN_TEXT.findall(source)}
    if not handles:
        return {}
    found: dict[str, tuple[str, str, str | None]] = {}
    for organisation in Organisation.objects.filter(slug__in=handles):
        # Only organisations with a public directory entry can be linked to.
        if hasattr(organisation, "audiences") and not organisation.audiences():
            continue
        if organisation.is_suspended:
            continue
        found[organisation.slug] = ("org", organisation.name, organisation.get_absolute_url())
    wanted = handles - set(found)
    if not wanted:
        return found
    named = dict(User.objects.filter(handle__in=wanted, is_active=True).values_list("handle", "pk"))
    allowed = policy.people_a_mention_may_name(audiences).filter(pk__in=named.values())
    names = {user.pk: user.name for user in allowed}
    for handle, pk in named.items():
        if pk in names:
            found[handle] = ("user", names[pk], None)
            found[handle + "#id"] = ("user-id", str(pk), None)
    return found


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def _service_paths(tokens) -> set[tuple[str, str]]:
    from django.conf import settings

    own_host = urlsplit(getattr(settings, "WAGTAILADMIN_BASE_URL", "")).netloc
    paths = set()
    for token in tokens:
        for child in token.children or []:
            if child.type != "link_open":
                continue
            url = urlsplit(str(child.attrGet("href") or ""))
            if url.netloc and url.netloc != own_host:
                continue
            match = _SERVICE_PATH.match(url.path)
            if match:
                paths.add((match["org"], match["service"]))
    return paths


def _service_ids(paths: set[tuple[str, str]]) -> list[int]:
    from django.db.models import Q

    from directory.models import Service

    if not paths:
        return []
    query = Q()
    for org_slug, service_slug in paths:
        query |= Q(organisation__slug=org_slug, slug=service_slug)
    return list(Service.objects.filter(query).values_list("pk", flat=True))


def render_markdown(source: str, mentions: dict | None = None) -> tuple[str, list]:
    env = {"mentions": {k: v for k, v in (mentions or {}).items() if "#" not in k}}
    tokens = _MD.parse(source, env)
    return sanitise(_MD.renderer.render(tokens, _MD.options, env)), tokens


def render_post(source: str, audiences: Iterable[str]) -> Rendered:
    """``source`` as written where ``audiences`` read (which decides whom its mentions name)."""
    mentions = resolve_mentions(source, audiences)
    html, tokens = render_markdown(source, mentions)
    user_ids = [int(label) for kind, label, _ in mentions.values() if kind == "user-id"]
    return Rendered(html=html, service_ids=_service_ids(_service_paths(tokens)), user_ids=user_ids)


def quote(source: str, author_name: str) -> str:
    lines = source.strip().splitlines() or [""]
    return f"{author_name} wrote:\n\n" + "\n".join(f"> {line}" for line in lines) + "\n\n"


def plain_text(html: str) -> str:
    """Text of sanitised HTML, for excerpts."""
    text = nh3.clean(html, tags=set(), attributes={})
    from html import unescape

    return re.sub(r"\s+", " ", unescape(text)).strip()
