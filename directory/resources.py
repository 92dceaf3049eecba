"""CSV export and import of services for coordinators (django-import-export)."""

from import_export import fields, resources
from import_export.widgets import ForeignKeyWidget, ManyToManyWidget

from directory.models import Category, Language, Organisation, Service


class ServiceResource(resources.ModelResource):
    organisation = fields.Field(
        attribute="organisation",
        column_name="organisation",
        widget=ForeignKeyWidget(Organisation, field="slug"),
    )
    categories = fields.Field(
        attribute="categories",
        column_name="categories",
        widget=ManyToManyWidget(Category, field="slug", separator="|"),
    )
    languages = fields.Field(
        attribute="languages",
        column_name="languages",
        widget=ManyToManyWidget(Language, field="code", separator="|"),
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
