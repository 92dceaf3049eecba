from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The site's front page: what the network is and where to get help."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, "intro"]
    max_count = 1
