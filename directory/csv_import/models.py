from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone


class CSVImport(models.Model):
    """One coordinator's CSV file of services, kept here (not on disk) so any worker can
    import it in the background; its status page shows how it went. The file's text is kept
    only until the import is done or has failed: it may hold members-only contact details,
    and the result says what happened."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=255)
    text = models.TextField()
    row_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "CSV import"

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("directory_import_status", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    # Even 2,000 changed rows take a minute or two; far longer means the worker stopped.
    STUCK_AFTER = timedelta(minutes=30)

    @property
    def seems_stuck(self) -> bool:
        return (
            self.status == self.Status.RUNNING
            and self.started_at is not None
            and timezone.now() - self.started_at > self.STUCK_AFTER
        )

    def mark_running(self) -> None:
        self.status = self.Status.RUNNING
        self.started_at = timezone.now()
        self.error = ""
        self.save(update_fields=["status", "started_at", "error"])

    def finish(self, result: dict) -> None:
        self.status = self.Status.FAILED if result["failed"] else self.Status.DONE
        self.result = result
        self.error = (
            "Nothing was imported: these rows could not be imported (the directory may "
            "have changed since the file was checked). Fix them and upload the file again."
            if result["failed"]
            else ""
        )
        self.finished_at = timezone.now()
        self.text = ""
        self.save(update_fields=["status", "result", "error", "finished_at", "text"])

    def fail(self, reason: str) -> None:
        self.status = self.Status.FAILED
        self.error = reason
        self.finished_at = timezone.now()
        self.text = ""
        self.save(update_fields=["status", "error", "finished_at", "text"])
