"""CSV export and import of services for coordinators (django-import-export).

An import behaves like the importing coordinator editing each service in the admin: every
created or changed service gets a revision in their name, published at once, with an
"Imported from CSV" entry in its history, so the change can be compared and reverted.
Unchanged rows are skipped and leave no trace. A service someone else holds (locked,
changes waiting for approval or scheduled, an unpublished draft) is refused with its
reason while the other rows go in; any invalid row stops the whole import.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import Model
from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget, Widget
from modelcluster.queryset import FakeQuerySet
from wagtail.actions.create import CreateAction
from wagtail.actions.edit import EditAction
from wagtail.log_actions import LogContext

from directory.models import Category, Language, Organisation, Service

if TYPE_CHECKING:
    from accounts.models import User

IMPORT_LOG_ACTION = "directory.import_csv"
IMPORT_CREATE_LOG_ACTION = "directory.import_csv.create"
BASELINE_LOG_ACTION = "directory.import_csv.baseline"
LOG_ACTIONS = {
    IMPORT_LOG_ACTION: ("Import from CSV", "Imported from CSV"),
    IMPORT_CREATE_LOG_ACTION: ("Create by CSV import", "Created by a CSV import"),
    BASELINE_LOG_ACTION: (
        "Recorded before a CSV import",
        "Recorded as it was before its first CSV import",
    ),
}


class UUIDWidget(Widget):
    """An ID column: a UUID, or blank for a new service."""

    def clean(self, value: object, row: Any = None, **kwargs: Any) -> uuid.UUID | None:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return uuid.UUID(text)
        except ValueError:
            raise ValueError(
                f"“{text}” is not a valid ID; leave it blank for a new service."
            ) from None

    def render(self, value: object, obj: Any = None, **kwargs: Any) -> str:
        return "" if value is None else str(value)


class _LookedUpOnce:
    """Related records found with one query per import for every value in the column."""

    noun = "record"
    model: type[Model]  # set by the import-export widget
    field = "pk"

    def keys_in(self, value: object) -> list[str]:
        return [str(value).strip()] if str(value or "").strip() else []

    def prime(self, values: Iterable[object]) -> None:
        self._found = self._look_up({key for value in values for key in self.keys_in(value)})

    def _look_up(self, keys: Iterable[str]) -> dict[str, Model]:
        found = self.model._default_manager.filter(**{f"{self.field}__in": keys})
        return {str(getattr(obj, self.field)): obj for obj in found}

    def find(self, keys: list[str]) -> list[Model]:
        found = getattr(self, "_found", None)
        if found is None:  # used outside an import: look these up now
            found = self._look_up(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            names = ", ".join(f"“{key}”" for key in missing)
            raise ValueError(f"There is no {self.noun} with the {self.field} {names}.")
        return [found[key] for key in keys]


class SlugForeignKeyWidget(_LookedUpOnce, ForeignKeyWidget):
    def __init__(self, model: type[Model], field: str, noun: str) -> None:
        super().__init__(model, field=field)
        self.noun = noun

    def clean(self, value: object, row: Any = None, **kwargs: Any) -> Model | None:
        keys = self.keys_in(value)
        return self.find(keys)[0] if keys else None


class SlugManyToManyWidget(_LookedUpOnce, ManyToManyWidget):
    def __init__(self, model: type[Model], field: str, noun: str, separator: str = "|") -> None:
        super().__init__(model, field=field, separator=separator)
        self.noun = noun

    def keys_in(self, value: object) -> list[str]:
        parts = str(value or "").split(self.separator)
        return list(dict.fromkeys(part.strip() for part in parts if part.strip()))

    def clean(self, value: object, row: Any = None, **kwargs: Any) -> list[Model]:
        return self.find(self.keys_in(value))


@dataclass(frozen=True)
class RefusedRow:
    number: int
    name: str
    reason: str


def refusal_reason(service: Service, user: User | None) -> str:
    """Why an import may not overwrite this service now, or "" when it may.

    A lock by someone else, changes waiting for approval or scheduled, or a draft not
    yet published: each is someone's work that publishing an import would bury.
    """
    if service.locked and service.locked_by_id != getattr(user, "pk", None):
        who = str(service.locked_by) if service.locked_by_id else "someone"
        since = f" since {service.locked_at:%d %B %Y %H:%M}" if service.locked_at else ""
        return f"it is locked by {who}{since}; ask them to unlock it, then import again"
    if service.workflow_in_progress:
        return (
            "it has changes waiting for a coordinator's approval; approve or reject them "
            "in the admin, then import again"
        )
    scheduled = service.scheduled_revision
    if scheduled is not None:
        return (
            f"it has changes scheduled to go live on {scheduled.approved_go_live_at:%d %B %Y}; "
            "cancel the schedule in the admin, then import again"
        )
    if service.has_unpublished_changes:
        return (
            "it has a saved draft that is not published yet; publish it or replace it in "
            "the admin, then import again"
        )
    return ""


class ServiceResource(resources.ModelResource):
    uuid = fields.Field(attribute="uuid", column_name="uuid", widget=UUIDWidget())
    organisation = fields.Field(
        attribute="organisation",
        column_name="organisation",
        widget=SlugForeignKeyWidget(Organisation, "slug", "organisation"),
    )
    categories = fields.Field(
        attribute="categories",
        column_name="categories",
        widget=SlugManyToManyWidget(Category, "slug", "category"),
    )
    languages = fields.Field(
        attribute="languages",
        column_name="languages",
        widget=SlugManyToManyWidget(Language, "code", "language"),
    )

    class Meta:
        model = Service
        import_id_fields = ["uuid"]
        fields = [
            "uuid",
            "organisation",
            "name",
            "slug",
            "description",
            "status",
            "categories",
            "languages",
            "phone",
            "email",
            "url",
            "referral_phone",
            "referral_email",
            "referral_form_url",
            "accepting_referrals",
            "available_24_7",
            "typical_wait",
            "minimum_age",
            "maximum_age",
            "gender",
            "cost",
            "last_reviewed",
        ]
        export_order = fields
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True
        skip_html_diff = True

    def __init__(
        self, user: User | None = None, *, check_only: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        self.user = user
        # A check reads and validates every row, refusals included, but saves nothing: the
        # revision work it skips is what makes a real import slow (see check_csv).
        self.check_only = check_only
        self.refused: list[RefusedRow] = []
        self._existing: dict[uuid.UUID, Service] = {}
        self._rows_by_id: dict[uuid.UUID, int] = {}
        self._row_number = 0

    # --- export ------------------------------------------------------------------

    def filter_export(self, queryset: Any, **kwargs: Any) -> Any:
        return queryset.select_related("organisation").prefetch_related("categories", "languages")

    # --- import: look everything up once ------------------------------------------

    def before_import(self, dataset: Any, **kwargs: Any) -> None:
        self.refused = []
        self._rows_by_id = {}
        headers = dataset.headers or []
        for name in ("organisation", "categories", "languages"):
            field = self.fields[name]
            if field.column_name in headers:
                field.widget.prime(dataset[field.column_name])
        ids: set[uuid.UUID] = set()
        if "uuid" in headers:
            for value in dataset["uuid"]:
                try:
                    ids.add(uuid.UUID(str(value or "").strip()))
                except ValueError:
                    continue  # reported against its row by get_instance
        self._existing = {
            service.uuid: service
            for service in Service.objects.filter(uuid__in=ids)
            .select_related("locked_by", "organisation")
            .prefetch_related("categories", "languages")
        }
        # import-export compares each row with a deep copy of its service, and a deep
        # copy of a queryset drops its results: held as lists, the categories and
        # languages survive the copy instead of costing two queries a row.
        for service in self._existing.values():
            cache = service._prefetched_objects_cache
            for name, queryset in cache.items():
                cache[name] = FakeQuerySet(queryset.model, list(queryset))

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        self._row_number = kwargs.get("row_number", 0)

    def get_instance(self, instance_loader: Any, row: Any) -> Service | None:
        try:
            key = self.fields["uuid"].clean(row)
        except ValueError as error:
            raise ValidationError({"uuid": str(error)}) from None
        if key is None:
            return None
        if key in self._rows_by_id:
            raise ValidationError(
                {"uuid": f"This ID is also in row {self._rows_by_id[key]}; list each service once."}
            )
        self._rows_by_id[key] = self._row_number
        return self._existing.get(key)

    def import_field(
        self, field: Any, instance: Service, row: Any, is_m2m: bool = False, **kwargs: Any
    ) -> None:
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except ArithmeticError:  # a number widget given words (decimal.InvalidOperation)
            value = row.get(field.column_name)
            raise ValueError(f"“{value}” is not a number.") from None

    def import_instance(self, instance: Service, row: Any, **kwargs: Any) -> None:
        """Every column onto the instance, the many-to-many ones too (in memory: the
        revision carries them and publishing it writes them)."""
        errors: dict[str, Any] = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self.get_import_fields():
            if isinstance(field.widget, ManyToManyWidget):
                try:
                    self.import_field(field, instance, row, is_m2m=True, **kwargs)
                except ValueError as error:
                    errors[field.attribute] = ValidationError(str(error), code="invalid")
        if instance.uuid is None:
            instance.uuid = uuid.uuid4()
        if errors:
            raise ValidationError(errors)

    def validate_instance(
        self,
        instance: Service,
        import_validation_errors: dict[str, Any] | None = None,
        validate_unique: bool = True,
    ) -> None:
        """full_clean on the file's columns only: the other fields (revisions, the lock)
        are as saved, and checking each of their foreign keys would cost a query a row."""
        errors = dict(import_validation_errors or {})
        imported = {field.attribute for field in self.get_import_fields()}
        untouched = {f.name for f in Service._meta.concrete_fields} - imported
        try:
            instance.full_clean(exclude=untouched | set(errors), validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def skip_row(
        self,
        instance: Service,
        original: Service | None,
        row: Any,
        import_validation_errors: dict[str, Any] | None = None,
    ) -> bool:
        if super().skip_row(instance, original, row, import_validation_errors):
            return True
        if import_validation_errors or original is None or original.pk is None:
            return False
        reason = refusal_reason(original, self.user)
        if reason:
            self.refused.append(RefusedRow(self._row_number, str(original), reason))
            return True
        return False

    # --- import: save as the coordinator's published revision ---------------------

    def save_instance(self, instance: Service, is_create: bool, row: Any, **kwargs: Any) -> None:
        if self.check_only:
            return
        self.before_save_instance(instance, row, **kwargs)
        if self._is_using_transactions(kwargs) or not self._is_dry_run(kwargs):
            # One log context per row: the admin's history groups entries that share a
            # context and an action, so a request-wide one would hide all but one
            # service's "Published".
            with LogContext(user=self.user):
                self._save_as_admin_edit(instance, is_create)
        self.after_save_instance(instance, row, **kwargs)

    def _save_as_admin_edit(self, instance: Service, is_create: bool) -> None:
        # clean=False: validate_instance has just run full_clean on this instance.
        options = {"user": self.user, "publish": True, "clean": False}
        if is_create:
            CreateAction(instance, log_action=IMPORT_CREATE_LOG_ACTION, **options).execute()
            return
        if instance.latest_revision_id is None:
            self._record_baseline(instance)
        EditAction(instance, log_action=IMPORT_LOG_ACTION, **options).execute()

    def save_m2m(self, instance: Service, row: Any, **kwargs: Any) -> None:
        """Already saved: the published revision carries the categories and languages."""

    def _record_baseline(self, instance: Service) -> None:
        """A service never edited in the admin has no revision to go back to; keep one of
        it as it was, so the import can be compared and reverted like any edit."""
        before = Service.objects.get(pk=instance.pk)
        before.save_revision(clean=False, changed=False, log_action=BASELINE_LOG_ACTION)
        instance.latest_revision = before.latest_revision


# --- running an import: the quick check on upload, the real one in the background ------


def check_csv(dataset: Any, user: User | None) -> dict[str, Any]:
    """What importing this file would do, found without saving a thing: each row
    validated, its refusal reason looked up, nothing written. Fast enough to answer the
    upload itself (a second or two for thousands of rows)."""
    resource = ServiceResource(user=user, check_only=True)
    result = resource.import_data(dataset, dry_run=True, raise_errors=False, use_transactions=True)
    return summarise(result, resource, dry_run=True)


def import_csv(dataset: Any, user: User | None) -> dict[str, Any]:
    """The real import, all or nothing: any invalid row or error rolls every row back."""
    resource = ServiceResource(user=user)
    result = resource.import_data(
        dataset,
        dry_run=False,
        raise_errors=False,
        use_transactions=True,
        rollback_on_validation_errors=True,
    )
    return summarise(result, resource, dry_run=False)


def summarise(result: Any, resource: ServiceResource, *, dry_run: bool) -> dict[str, Any]:
    """An import's outcome as plain data (it is kept as JSON on the CSVImport)."""
    from import_export.results import RowResult

    totals = result.totals
    refused = len(resource.refused)
    failed = result.has_errors() or result.has_validation_errors()
    counts = {
        "added": totals.get(RowResult.IMPORT_TYPE_NEW, 0),
        "changed": totals.get(RowResult.IMPORT_TYPE_UPDATE, 0),
        "unchanged": totals.get(RowResult.IMPORT_TYPE_SKIP, 0) - refused,
        "refused": refused,
    }
    words = {"added": "would be added", "changed": "would be changed"} if dry_run else {}
    changed_rows = [
        {
            "name": row.object_repr,
            "is_new": row.import_type == RowResult.IMPORT_TYPE_NEW,
            "service_id": None if dry_run else row.object_id,
        }
        for row in result.rows
        if row.import_type in (RowResult.IMPORT_TYPE_NEW, RowResult.IMPORT_TYPE_UPDATE)
    ]
    return {
        "failed": failed,
        "totals": counts,
        "totals_text": ", ".join(
            f"{count} {words.get(key, key)}" for key, count in counts.items() if count
        )
        or "no rows",
        "changed_rows": [] if failed else changed_rows,
        "refused": [
            {"number": row.number, "name": row.name, "reason": row.reason}
            for row in resource.refused
        ],
        "errors": error_lines(result),
    }


def error_lines(result: Any) -> list[str]:
    """Each invalid row as "Row 2: field: message", counted from the first data row."""
    lines = [str(error.error) for error in result.base_errors]
    for row in result.invalid_rows:
        fields = row.field_specific_errors.items()
        parts = [f"{field}: {'; '.join(errors)}" for field, errors in fields]
        parts += list(row.non_field_specific_errors)
        lines.append(f"Row {row.number}: " + "; ".join(parts))
    for line, errors in result.row_errors():
        lines.append(f"Row {line}: " + " ".join(str(error.error) for error in errors))
    return lines
