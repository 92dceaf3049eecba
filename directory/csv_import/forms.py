from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from core.forms import Form


class CSVImportForm(Form):
    """A CSV file of services, read into a dataset; anything that is not a sensible CSV
    file is refused here, before a single row is looked at."""

    MAX_BYTES = 2 * 1024 * 1024
    # Every row is checked in the upload's request: 1,000 rows took 3.9 s here and 5,000
    # took 21 s, so 2,000 stay well inside the web server's 30 s timeout.
    MAX_ROWS = 2000
    REQUIRED_COLUMNS = ("uuid", "organisation", "name", "slug")

    file = forms.FileField(
        label="CSV file of services",
        help_text="A .csv file saved as UTF-8, at most 2 MB and 2,000 rows.",
    )
    dry_run = forms.BooleanField(label="Check only, change nothing", required=False)

    def clean_file(self) -> UploadedFile:
        import tablib

        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".csv"):
            raise ValidationError(
                "Upload a .csv file (in a spreadsheet, use “Save as” and choose CSV UTF-8)."
            )
        if (upload.size or 0) > self.MAX_BYTES:
            raise ValidationError("The file is larger than 2 MB; split it into smaller files.")
        raw = upload.read(self.MAX_BYTES + 1)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError(
                "The file is not UTF-8 text; save it from your spreadsheet as CSV UTF-8."
            ) from None
        if "\x00" in text:
            raise ValidationError("The file is not a CSV file; it holds binary data.")
        try:
            dataset = tablib.Dataset().load(text, format="csv")
        except Exception:  # tablib raises several kinds for a ragged or broken file
            raise ValidationError(
                "The file could not be read as CSV; check that every row has the same "
                "columns as the headings."
            ) from None
        headers = [str(header).strip() for header in (dataset.headers or [])]
        missing = [column for column in self.REQUIRED_COLUMNS if column not in headers]
        if missing:
            raise ValidationError(
                "The first row must hold the column headings; missing: "
                + ", ".join(missing)
                + ". Download the services as CSV to see them."
            )
        if len(dataset) > self.MAX_ROWS:
            raise ValidationError(
                f"The file has {len(dataset):,} rows; import at most {self.MAX_ROWS:,} at a time."
            )
        dataset.headers = headers
        self.dataset = dataset
        self.text = text
        return upload
