"""What guidance shows from the directory: only what the public may see there."""

from directory.models import Category, Organisation, Service


def is_public_organisation(organisation: Organisation | None) -> bool:
    return (
        organisation is not None
        and not organisation.is_suspended
        and getattr(organisation, "live", True)
    )


def public_services_in(category: Category | None, limit: int) -> list[Service]:
    """Active services of organisations the public may see, in one query."""
    if category is None:
        return []
    services = Service.objects.all()
    if hasattr(services, "visible"):  # the directory's own rule for what is published
        services = services.visible()
    return list(
        services.filter(categories=category, status=Service.Status.ACTIVE)
        .exclude(organisation__status=Organisation.Status.SUSPENDED)
        .select_related("organisation")
        .order_by("name")[:limit]
    )
