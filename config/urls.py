from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import SetUpAuthenticatorApp
from core.health import healthz
from core.views import favicon, robots_txt

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Replaces allauth's own set-up page (same path and name): see SetUpAuthenticatorApp.
    path(
        "accounts/2fa/totp/activate/",
        SetUpAuthenticatorApp.as_view(),
        name="mfa_activate_totp",
    ),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("directory/", include("directory.urls")),
    path("forum/", include("forum.urls")),
    path("pathways/", include("pathways.urls")),
    path("search/", include("search.urls")),
    path("api/oruk/", include("openreferral.urls")),
    path("api/", include("search.api_urls")),
    path("sitemap.xml", sitemap, name="sitemap"),
]

# Nothing is served straight from the media folder: documents go through /documents/ and
# images through guidance's image view, both asking the access policy, so a members-only
# file has no public URL.
urlpatterns += [
    path("", include("guidance.urls")),  # images under /media/, *.ics routes of event pages
    path("", include(wagtail_urls)),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
