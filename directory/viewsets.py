"""Wagtail admin viewsets whose every view asks the permission policy about its object.

Many of Wagtail's generic views (history, revision compare, usage, lock, workflow history, the
snippet choosers, the bulk delete page) check only the model-level permission, e.g. "may this
person change organisations at all?", and never "may they change *this* organisation?". The
viewsets here mix ``InstancePolicyViewMixin`` into every view they build (``construct_view``
is the one door all of a viewset's views pass through, so a view a newer Wagtail adds is
checked too). The rules themselves stay in the registered permission policies
(``directory/permissions.py``, built on ``accounts/policy.py``).
"""

from __future__ import annotations

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import policy_registry
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

# Every action Wagtail asks a policy about. An object on which someone holds none of them
# does not exist for them in the admin.
ANY_ACTION = ("add", "change", "delete", "view", "publish", "lock", "unlock")


def reachable_instances(user, model) -> QuerySet:
    """The rows of ``model`` that ``user`` may reach at all in the admin."""
    return policy_registry.get_by_type(model).instances_user_has_any_permission_for(
        user, ANY_ACTION
    )


def only_reachable(queryset: QuerySet, user) -> QuerySet:
    # Combined (not a pk subquery) so the admin's search backend sees plain filter fields.
    return queryset & reachable_instances(user, queryset.model)


def get_reachable_or_404(user, model, pk):
    """The live row (never a draft revision, whose organisation may differ) if ``user`` may
    reach it; otherwise 404, so nothing of it shows, not even that it exists."""
    try:
        return reachable_instances(user, model).get(pk=unquote(str(pk)))
    except (model.DoesNotExist, ValueError, ValidationError) as error:
        raise Http404 from error


class InstancePolicyViewMixin:
    """Before a view sets itself up: the person must hold some permission on the model, and a
    view of one object (a ``pk`` in its URL) must find it among the rows they may reach and
    may do the view's own action (``permission_required`` / ``any_permission_required``) on
    it. Listings show only the rows they may reach."""

    @property
    def policy_model(self):
        return getattr(self, "model_class", None) or self.model

    def setup(self, request, *args, **kwargs):
        policy = policy_registry.get_by_type(self.policy_model)
        if not policy.user_has_any_permission(request.user, ANY_ACTION):
            raise PermissionDenied
        if "pk" in kwargs:
            instance = get_reachable_or_404(request.user, self.policy_model, kwargs["pk"])
            actions = self.instance_actions()
            if actions and not policy.user_has_any_permission_for_instance(
                request.user, actions, instance
            ):
                raise PermissionDenied
        super().setup(request, *args, **kwargs)

    def instance_actions(self) -> list[str]:
        required = getattr(self, "permission_required", None)
        if required:
            return [required]
        return list(getattr(self, "any_permission_required", None) or [])

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        if isinstance(queryset, QuerySet) and queryset.model is self.policy_model:
            return only_reachable(queryset, self.request.user)
        return queryset


class ChooserPolicyMixin(InstancePolicyViewMixin):
    """Choosers list and return only reachable rows, and offer no creation form unless one
    is configured (Wagtail's snippet chooser has none, and a POST to it would fail)."""

    def get_object_list(self):
        return only_reachable(super().get_object_list(), self.request.user)

    def get_objects(self, pks):
        return only_reachable(super().get_objects(pks), self.request.user)

    def can_create(self):
        return self.get_creation_form_class() is not None and super().can_create()


class PolicyCheckedViewSetMixin:
    view_policy_mixin: type = InstancePolicyViewMixin

    def construct_view(self, view_class, **kwargs):
        if not issubclass(view_class, self.view_policy_mixin):
            view_class = type(view_class.__name__, (self.view_policy_mixin, view_class), {})
        return super().construct_view(view_class, **kwargs)


class PolicySnippetChooserViewSet(PolicyCheckedViewSetMixin, SnippetChooserViewSet):
    view_policy_mixin = ChooserPolicyMixin


class PolicySnippetViewSet(PolicyCheckedViewSetMixin, SnippetViewSet):
    chooser_viewset_class = PolicySnippetChooserViewSet


class PolicyModelViewSet(PolicyCheckedViewSetMixin, ModelViewSet):
    pass


class PolicyDeleteBulkAction(DeleteBulkAction):
    """Wagtail's bulk delete page names every object asked for (``?id=all``: all of them),
    listing those the person may not delete as such. This one considers only the rows they
    may reach at all (and answers 404, not 500, to an id that is no number)."""

    def get_queryset(self, model, object_ids):
        # A classmethod in Wagtail, called on the action itself: here it needs the person.
        try:
            objects = list(
                only_reachable(model._default_manager.filter(pk__in=object_ids), self.request.user)
            )
        except (ValueError, ValidationError) as error:
            raise Http404 from error
        if not objects:
            raise Http404
        return objects
