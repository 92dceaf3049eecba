"""Background work for the directory: a coordinator's CSV import of services.

The upload is checked in the request (see views.import_services_csv); the import
itself, a published revision per changed service, can take minutes, longer than a web
worker may take, so it runs here. It is safe to run again: a finished (done or failed)
import is left as it is, and an import that stopped half-way wrote nothing (one
transaction), so running it again starts clean; rows already imported would be unchanged
and skipped anyway.
"""

from __future__ import annotations

import logging

import tablib
from django_tasks import task

from accounts import policy
from core.db import retry_when_locked

logger = logging.getLogger(__name__)


@task()
def import_services(import_id: int) -> str:
    from directory.csv_import.resources import import_csv
    from directory.models import CSVImport

    csv_import = CSVImport.objects.select_related("user").filter(pk=import_id).first()
    if csv_import is None or csv_import.is_finished:
        return "gone" if csv_import is None else csv_import.status
    user = csv_import.user
    if user is None or not policy.can_manage_directory(user):
        csv_import.fail(
            "Not imported: the coordinator who uploaded the file can no longer manage the "
            "directory. Upload it again yourself."
        )
        return csv_import.status
    csv_import.mark_running()
    try:
        dataset = tablib.Dataset().load(csv_import.text, format="csv")
        dataset.headers = [str(header).strip() for header in dataset.headers or []]
        # The outcome is saved with the import's own writes: done means imported. Tried again
        # from the start while another writer holds an SQLite database.
        retry_when_locked(lambda: csv_import.finish(import_csv(dataset, user)))
    except Exception as error:
        logger.exception("CSV import %s failed", import_id)
        csv_import.fail(
            f"Nothing was imported: the import stopped with an error ({type(error).__name__}: "
            f"{error}). Try again; if it fails again, tell the site's developers."
        )
    return csv_import.status
