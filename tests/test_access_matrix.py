"""Who may do what to whose things: write actions × roles, tested from both sides.

Each cell runs the action as that person against a fresh network. An allowed cell must have
its effect; a refused cell must be refused (sign-in, second factor, 403 or 404) and change
nothing. The expected cells say the access policy (accounts/policy.py) in a table.
"""

from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import DataExport, Invitation, JoinRequest, Membership, PrivateGroup, User
from conftest import make_user
from directory.models import (
    AccessLogEntry,
    Availability,
    Organisation,
    Service,
    TaxonomyTermMapping,
)
from forum import services as forum_services
from forum.models import Category, HoldSettings
from pathways.models import Pathway
from tests.factories import CategoryFactory, PathwayFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "author",  # a member of organisation A who wrote the post
    "other_org_member",
    "group_member",  # a member of an organisation in the private group
    "org_admin",  # organisation A's admin, second factor used
    "other_org_admin",  # another organisation's admin, second factor used
    "coordinator_password_only",
    "coordinator",  # second factor used
]
MEMBERS = {
    "author",
    "other_org_member",
    "group_member",
    "org_admin",
    "other_org_admin",
    "coordinator_password_only",
    "coordinator",
}
MESSAGE = "Agreed: we can take referrals on Tuesdays."
VIEWER = "Vic Viewer, Colchester Borough Council"
EMPTY_ZIP = b"PK\x05\x06" + bytes(18)


@pytest.fixture
def world(organisation, other_organisation, staff_login):
    group_organisation = Organisation.objects.create(name="Essex Police", slug="essex-police")
    group = PrivateGroup.objects.create(name="Police and NGO operational liaison")
    group.organisations.add(group_organisation)
    author = make_user("alice@example.org", organisation=organisation)
    colleague = make_user("amy@example.org", organisation=organisation)
    members = Category.objects.create(name="Pathways", slug="members", access="members")
    elsewhere = Category.objects.create(name="Elsewhere", slug="elsewhere", access="members")
    private = Category.objects.create(name="Liaison", slug="liaison", access="group", group=group)
    thread = forum_services.start_thread(members, author, "Car washes", "First thoughts")
    private_thread = forum_services.start_thread(
        private, make_user("gail@example.org", organisation=group_organisation), "Op", "Hi"
    )
    pathway = PathwayFactory(
        title="Car washes",
        status=Pathway.Status.PROPOSED,
        participating_organisations=[organisation],
    )
    AccessLogEntry.objects.create(
        organisation=organisation,
        record="Address of Safe house, Colchester",
        viewer_label=VIEWER,
        surface=AccessLogEntry.Surface.SERVICE_PAGE,
    )
    authors_data = DataExport.objects.create(user=author)
    authors_data.mark_ready(EMPTY_ZIP)
    agreed_pathway = PathwayFactory(
        title="Nail bars",
        status=Pathway.Status.AGREED,
        participating_organisations=[organisation],
    )
    incoming_term = TaxonomyTermMapping.objects.create(
        vocabulary="Essex County Council", term_id="t-104", name="Befriending"
    )
    imported_service = Service.objects.create(
        organisation=organisation, name="Befriending circle", slug="befriending"
    )
    incoming_term.waiting_services.add(imported_service)
    return SimpleNamespace(
        organisation=organisation,
        other_organisation=other_organisation,
        incoming_term=incoming_term,
        imported_service=imported_service,
        local_category=CategoryFactory(name="Victim support"),
        group_organisation=group_organisation,
        author=author,
        colleague_membership=Membership.objects.get(user=colleague),
        thread=thread,
        post=thread.posts.get(),
        private_thread=private_thread,
        elsewhere=elsewhere,
        pathway=pathway,
        agreed_pathway=agreed_pathway,
        safe_house=Service.objects.create(
            organisation=organisation, name="Safe house", slug="safe-house", takes_people_in=True
        ),
        join_request=JoinRequest.objects.create(
            name="Sam", email="sam@example.org", job_title="Nurse", organisation=organisation
        ),
        authors_data=authors_data,
    )


def _sign_in(request, client, role: str, world) -> None:
    staff_login = request.getfixturevalue("staff_login")
    people = {
        "author": lambda: world.author,
        "other_org_member": lambda: make_user(
            "bob@example.org", organisation=world.other_organisation
        ),
        "group_member": lambda: make_user("gus@example.org", organisation=world.group_organisation),
        "org_admin": lambda: request.getfixturevalue("org_admin"),
        "other_org_admin": lambda: request.getfixturevalue("other_org_admin"),
        "coordinator_password_only": lambda: request.getfixturevalue("coordinator"),
        "coordinator": lambda: request.getfixturevalue("coordinator"),
    }
    if role == "anonymous":
        return
    user = people[role]()
    world.signed_in = user
    if role in {"org_admin", "other_org_admin", "coordinator"}:
        staff_login(client, user)
    else:
        client.force_login(user)


@dataclass(frozen=True)
class Action:
    allowed: frozenset[str]
    call: Callable  # (client, world) -> response
    happened: Callable  # (world) -> bool


