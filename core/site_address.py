"""Absolute URLs from the configured site address (WAYMARK_BASE_URL), never from the
request's Host header: feeds, sitemaps, calendar files and e-mails are read elsewhere, later,
and a proxy or a test client may have sent any host."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def base_url() -> str:
    return str(settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute(path: str) -> str:
    """``/forum/t/1/`` as ``https://waymark.example/forum/t/1/``; an absolute URL as it is."""
    if "://" in path:
        return path
    return base_url() + "/" + path.lstrip("/")


def rebase(url: str) -> str:
    """A URL built from a request (``http://localhost/x/?y``) moved onto the site address."""
    return absolute(urlsplit(url)._replace(scheme="", netloc="").geturl())
