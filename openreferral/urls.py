from django.urls import path, re_path

from openreferral import api

app_name = "oruk"

urlpatterns = [
    path("", api.root, name="root"),
    path("openapi.json", api.openapi, name="openapi"),
    path("services", api.services, name="services"),
    path("services/<str:id>", api.service_detail, name="service"),
    path("service_at_locations", api.service_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<str:id>",
        api.service_at_location_detail,
        name="service_at_location",
    ),
    path("organizations", api.organizations, name="organizations"),
    path("organizations/<str:id>", api.organization_detail, name="organization"),
    path("taxonomies", api.taxonomies, name="taxonomies"),
    path("taxonomies/<str:id>", api.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", api.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:id>", api.taxonomy_term_detail, name="taxonomy_term"),
    # Anything else under /api/oruk/ is a JSON 404, not the site's HTML page or a redirect.
    re_path(r"^(?P<path>.*)$", api.not_found),
]
