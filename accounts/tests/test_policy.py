"""The access policy, from both sides, for every role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import policy
from accounts.models import PrivateGroup

pytestmark = pytest.mark.django_db

MEMBERS_ONLY = {policy.MEMBERS}


def test_the_public_sees_only_public_content():
    anonymous = AnonymousUser()
    assert policy.audiences_for(anonymous) == {policy.PUBLIC}
    assert policy.can_see(anonymous, {policy.PUBLIC})
    assert not policy.can_see(anonymous, MEMBERS_ONLY)
    assert not policy.is_member(anonymous)


def test_a_signed_in_person_without_an_organisation_is_not_a_member(outsider):
    assert not policy.is_member(outsider)
    assert not policy.can_see(outsider, MEMBERS_ONLY)


def test_a_member_sees_members_content_and_their_organisation(
    member, organisation, other_organisation
):
    assert policy.can_see(member, MEMBERS_ONLY)
    assert policy.can_see(member, {policy.organisation_audience(organisation.pk)})
    assert not policy.can_see(member, {policy.organisation_audience(other_organisation.pk)})


def test_members_of_a_suspended_organisation_lose_member_access(member, organisation):
    organisation.status = organisation.Status.SUSPENDED
    organisation.save()
    policy.forget(member)
    assert not policy.is_member(member)
    assert not policy.can_see(member, MEMBERS_ONLY)


def test_a_private_group_is_seen_by_its_organisations_and_people_only(
    member, other_member, outsider, organisation
):
    group = PrivateGroup.objects.create(name="Car wash working group")
    group.organisations.add(organisation)
    audience = {group.audience}
    assert policy.can_see(member, audience)
    assert not policy.can_see(other_member, audience)
    group.users.add(other_member)
    policy.forget(other_member)
    assert policy.can_see(other_member, audience)
    assert not policy.can_see(outsider, audience)


def test_a_coordinator_sees_every_private_group(coordinator):
    group = PrivateGroup.objects.create(name="Police liaison")
    assert policy.can_see(coordinator, {group.audience})
    assert policy.can_moderate(coordinator)
    assert policy.can_verify_organisation(coordinator)
    assert policy.can_decide_join_requests(coordinator)


def test_only_coordinators_moderate_verify_and_decide(member, org_admin, editor):
    for user in (member, org_admin, editor, AnonymousUser()):
        assert not policy.can_moderate(user)
        assert not policy.can_verify_organisation(user)
        assert not policy.can_decide_join_requests(user)


def test_an_organisation_admin_manages_only_their_own_organisation(
    org_admin, member, coordinator, organisation, other_organisation
):
    assert policy.can_edit_organisation(org_admin, organisation)
    assert policy.can_invite_to(org_admin, organisation)
    assert not policy.can_edit_organisation(org_admin, other_organisation)
    assert not policy.can_invite_to(org_admin, other_organisation)
    assert not policy.can_edit_organisation(member, organisation)
    assert not policy.can_invite_to(member, organisation)
    assert policy.can_edit_organisation(coordinator, organisation)


def test_members_post_where_they_can_read_unless_suspended(member, outsider):
    from datetime import timedelta

    from django.utils import timezone

    assert policy.can_post(member, {policy.PUBLIC})
    assert policy.can_post(member, MEMBERS_ONLY)
    assert not policy.can_post(outsider, {policy.PUBLIC})
    assert not policy.can_post(AnonymousUser(), {policy.PUBLIC})
    member.suspended_until = timezone.now() + timedelta(days=1)
    assert not policy.can_post(member, MEMBERS_ONLY)


def test_staff_roles_need_two_factor_and_members_do_not(member, org_admin, coordinator, editor):
    assert not policy.needs_two_factor(member)
    assert not policy.needs_two_factor(AnonymousUser())
    assert policy.needs_two_factor(org_admin)
    assert policy.needs_two_factor(coordinator)
    assert policy.needs_two_factor(editor)


def test_only_coordinators_publish_pages(editor, coordinator):
    assert not policy.can_publish_pages(editor)
    assert policy.can_publish_pages(coordinator)
