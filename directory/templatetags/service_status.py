"""What a card or a service page says about opening hours and (for members) space tonight.

Both read only what the listing loaded (``OPENING_PREFETCH``, and ``availability`` by
``select_related`` or ``prefetch_related``): a listing that did not load them shows nothing
rather than asking a query per card."""

from django import template
from django.utils import timezone

from directory import availability
from directory.models import Service
from directory.opening import OPENING_PREFETCH, Opening, opening

register = template.Library()


@register.simple_tag
def opening_of(service: Service) -> Opening | None:
    loaded = getattr(service, "_prefetched_objects_cache", {})
    if not all(name in loaded for name in OPENING_PREFETCH):
        return None
    return opening(service, timezone.now())


@register.simple_tag(takes_context=True)
def availability_of(context, service: Service) -> availability.AvailabilityView | None:
    if not Service.availability.is_cached(service):
        return None
    request = context.get("request")
    return availability.for_user(getattr(request, "user", None), service)


@register.filter
def upcoming(closures) -> list:
    """Closures not yet over, from a prefetched ``service.closures.all``."""
    today = timezone.localdate()
    return [closure for closure in closures if closure.ends_on >= today]


@register.simple_tag
def languages_of(service: Service, searched=()) -> list[tuple[str, bool]]:
    """A service's languages as (name, searched for), those searched for first, from a
    prefetched ``service.languages.all``."""
    names = [language.name for language in service.languages.all()]
    return sorted(((name, name in searched) for name in names), key=lambda pair: not pair[1])
