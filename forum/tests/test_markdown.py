"""Posts are Markdown; whatever is written, nothing executes in the rendered page."""

import itertools
import re
from html.parser import HTMLParser

import pytest

from accounts import policy
from forum.markdown import render_markdown, render_post

TAGS = ["script", "img", "svg", "iframe", "a", "body", "div", "object", "math", "style"]
ATTRIBUTES = [
    "onerror=alert(1)",
    'onload="alert(1)"',
    "onmouseover='alert(1)'",
    'href="javascript:alert(1)"',
    'src="javascript:alert(1)"',
    'style="background:url(javascript:alert(1))"',
    'formaction="javascript:alert(1)"',
]
LINKS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "javascript&colon;alert(1)",
    " javascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "%6Aavascript:alert(1)",
    "\x01javascript:alert(1)",
]


def payloads():
    for tag, attribute in itertools.product(TAGS, ATTRIBUTES):
        yield f"<{tag} {attribute}>x</{tag}>"
        yield f"text <{tag}/{attribute}> more"
    for link in LINKS:
        yield f"[click]({link})"
        yield f"[click][ref]\n\n[ref]: {link}"
        yield f"<{link}>"
        yield f'![img]({link} "t")'
        yield f'<a href="{link}">x</a>'
    yield "<script>alert(1)</script>"
    yield "<<script>script>alert(1)<</script>/script>"
    yield "```html\n<script>alert(1)</script>\n```"
    yield "| a | b |\n|---|---|\n| <img src=x onerror=alert(1)> | [x](javascript:alert(1)) |"
    yield "~~<svg onload=alert(1)>~~"
    yield "> <iframe src=javascript:alert(1)>"


ALL_PAYLOADS = list(payloads())


class Inspector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems = []

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "iframe", "object", "embed", "style", "svg", "math", "img"}:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}=")
            if name in {"href", "src", "action", "formaction", "style"}:
                # What a browser would take as the scheme, after it drops control characters.
                cleaned = "".join(c for c in (value or "") if c > " ").lower()
                scheme = re.match(r"^([a-z][a-z0-9+.-]*):", cleaned)
                if scheme and scheme.group(1) not in {"http", "https", "mailto"}:
                    self.problems.append(f"{name}={value}")
            if name == "style":
                self.problems.append("style=")


def test_there_are_a_few_hundred_hostile_payloads():
    assert len(ALL_PAYLOADS) >= 150


@pytest.mark.parametrize("payload", ALL_PAYLOADS)
def test_hostile_markdown_renders_nothing_that_runs(payload):
    html, _ = render_markdown(payload)
    inspector = Inspector()
    inspector.feed(html)
    assert inspector.problems == [], html
    assert "<script" not in html.lower()


def test_links_get_safe_rel_attributes():
    html, _ = render_markdown("[Home Office](https://www.gov.uk/)")
    assert 'href="https://www.gov.uk/"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_tables_and_strikethrough_render():
    html, _ = render_markdown("| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~")
    assert "<table>" in html and "<s>old</s>" in html


@pytest.mark.django_db
def test_mentions_link_organisations_and_name_people(organisation, member):
    rendered = render_post(
        "Ask @colne-valley-refuge-trust and @alice; mail x@y.org", {policy.MEMBERS}
    )
    assert f'href="{organisation.get_absolute_url()}"' in rendered.html
    assert "@Colne Valley Refuge Trust" in rendered.html
    assert '<span class="wm-mention">@Alice</span>' in rendered.html
    assert rendered.user_ids == [member.pk]
    assert "@y.org" in rendered.html  # an e-mail address is not a mention


@pytest.mark.django_db
def test_unknown_handles_stay_plain_text():
    rendered = render_post("Hello @nobody-at-all", {policy.PUBLIC})
    assert "wm-mention" not in rendered.html
    assert "@nobody-at-all" in rendered.html
