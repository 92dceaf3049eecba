"""StreamField blocks for guidance: plain, accessible pieces in the GOV.UK style."""

from django.utils.text import slugify
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from guidance.choosers import category_chooser_viewset, organisation_chooser_viewset

# Section headings are their own block (h2), so rich text only carries h3 and below:
# the contents list is built from the h2 blocks.
RICH_TEXT_FEATURES = ["h3", "h4", "bold", "italic", "ol", "ul", "link", "document-link"]

OrganisationChooserBlock = organisation_chooser_viewset.get_block_class(
    name="OrganisationChooserBlock", module_path="guidance.blocks"
)
CategoryChooserBlock = category_chooser_viewset.get_block_class(
    name="CategoryChooserBlock", module_path="guidance.blocks"
)


class HeadingBlock(blocks.CharBlock):
    """A section heading (h2), listed in the page's contents."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("help_text", "A section heading. Long pages list these as contents.")
        super().__init__(**kwargs)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["anchor"] = slugify(value)
        return context

    class Meta:
        icon = "title"
        template = "guidance/blocks/heading.html"


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        choices=[("warning", "Warning"), ("information", "Information")], default="information"
    )
    heading = blocks.CharBlock(required=False, max_length=120)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        template = "guidance/blocks/callout.html"


class SignsChecklistBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Signs to spot", max_length=120)
    intro = blocks.TextBlock(required=False)
    signs = blocks.ListBlock(blocks.CharBlock(max_length=250), min_num=1)
    advice = blocks.RichTextBlock(
        required=False,
        features=RICH_TEXT_FEATURES,
        help_text="What to do if you notice these signs.",
    )

    class Meta:
        icon = "list-ul"
        template = "guidance/blocks/signs_checklist.html"


class ContactCardBlock(blocks.StructBlock):
    """An organisation's public contact details, read from the directory when rendered."""

    organisation = OrganisationChooserBlock()
    note = blocks.TextBlock(required=False, help_text="When to contact them, in a sentence.")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        from guidance.directory_links import is_public_organisation

        organisation = value.get("organisation")
        if is_public_organisation(organisation):
            context["organisation"] = organisation
            # Public fields only; members-only referral lines stay in the directory.
            context["contact"] = {
                field: getattr(organisation, field, "") for field in ("phone", "email", "website")
            }
        return context

    class Meta:
        icon = "user"
        template = "guidance/blocks/contact_card.html"


class HelplineBlock(blocks.StructBlock):
    helpline = SnippetChooserBlock("guidance.Helpline")

    class Meta:
        icon = "mobile-alt"
        template = "guidance/blocks/helpline.html"


class ServiceListBlock(blocks.StructBlock):
    """The directory's services in a category, as the public may see them."""

    heading = blocks.CharBlock(max_length=120)
    category = CategoryChooserBlock()
    limit = blocks.IntegerBlock(default=10, min_value=1, max_value=50)

    def get_context(self, value, parent_context=None):
        from guidance.directory_links import public_services_in

        context = super().get_context(value, parent_context)
        category = value.get("category")
        context["services"] = public_services_in(category, value.get("limit") or 10)
        return context

    class Meta:
        icon = "list-ul"
        template = "guidance/blocks/service_list.html"


class DocumentsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Downloads", max_length=120)
    documents = blocks.ListBlock(DocumentChooserBlock(), min_num=1)

    class Meta:
        icon = "doc-full"
        template = "guidance/blocks/documents.html"


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(max_length=250)
    answer = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)


class AccordionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default="Frequently asked questions", max_length=120)
    items = blocks.ListBlock(QuestionBlock(), min_num=1)

    class Meta:
        icon = "help"
        template = "guidance/blocks/accordion.html"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=160)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, required=False)


class StepListBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=120)
    steps = blocks.ListBlock(StepBlock(), min_num=1)

    class Meta:
        icon = "order"
        template = "guidance/blocks/step_list.html"


class GuidanceStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, template="guidance/blocks/text.html")
    callout = CalloutBlock()
    signs = SignsChecklistBlock()
    contact = ContactCardBlock()
    helpline = HelplineBlock()
    services = ServiceListBlock()
    documents = DocumentsBlock()
    faq = AccordionBlock()
    steps = StepListBlock()


class QuickLinkBlock(blocks.StructBlock):
    audience = blocks.CharBlock(max_length=80, help_text='Who this is for, e.g. "Taxi drivers".')
    page = blocks.PageChooserBlock()
    description = blocks.CharBlock(required=False, max_length=160)

    class Meta:
        icon = "link"
