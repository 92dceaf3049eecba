from django.urls import path

from directory import api

app_name = "oruk"

urlpatterns = [
    path("", api.root, name="root"),
    path("openapi.json", api.openapi, name="openapi"),
    path("services", api.services, name="services"),
    path("services/<uuid:id>", api.service_detail, name="service"),
    path("service_at_locations", api.service_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<uuid:id>",
        api.service_at_location_detail,
        name="service_at_location",
    ),
    path("organizations", api.organizations, name="organizations"),
    path("organizations/<uuid:id>", api.organization_detail, name="organization"),
    path("taxonomies", api.taxonomies, name="taxonomies"),
    path("taxonomies/<uuid:id>", api.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", api.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<uuid:id>", api.taxonomy_term_detail, name="taxonomy_term"),
]