def _post(url_name: str, kwargs: Callable, data: Callable = lambda w: {}):
    return lambda client, w: client.post(reverse(url_name, kwargs=kwargs(w)), data(w))


def _read(url_name: str, kwargs: Callable):
    """A read action: what it showed is kept on the world for ``happened`` to look at."""

    def call(client, w):
        response = client.get(reverse(url_name, kwargs=kwargs(w)))
        w.shown = response.content.decode()
        return response

    return call


def _download(client, w):
    response = client.get(reverse("accounts:download_data_export", args=[w.authors_data.token]))
    w.downloaded = response.status_code == 200 and response.content == EMPTY_ZIP
    return response


def _refreshed(obj):
    obj.refresh_from_db()
    return obj


COORDINATOR = frozenset({"coordinator"})
ORG_ADMIN_OR_COORDINATOR = frozenset({"org_admin", "coordinator"})

ACTIONS = {
    "reply to a members' thread": Action(
        frozenset(MEMBERS),
        _post(
            "forum:reply_thread",
            lambda w: {"thread_pk": w.thread.pk},
            lambda w: {"source": MESSAGE},
        ),
        lambda w: w.thread.posts.filter(source=MESSAGE).exists(),
    ),
    "reply in a private group": Action(
        frozenset({"group_member", "coordinator"}),
        _post(
            "forum:reply_thread",
            lambda w: {"thread_pk": w.private_thread.pk},
            lambda w: {"source": MESSAGE},
        ),
        lambda w: w.private_thread.posts.filter(source=MESSAGE).exists(),
    ),
    "edit a post": Action(
        frozenset({"author", "coordinator"}),
        _post("forum:edit", lambda w: {"pk": w.post.pk}, lambda w: {"source": MESSAGE}),
        lambda w: _refreshed(w.post).source == MESSAGE,
    ),
    "delete a post": Action(
        frozenset({"author"}),
        _post("forum:delete", lambda w: {"pk": w.post.pk}),
        lambda w: _refreshed(w.post).is_removed,
    ),
    "redact a post": Action(
        COORDINATOR,
        _post("forum:redact", lambda w: {"pk": w.post.pk}, lambda w: {"source": "[removed]"}),
        lambda w: _refreshed(w.post).source == "[removed]",
    ),
    "hide a post": Action(
        COORDINATOR,
        _post("forum:moderate_post", lambda w: {"pk": w.post.pk, "action": "hide"}),
        lambda w: _refreshed(w.post).is_hidden,
    ),
    "restore a post": Action(
        COORDINATOR,
        lambda client, w: (
            type(w.post).objects.filter(pk=w.post.pk).update(is_hidden=True),
            client.post(reverse("forum:moderate_post", args=[w.post.pk, "restore"])),
        )[1],
        lambda w: not _refreshed(w.post).is_hidden,
    ),
    "approve a held post": Action(
        COORDINATOR,
        lambda client, w: (
            type(w.post).objects.filter(pk=w.post.pk).update(held_at=timezone.now()),
            client.post(reverse("forum:moderate_post", args=[w.post.pk, "approve"])),
        )[1],
        lambda w: not _refreshed(w.post).is_held,
    ),
    "change how many of a new member's posts are held": Action(
        COORDINATOR,
        _post("forum:moderation", lambda w: {}, lambda w: {"hold_first_posts": "3"}),
        lambda w: HoldSettings.current().hold_first_posts == 3,
    ),
    "move a thread": Action(
        COORDINATOR,
        _post(
            "forum:moderate_thread",
            lambda w: {"pk": w.thread.pk, "action": "move"},
            lambda w: {"category": w.elsewhere.pk},
        ),
        lambda w: _refreshed(w.thread).category_id == w.elsewhere.pk,
    ),
    "lock a thread": Action(
        COORDINATOR,
        _post("forum:moderate_thread", lambda w: {"pk": w.thread.pk, "action": "lock"}),
        lambda w: _refreshed(w.thread).locked,
    ),
    "pin a thread": Action(
        COORDINATOR,
        _post("forum:moderate_thread", lambda w: {"pk": w.thread.pk, "action": "pin"}),
        lambda w: _refreshed(w.thread).pinned,
    ),
    "sign off a pathway": Action(
        frozenset({"org_admin"}),
        _post(
            "pathways:sign_off",
            lambda w: {
                "slug": w.pathway.slug,
                "version": w.pathway.version,
                "organisation": w.organisation.pk,
            },
        ),
        lambda w: w.pathway.sign_offs.exists(),
    ),
    "draft a new version of an agreed pathway": Action(
        # Those who may edit its drafts: staff of the organisations taking part, coordinators.
        frozenset({"author", "org_admin", "coordinator"}),
        _post(
            "pathways:new_version",
            lambda w: {"slug": w.agreed_pathway.slug, "version": w.agreed_pathway.version},
        ),
        lambda w: Pathway.objects.filter(supersedes=w.agreed_pathway).exists(),
    ),
    "return a proposed pathway to draft": Action(
        COORDINATOR,  # or its author: the proposal here was drafted by nobody in the table
        _post(
            "pathways:withdraw",
            lambda w: {"slug": w.pathway.slug, "version": w.pathway.version},
        ),
        lambda w: _refreshed(w.pathway).status == Pathway.Status.DRAFT,
    ),
    "invite to an organisation": Action(
        ORG_ADMIN_OR_COORDINATOR,
        _post(
            "accounts:organisation_members",
            lambda w: {"slug": w.organisation.slug},
            lambda w: {"email": "new@example.org", "role": "admin"},
        ),
        lambda w: Invitation.objects.filter(email="new@example.org").exists(),
    ),
    "remove a member": Action(
        ORG_ADMIN_OR_COORDINATOR,
        _post(
            "accounts:remove_member",
            lambda w: {"slug": w.organisation.slug, "membership_id": w.colleague_membership.pk},
        ),
        lambda w: not Membership.objects.filter(pk=w.colleague_membership.pk).exists(),
    ),
    "say whether a safe house has space": Action(
        frozenset({"author", "org_admin", "coordinator"}),
        _post(
            "directory:service_availability",
            lambda w: {"slug": w.organisation.slug, "service_slug": w.safe_house.slug},
            lambda w: {"state": "full"},
        ),
        lambda w: Availability.objects.filter(service=w.safe_house, state="full").exists(),
    ),
    "read the tonight board": Action(
        COORDINATOR,
        _read("directory:tonight", lambda w: {}),
        lambda w: w.safe_house.name in w.shown,
    ),
    "read an organisation's access log": Action(
        ORG_ADMIN_OR_COORDINATOR,
        _read("directory:access_log", lambda w: {"slug": w.organisation.slug}),
        lambda w: VIEWER in w.shown,
    ),
    "map an imported feed's taxonomy term to a local category": Action(
        COORDINATOR,
        _post(
            "wagtailsnippets_directory_taxonomytermmapping:edit",
            lambda w: {"pk": w.incoming_term.pk},
            lambda w: {"category": w.local_category.pk},
        ),
        lambda w: w.imported_service.categories.filter(pk=w.local_category.pk).exists(),
    ),
    "approve a join request": Action(
        COORDINATOR,
        _post(
            "accounts:decide_join_request",
            lambda w: {"pk": w.join_request.pk},
            lambda w: {"decision": "approve"},
        ),
        lambda w: _refreshed(w.join_request).status == "approved",
    ),
    "ask for a copy of one's own data": Action(
        frozenset(MEMBERS),  # anyone signed in: a person's right, not a staff power
        _post("accounts:data_export", lambda w: {}),
        lambda w: DataExport.objects.exclude(pk=w.authors_data.pk).exists(),
    ),
    "download the author's copy of their data": Action(
        frozenset({"author"}),  # nobody else, coordinators neither
        _download,
        lambda w: getattr(w, "downloaded", False),
    ),
    "close the author's account": Action(
        frozenset({"author", "coordinator"}),  # their own, or anyone's for a coordinator
        _post(
            "accounts:close_account_of",
            lambda w: {"pk": w.author.pk},
            lambda w: {"confirm": "on"},
        ),
        lambda w: not User.objects.get(pk=w.author.pk).is_active,
    ),
    "close one's own account": Action(
        # A person's right, not a staff power; a staff account's session must first have
        # used its second factor, as for everything a staff account does.
        frozenset(ROLES) - {"anonymous", "coordinator_password_only"},
        _post("accounts:close_account", lambda w: {}, lambda w: {"confirm": "on"}),
        lambda w: hasattr(w, "signed_in") and not _refreshed(w.signed_in).is_active,
    ),
    "read what the next purge removes": Action(
        COORDINATOR,
        _read("accounts:privacy_review", lambda w: {}),
        lambda w: "The next purge" in w.shown,
    ),
}

CELLS = [(action, role) for action in ACTIONS for role in ROLES]


@pytest.mark.parametrize("action, role", CELLS, ids=[f"{a} | {r}" for a, r in CELLS])
def test_each_role_may_do_exactly_what_the_policy_says(request, client, world, action, role):
    spec = ACTIONS[action]
    _sign_in(request, client, role, world)

    response = spec.call(client, world)

    if role in spec.allowed:
        assert response.status_code in (200, 302), response.status_code
        assert spec.happened(world), f"{role} may {action}, but nothing happened"
    else:
        assert not spec.happened(world), f"{role} may not {action}, but it happened"
        refused = response.status_code in (403, 404) or (
            response.status_code == 302
            and (
                response["Location"].startswith(
                    (
                        reverse("account_login"),
                        reverse("mfa_activate_totp"),
                        reverse("mfa_reauthenticate"),
                    )
                )
                # Wagtail's admin says "no permission" by sending someone to its home page.
                or response["Location"] == reverse("wagtailadmin_home")
            )
        )
        assert refused, (response.status_code, response.get("Location"))


def test_every_role_is_allowed_something_and_refused_something():
    """The table is not all yes or all no: each role is tested from both sides."""
    for role in ROLES:
        allowed = [a for a, spec in ACTIONS.items() if role in spec.allowed]
        refused = [a for a, spec in ACTIONS.items() if role not in spec.allowed]
        assert refused, role
        assert allowed or role == "anonymous", role
