from django.core.exceptions import PermissionDenied
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts import policy
from guidance.choosers import category_chooser_viewset, organisation_chooser_viewset
from guidance.media_access import is_members_only_document, refuse_unless_member
from guidance.models import FooterLink, Helpline
from guidance.visibility import is_members_only


@hooks.register("register_admin_viewset")
def register_directory_choosers():
    return [organisation_chooser_viewset, category_chooser_viewset]


@hooks.register("before_serve_page")
def members_only_pages(page, request, serve_args, serve_kwargs):
    """Wagtail lets any signed-in person through a "logged-in users" restriction; Waymark
    reads it as members only. Anonymous readers are sent to sign in by Wagtail itself."""
    user = request.user
    if user.is_authenticated and is_members_only(page) and not policy.is_member(user):
        raise PermissionDenied("This page is for members of the network.")


@hooks.register("before_serve_document")
def members_only_documents(document, request):
    """Documents of members-only pages or collections are for members only."""
    if is_members_only_document(document):
        return refuse_unless_member(request, "document")


class HelplineViewSet(SnippetViewSet):
    model = Helpline
    icon = "mobile-alt"
    list_display = ["name", "phone", "hours"]
    search_fields = ["name", "phone"]


class FooterLinkViewSet(SnippetViewSet):
    model = FooterLink
    icon = "link"
    list_display = ["title", "url", "sort_order"]


class ReusableContentGroup(SnippetViewSetGroup):
    menu_label = "Reusable content"
    menu_icon = "snippet"
    items = (HelplineViewSet, FooterLinkViewSet)


register_snippet(ReusableContentGroup)
