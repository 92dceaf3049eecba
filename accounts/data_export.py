"""A person's copy of everything Waymark holds about them (UK GDPR article 15, the right of
access): one zip of JSON and a readable HTML summary, built in the background, announced by
e-mail with a link, downloaded only by that person (``policy.may_download_export``) and
deleted when it expires (``settings.DATA_EXPORT_EXPIRY_DAYS``, accounts/schedule.py).

Each app says what it holds about a person in its own ``<app>/personal_data.py`` with the
``section`` decorator (accounts knows people, not content). A section lists the person's own
records only, and names other people's things (a thread's title, a category) only where the
person may still see them; never another person's posts or e-mail address.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.module_loading import autodiscover_modules
from django_tasks import task

from accounts.models import DataExport, User
from core import site_address

Records = list[dict[str, Any]]
Held = dict[str, Records]
Section = Callable[[User], Held]

JSON_NAME = "waymark-data.json"
BUILDING_TAKES_AT_MOST = timedelta(hours=1)
HTML_NAME = "waymark-data.html"

_sections: dict[str, Section] = {}


def section(function: Section) -> Section:
    """Register ``function(user)``, which returns ``{heading: [record, ...]}``."""
    _sections[f"{function.__module__}.{function.__qualname__}"] = function
    return function


def collect(user: User) -> Held:
    """Everything the apps hold about ``user``, by heading, in the order of INSTALLED_APPS."""
    autodiscover_modules("personal_data")
    held: Held = {}
    for function in _sections.values():
        held.update(function(user))
    return held


def build_archive(user: User) -> bytes:
    held = collect(user)
    about = {
        "site": site_address.base_url(),
        "person": user.email,
        "generated_at": timezone.now(),
        "privacy_notice": site_address.absolute(reverse("guidance:privacy")),
    }
    text = json.dumps({"about": about, **held}, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
    summary = render_to_string(
        "accounts/data_export/summary.html",
        {
            "about": about,
            "held": [(h, _readable(r)) for h, r in held.items()],
            "json_name": JSON_NAME,
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(JSON_NAME, text)
        archive.writestr(HTML_NAME, summary)
    return buffer.getvalue()


Readable = list[list[tuple[str, str, "Readable"]]]


def _readable(records: Records) -> Readable:
    """Records as (label, text, nested records) rows, for the HTML summary."""
    return [
        [
            (label, "", _readable(value))
            if isinstance(value, list) and value and isinstance(value[0], dict)
            else (label, _text(value), [])
            for label, value in record.items()
        ]
        for record in records
    ]


def _text(value: object) -> str:
    if value is None or value == []:
        return "–"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def request_export(user: User) -> tuple[DataExport, bool]:
    """Queue a new copy for ``user``, unless one is still being prepared; returns the export
    and whether it is new. One waiting far longer than a build takes lost its worker: the
    person may ask again (the purge deletes it with the expired)."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one request at a time
        waiting = user.data_exports.filter(
            status=DataExport.Status.QUEUED,
            requested_at__gt=timezone.now() - BUILDING_TAKES_AT_MOST,
        ).first()
        if waiting is not None:
            return waiting, False
        export = DataExport.objects.create(user=user)
        # With the database queue the task is written in this transaction (outbox).
        build_data_export.enqueue(export.pk)
    return export, True


@task()
def build_data_export(export_id: int) -> None:
    export = (
        DataExport.objects.select_related("user")
        .filter(pk=export_id, status=DataExport.Status.QUEUED)
        .first()
    )
    if export is None:  # built already, or expired and deleted meanwhile
        return
    try:
        archive = build_archive(export.user)
    except Exception:
        DataExport.objects.filter(pk=export.pk).update(status=DataExport.Status.FAILED)
        raise
    export.mark_ready(archive)
    _send_ready_email(export)


def _send_ready_email(export: DataExport) -> None:
    # Only a link: the archive itself never travels by e-mail.
    context = {
        "export": export,
        "url": site_address.absolute(reverse("accounts:download_data_export", args=[export.token])),
        "privacy_url": site_address.absolute(reverse("guidance:privacy")),
    }
    send_mail(
        "Your Waymark data is ready to download",
        render_to_string("accounts/email/data_export_ready.txt", context),
        None,
        [export.user.email],
    )


def purge_expired() -> int:
    """Delete every copy past its expiry (ready, failed or never built); returns how many."""
    deleted, _ = DataExport.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted
