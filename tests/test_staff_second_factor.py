"""Staff powers need the second factor in this session, everywhere: a walk of the URL conf.

Every URL outside the admin and allauth is either in STAFF_ONLY (with how to call it and
who may) or in NOT_STAFF_ONLY; a new view that is in neither fails the first test, so it
cannot slip through unclassified. Every admin URL is walked too.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import JoinRequest, Membership
from conftest import PASSWORD, make_user, totp_code
from conftest import verified_email as _verified
from forum import services as forum_services
from forum.models import Category, Flag
from pathways.models import Pathway
from tests.factories import PathwayFactory

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class StaffView:
    method: str
    role: str  # the fixture of a person whose staff role allows it
    kwargs: Callable[[Any], dict[str, Any]] = lambda world: {}  # noqa: E731
    data: Callable[[Any], dict[str, Any]] = lambda world: {}  # noqa: E731


STAFF_ONLY = {
    "accounts:join_requests": StaffView("get", "coordinator"),
    "accounts:decide_join_request": StaffView(
        "post",
        "coordinator",
        lambda w: {"pk": w.join_request.pk},
        lambda w: {"decision": "decline"},
    ),
    "accounts:organisation_members": StaffView(
        "get", "org_admin", lambda w: {"slug": w.organisation.slug}
    ),
    "accounts:remove_member": StaffView(
        "post",
        "org_admin",
        lambda w: {"slug": w.organisation.slug, "membership_id": w.membership.pk},
    ),
    "accounts:privacy_review": StaffView("get", "coordinator"),
    "accounts:close_account_of": StaffView(
        "post", "coordinator", lambda w: {"pk": w.member.pk}, lambda w: {"confirm": "on"}
    ),
    "directory:tonight": StaffView("get", "coordinator"),
    "directory:access_log": StaffView("get", "org_admin", lambda w: {"slug": w.organisation.slug}),
    "forum:moderation": StaffView("get", "coordinator"),
    "forum:resolve_flag": StaffView("post", "coordinator", lambda w: {"pk": w.flag.pk}),
    "forum:suspend": StaffView(
        "post",
        "coordinator",
        lambda w: {"pk": w.member.pk},
        lambda w: {"days": "7", "reason": "Posted a client's name"},
    ),
    "forum:moderate_thread": StaffView(
        "post", "coordinator", lambda w: {"pk": w.thread.pk, "action": "lock"}
    ),
    "forum:moderate_post": StaffView(
        "post", "coordinator", lambda w: {"pk": w.post.pk, "action": "hide"}
    ),
    "pathways:awaiting_sign_off": StaffView("get", "org_admin"),
    "pathways:sign_off": StaffView(
        "post",
        "org_admin",
        lambda w: {
            "slug": w.pathway.slug,
            "version": w.pathway.version,
            "organisation": w.organisation.pk,
        },
    ),
}

# Public or members' views: what they show is decided by the policy's audiences, which a
# password-only session of a staff person keeps as an ordinary member's.
NOT_STAFF_ONLY = {
    "healthz",
    "robots_txt",
    "favicon",
    "sitemap",
    "wagtail_serve",
    "wagtaildocs_serve",
    "wagtaildocs_authenticate_with_password",
    "wagtailcore_authenticate_with_password",
    "wagtailcore_login",  # leads to allauth's sign-in (accounts.middleware)
    "accounts:profile",
    # A person's own data: theirs alone, whatever roles they hold (accounts.policy).
    "accounts:data_export",
    "accounts:download_data_export",
    "mfa_activate_totp",  # allauth's set-up of an authenticator app, recording its use
    "accounts:join",
    "accounts:accept_invitation",
    # Closing one's own account; staff need the second factor for it (accounts.policy).
    "accounts:close_account",
    "directory:index",
    "directory:shortlists",
    "directory:shortlist_add",
    "directory:shortlist",
    "directory:shortlist_delete",
    "directory:shortlist_remove",
    "directory:shortlist_sharing",
    "directory:shortlist_new_link",
    "directory:organisation",
    "directory:report_organisation",
    "directory:service",
    "directory:service_print",
    "directory:referral_details",
    "directory:report_service",
    # Any member of the organisation that runs the service sets its space tonight.
    "directory:availability",
    "directory:service_availability",
    "forum:index",
    "forum:mentions",
    "forum:notifications",
    "forum:open_notification",
    "forum:category",
    "forum:new_thread",
    "forum:feed",
    "forum:watch",
    "forum:thread_short",
    "forum:reply_thread",
    "forum:thread",
    "forum:post",
    "forum:subtree",
    "forum:reply",
    "forum:edit",
    "forum:history",
    "forum:delete",
    "forum:flag",
    "forum:redact",
    "pathways:index",
    "pathways:create",
    "pathways:current",
    "pathways:version",
    "pathways:edit",
    "pathways:propose",
    "pathways:withdraw",
    "pathways:new_version",
    "search:search",
    "api:search",
    "api:search-suggest",
    "guidance:calendar_file",
    "guidance:privacy",
    "guidance:image_file",
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(
                pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


def _is_allauth(pattern: URLPattern) -> bool:
    return pattern.callback.__module__.startswith("allauth.")


def _site_urls():
    return {
        name
        for route, name, pattern in _walk(get_resolver().url_patterns)
        if not route.startswith("admin/")
        and not route.startswith("api/oruk/")  # a public read-only feed
        and not _is_allauth(pattern)
    }


def test_every_view_outside_the_admin_is_classified_staff_only_or_not():
    unclassified = _site_urls() - STAFF_ONLY.keys() - NOT_STAFF_ONLY
    assert not unclassified, f"classify these views in {__name__}: {sorted(unclassified)}"
    assert not (STAFF_ONLY.keys() & NOT_STAFF_ONLY)
    stale = (STAFF_ONLY.keys() | NOT_STAFF_ONLY) - _site_urls()
    assert not stale, f"these URL names are gone: {sorted(stale)}"


@pytest.fixture
def world(organisation, org_admin, coordinator, member):
    members_category = Category.objects.create(
        name="Referral pathways", slug="members", access=Category.Access.MEMBERS
    )
    thread = forum_services.start_thread(members_category, member, "Car washes", "Hello")
    post = thread.posts.get()
    flag = Flag.objects.create(post=post, flagged_by=org_admin, reason="Names a person")
    pathway = PathwayFactory(
        title="Car washes",
        status=Pathway.Status.PROPOSED,
        participating_organisations=[organisation],
    )
    return SimpleNamespace(
        organisation=organisation,
        member=member,
        membership=Membership.objects.get(user=member),
        join_request=JoinRequest.objects.create(
            name="Sam", email="sam@example.org", job_title="Nurse", organisation=organisation
        ),
        thread=thread,
        post=post,
        flag=flag,
        pathway=pathway,
    )


def _call(client, view: StaffView, name: str, world):
    url = reverse(name, kwargs=view.kwargs(world))
    return getattr(client, view.method)(url, view.data(world))


def _sent_to_second_factor(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(
        (reverse("mfa_activate_totp"), reverse("mfa_reauthenticate"))
    )


def _state(world):
    """What a staff action would change, to show that a refused one changed nothing."""
    world.thread.refresh_from_db()
    world.post.refresh_from_db()
    world.flag.refresh_from_db()
    world.join_request.refresh_from_db()
    world.member.refresh_from_db()
    return (
        world.thread.locked,
        world.post.is_hidden,
        world.flag.resolved_at,
        world.join_request.status,
        world.member.suspended_until,
        Membership.objects.filter(pk=world.membership.pk).exists(),
        world.pathway.sign_offs.count(),
    )


@pytest.mark.parametrize("name", sorted(STAFF_ONLY))
@pytest.mark.parametrize("totp_set_up", [False, True], ids=["no-app", "app-not-used"])
def test_a_password_only_session_is_sent_to_the_second_factor_and_changes_nothing(
    request, client, world, with_totp, name, totp_set_up
):
    view = STAFF_ONLY[name]
    user = request.getfixturevalue(view.role)
    if totp_set_up:
        with_totp(user)
    client.force_login(user)
    before = _state(world)

    response = _call(client, view, name, world)

    assert _sent_to_second_factor(response), (name, response.status_code)
    step = "mfa_reauthenticate" if totp_set_up else "mfa_activate_totp"
    assert response["Location"].startswith(reverse(step))
    assert _state(world) == before


@pytest.mark.parametrize("name", sorted(STAFF_ONLY))
def test_after_the_second_factor_the_staff_view_works(request, client, world, staff_login, name):
    view = STAFF_ONLY[name]
    staff_login(client, request.getfixturevalue(view.role))
    before = _state(world)

    response = _call(client, view, name, world)

    assert response.status_code in ((200,) if view.method == "get" else (302,)), name
    assert not _sent_to_second_factor(response)
    if view.method == "post":
        assert _state(world) != before, f"{name} did nothing"


def _admin_routes():
    """Every admin URL, its parameters filled with a plausible value."""
    fillers = {
        "int": "1",
        "str": "x",
        "slug": "x",
        "path": "x",
        "uuid": "00000000-0000-0000-0000-000000000000",
    }
    for route, _name, _pattern in _walk(get_resolver().url_patterns):
        if not route.startswith("admin/") or "(?P" in route or "^" in route:
            continue
        path = route
        for converter, value in fillers.items():
            while f"<{converter}:" in path:
                start = path.index(f"<{converter}:")
                path = path[:start] + value + path[path.index(">", start) + 1 :]
        while "<" in path:  # unconverted parameters: <pk>, <app_label>...
            start = path.index("<")
            path = path[:start] + "1" + path[path.index(">", start) + 1 :]
        yield "/" + path


def test_every_admin_url_sends_a_password_only_coordinator_to_the_second_factor(
    client, coordinator, with_totp
):
    with_totp(coordinator)
    client.force_login(coordinator)
    routes = sorted(set(_admin_routes()) - {"/admin/login/"})
    assert len(routes) > 150  # the walk found the admin
    not_stopped = [path for path in routes if not _sent_to_second_factor(client.get(path))]
    assert not not_stopped
    # The admin's own login form would skip the second factor: it leads to allauth's.
    assert client.get("/admin/login/")["Location"].startswith(reverse("account_login"))


def test_a_superuser_without_the_second_factor_is_stopped_too(client):
    superuser = make_user("root@example.org", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert _sent_to_second_factor(client.get("/admin/"))
    assert _sent_to_second_factor(client.get(reverse("forum:moderation")))


def _current_code(user) -> str:
    from allauth.mfa.utils import decrypt

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return totp_code(decrypt(authenticator.data["secret"]))


def test_signing_in_with_password_and_code_gives_the_staff_powers(client, coordinator, with_totp):
    with_totp(_verified(coordinator))
    response = client.post("/accounts/login/", {"login": coordinator.email, "password": PASSWORD})
    assert response["Location"].startswith(reverse("mfa_authenticate"))
    client.post(reverse("mfa_authenticate"), {"code": _current_code(coordinator)})
    assert client.get(reverse("forum:moderation")).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_a_code_entered_later_in_a_password_only_session_gives_the_powers_and_the_way_back(
    client, coordinator, with_totp
):
    with_totp(coordinator)
    client.force_login(coordinator)  # e.g. signed in as a member before becoming coordinator
    step = client.get(reverse("forum:moderation"))
    page = client.get(step["Location"]).content.decode()
    assert "Confirm it is you" in page and "6-digit code" in page
    assert "Please reauthenticate" not in page

    response = client.post(step["Location"], {"code": _current_code(coordinator)})
    assert response["Location"] == reverse("forum:moderation")
    assert client.get(reverse("forum:moderation")).status_code == 200


def test_setting_up_the_app_reads_plainly_and_leads_back_to_where_they_were_going(
    client, coordinator
):
    _verified(coordinator)
    client.post("/accounts/login/", {"login": coordinator.email, "password": PASSWORD})
    step = client.get(reverse("accounts:join_requests"))
    assert step["Location"].startswith(reverse("mfa_activate_totp"))
    # Changing how one signs in asks for the password again, in plain words.
    confirm = client.get(client.get(step["Location"])["Location"])
    html = confirm.content.decode()
    assert "Confirm it is you" in html and "enter your Waymark password again" in html
    assert "Please reauthenticate" not in html
    response = client.post(confirm.wsgi_request.get_full_path(), {"password": PASSWORD})
    assert response["Location"] == step["Location"]
    page = client.get(step["Location"])
    html = page.content.decode()
    assert "Set up two-step sign-in" in html and "Please reauthenticate" not in html
    secret = page.context["form"].secret
    # The setup key is shown in groups of four, selectable as one piece.
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    assert f'<code id="authenticator_secret" class="wm-copyable">{grouped}</code>' in html

    code = totp_code(secret)
    response = client.post(step["Location"], {"code": code})
    codes_page = client.get(response["Location"])
    assert b"Your recovery codes" in codes_page.content
    assert b"Keep them somewhere safe" in codes_page.content
    assert f'href="{reverse("accounts:join_requests")}"'.encode() in codes_page.content
    # Setting up took a correct code: the staff powers are there now.
    assert client.get(reverse("accounts:join_requests")).status_code == 200
