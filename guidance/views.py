from types import SimpleNamespace

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.views import static
from wagtail.images import get_image_model
from wagtail.views import serve

from guidance import privacy
from guidance.media_access import is_members_only_image, refuse_unless_member
from guidance.models import PrivacyNoticePage


def calendar_file(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail only serves paths ending in "/": hand ``/events/feed.ics`` to the page's
    ``feed.ics/`` route, through Wagtail's serve (and so its privacy checks)."""
    return serve(request, path + "/")


def privacy_notice(request: HttpRequest) -> HttpResponse:
    """``/privacy/``, the address every link uses: the editors' notice wherever it sits in the
    tree (through Wagtail's serve), or the default text while there is no published one."""
    page = PrivacyNoticePage.objects.live().public().first()
    parts = page.get_url_parts(request) if page else None  # None: outside every site
    if parts is None:
        default = SimpleNamespace(title=privacy.TITLE, summary=privacy.SUMMARY, body=privacy.BODY)
        return render(request, "guidance/privacy_notice_page.html", {"page": default})
    _site_id, _root_url, page_path = parts
    return serve(request, page_path.lstrip("/"))


def image_file(request: HttpRequest, path: str) -> HttpResponseBase:
    """An original image or a rendition from the media folder, only for those who may see
    it: pictures of members-only pages and collections are for members. A file Wagtail does
    not know is not served at all."""
    image = _image_stored_at(path)
    if image is None:
        raise Http404("No such image.")
    members_only = is_members_only_image(image)
    if members_only and (refusal := refuse_unless_member(request, "picture")):
        return refusal
    response = static.serve(request, path, document_root=settings.MEDIA_ROOT)
    if members_only:
        patch_cache_control(response, private=True)
    return response


def _image_stored_at(path: str):
    Image = get_image_model()
    if path.startswith("original_images/"):
        return Image.objects.filter(file=path).first()
    rendition = (
        Image.get_rendition_model().objects.filter(file=path).select_related("image").first()
    )
    return rendition.image if rendition else None
