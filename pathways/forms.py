"""Drafting a pathway on the site: its scope, its steps, and the forms and documents to use
along it."""

from __future__ import annotations

from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from wagtail.documents import get_document_model
from wagtail.documents.forms import get_document_form

from core.forms import Form, GovukFormMixin, ModelForm
from pathways import documents as pathway_documents
from pathways.models import Pathway, PathwayStep

if TYPE_CHECKING:
    from wagtail.documents.models import AbstractDocument

    from accounts.models import User


class PathwayForm(ModelForm):
    class Meta:
        model = Pathway
        fields = [
            "title",
            "summary",
            "area",
            "age_group",
            "exploitation_type",
            "need_category",
            "emergency_route",
            "visibility",
            "review_date",
            "participating_organisations",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "emergency_route": forms.Textarea(attrs={"rows": 2}),
            "review_date": forms.DateInput(attrs={"type": "date"}),
            "participating_organisations": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "participating_organisations": "Each one's admin signs off before it is agreed.",
            "visibility": "Who may read it once it is agreed. Drafts are for members only.",
        }


class StepForm(ModelForm):
    class Meta:
        model = PathwayStep
        fields = [
            "order",
            "action",
            "responsible_organisation",
            "responsible_role",
            "is_nrm_first_responder",
            "how_to_contact",
            "when_to_contact",
            "timescale",
            "consent_given",
            "immediate_danger",
            "age_condition",
            "linked_services",
        ]
        widgets = {
            "how_to_contact": forms.Textarea(attrs={"rows": 2}),
            "linked_services": forms.SelectMultiple(attrs={"size": 4}),
        }


StepFormSet = forms.inlineformset_factory(
    Pathway, PathwayStep, form=StepForm, extra=2, can_delete=True
)


class PathwayDocumentsForm(Form):
    """Attach documents that are already on Waymark (the admin's chooser is staff-only)."""

    documents = forms.ModelMultipleChoiceField(
        label="Forms and documents to attach",
        queryset=get_document_model().objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text="Hold Ctrl (or Cmd on a Mac) to choose more than one.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        documents = self.fields["documents"]
        assert isinstance(documents, forms.ModelMultipleChoiceField)
        documents.queryset = pathway_documents.attachable_documents()


# Wagtail's own form for the document model, made at run time.
_WagtailDocumentForm: Any = get_document_form(get_document_model(), fields=["title", "file"])


class PathwayDocumentUploadForm(GovukFormMixin, _WagtailDocumentForm):  # type: ignore[misc]
    """Wagtail's own document form (extension and size checks), for one new file.

    Left empty, it is valid and saves nothing (build it with ``empty_permitted=True``).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("collection", None)
        title, upload = self.fields["title"], self.fields["file"]
        title.label = "Title of a new document"
        title.required = False
        title.help_text = "If you leave it empty, the file's name is used."
        upload.label = "Upload a new form or document"
        upload.widget = forms.ClearableFileInput()
        limit = pathway_documents.MAX_UPLOAD_BYTES
        if upload.max_upload_size is None or upload.max_upload_size > limit:
            upload.max_upload_size = limit
            upload.max_upload_size_text = filesizeformat(upload.max_upload_size)
        extensions = getattr(settings, "WAGTAILDOCS_EXTENSIONS", None)
        kinds = f": {', '.join(e.upper() for e in extensions)}" if extensions else ""
        upload.help_text = f"Up to {upload.max_upload_size_text}{kinds}."
        # Wagtail's __init__ already made bound fields with the old labels.
        self._bound_fields_cache.clear()

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean()
        upload = cleaned.get("file")
        if upload and not cleaned.get("title"):
            cleaned["title"] = PurePath(upload.name).stem.replace("_", " ")[:255]
        return cleaned

    def save_for(self, user: User) -> AbstractDocument:
        collection = pathway_documents.pathway_collection()
        # Wagtail's form files into ``self.collections`` when it offers only one.
        self.collections = [collection]
        self.instance.collection = collection
        self.instance.uploaded_by_user = user
        return self.save()
