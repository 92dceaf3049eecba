"""Admin choosers for directory records, so StreamField blocks can point at live entries."""

from wagtail.admin.viewsets.chooser import ChooserViewSet

from directory.models import Category, Organisation


class OrganisationChooserViewSet(ChooserViewSet):
    model = Organisation
    icon = "group"
    choose_one_text = "Choose an organisation"
    choose_another_text = "Choose another organisation"

    def get_object_list(self):
        return Organisation.objects.visible().order_by("name")


class CategoryChooserViewSet(ChooserViewSet):
    model = Category
    icon = "tag"
    choose_one_text = "Choose a service category"
    choose_another_text = "Choose another category"


organisation_chooser_viewset = OrganisationChooserViewSet("guidance_organisation_chooser")
category_chooser_viewset = CategoryChooserViewSet("guidance_category_chooser")
