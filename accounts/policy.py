"""The access policy: the one place that decides who may see and do what.

Content carries *audiences* (``public``, ``members``, ``group:<id>``, ``org:<id>``);
a person may see a thing when their audiences meet its audiences. Views, search
filters, APIs, feeds, sitemaps and e-mails all ask this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, TypeGuard

from django.contrib.auth.models import AnonymousUser

if TYPE_CHECKING:
    from django.db.models import Exists, QuerySet

    from accounts.models import DataExport, User
    from directory.models import Organisation, Service, Shortlist
    from forum.models import Post, Thread
    from pathways.models import Pathway

PUBLIC = "public"
MEMBERS = "members"

COORDINATORS = "Coordinators"
EDITORS = "Editors"

_CACHE_ATTR = "_waymark_access"
_SECOND_FACTOR_ATTR = "_waymark_second_factor_used"


def group_audience(group_id: int) -> str:
    return f"group:{group_id}"


def organisation_audience(organisation_id: int) -> str:
    return f"org:{organisation_id}"


class _Access:
    """What one signed-in person is, worked out once per request.

    Staff roles (coordinator, editor, organisation admin, superuser) are *held* by the account,
    but their powers are *used* only in a session that passed the second factor: in a
    password-only session the person is an ordinary member of their organisations.
    """

    def __init__(self, user: User):
        from django.db.models import Q

        from accounts.models import Membership, PrivateGroup

        group_names = set(user.groups.values_list("name", flat=True))
        memberships = list(
            Membership.objects.filter(user=user)
            .exclude(organisation__status="suspended")
            .select_related("organisation")
        )
        held_coordinator = user.is_superuser or COORDINATORS in group_names
        held_editor = user.is_superuser or EDITORS in group_names
        held_admin_ids = {m.organisation_id for m in memberships if m.role == Membership.Role.ADMIN}
        self.holds_staff_role = held_coordinator or held_editor or bool(held_admin_ids)
        self.second_factor_pending = self.holds_staff_role and _staff_powers_withheld(user)
        staff_powers = not self.second_factor_pending
        self.is_coordinator = held_coordinator and staff_powers
        self.is_editor = held_editor and staff_powers
        self.admin_organisation_ids = held_admin_ids if staff_powers else set()
        self.organisation_ids = {m.organisation_id for m in memberships}
        self.primary_organisation = memberships[0].organisation if memberships else None
        groups = PrivateGroup.objects.order_by()
        if not self.is_coordinator:  # one query for the person's groups and their organisations'
            groups = groups.filter(Q(users=user) | Q(organisations__in=self.organisation_ids))
        group_ids = set(groups.values_list("pk", flat=True))
        # Reading members' content is not a staff power: a role holder stays a member.
        self.is_member = bool(memberships) or held_coordinator or held_editor
        audiences = {PUBLIC}
        if self.is_member:
            audiences.add(MEMBERS)
        audiences |= {group_audience(pk) for pk in group_ids}
        audiences |= {organisation_audience(pk) for pk in self.organisation_ids}
        self.audiences = frozenset(audiences)


def _staff_powers_withheld(user: User) -> bool:
    """True for a web request's user whose session has not used the second factor.
    ``None`` (no request: a worker deciding who may receive a notification) holds the roles."""
    return getattr(user, _SECOND_FACTOR_ATTR, None) is False


def note_second_factor(user: User | AnonymousUser, *, used: bool) -> None:
    """Record, for this request's ``user``, whether their session passed the second factor
    (``accounts.middleware`` reads it from allauth's authentication records)."""
    setattr(user, _SECOND_FACTOR_ATTR, used)
    forget(user)


def _access(user: User | AnonymousUser) -> _Access | None:
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    if not user.is_active:
        return None
    cached: _Access | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = _Access(user)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: User | AnonymousUser) -> None:
    """Drop what was worked out for ``user`` (after their memberships or groups change)."""
    if user is not None and hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


# --- who someone is -------------------------------------------------------------


def audiences_for(user: User | AnonymousUser) -> frozenset[str]:
    access = _access(user)
    return access.audiences if access else frozenset({PUBLIC})


def can_see(user: User | AnonymousUser, audiences: Iterable[str]) -> bool:
    return bool(audiences_for(user) & set(audiences))


def is_member(user: User | AnonymousUser) -> TypeGuard[User]:
    access = _access(user)
    return bool(access and access.is_member)


def is_coordinator(user: User | AnonymousUser) -> bool:
    access = _access(user)
    return bool(access and access.is_coordinator)


def is_editor(user: User | AnonymousUser) -> bool:
    access = _access(user)
    return bool(access and access.is_editor)


def primary_organisation(user: User | AnonymousUser) -> Organisation | None:
    access = _access(user)
    return access.primary_organisation if access else None


def organisation_ids(user: User | AnonymousUser) -> frozenset[int]:
    access = _access(user)
    return frozenset(access.organisation_ids) if access else frozenset()


def admin_organisation_ids(user: User | AnonymousUser) -> frozenset[int]:
    access = _access(user)
    return frozenset(access.admin_organisation_ids) if access else frozenset()


def is_organisation_admin(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return organisation.pk in admin_organisation_ids(user)


def needs_two_factor(user: User | AnonymousUser) -> bool:
    """Staff roles (coordinator, editor, organisation admin, superuser) must use TOTP."""
    access = _access(user)
    return bool(access and access.holds_staff_role)


def may_see_userbar(user: User | AnonymousUser) -> bool:
    """Wagtail's userbar (edit this page, open the admin) is offered only to staff roles, and
    Wagtail then asks its own permission for the admin; for anyone else it is not even asked
    (which would cost two queries of Django's permission tables on every page)."""
    return needs_two_factor(user)


def second_factor_pending(user: User | AnonymousUser) -> bool:
    """Holds a staff role but this session has not used the second factor: staff powers are
    withheld until it does (set it up, or enter a code)."""
    access = _access(user)
    return bool(access and access.second_factor_pending)


# --- what someone may do --------------------------------------------------------


def can_invite_to(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return is_coordinator(user) or is_organisation_admin(user, organisation)


def can_remove_member(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return can_invite_to(user, organisation)


def can_decide_join_requests(user: User | AnonymousUser) -> bool:
    return is_coordinator(user)


def can_edit_organisation(user: User | AnonymousUser, organisation: Organisation) -> bool:
    return is_coordinator(user) or is_organisation_admin(user, organisation)


def can_verify_organisation(user: User | AnonymousUser) -> bool:
    return is_coordinator(user)


def can_see_restricted_details(user: User | AnonymousUser) -> bool:
    """Members-only directory details: direct referral lines, secure e-mail, refuge addresses."""
    return is_member(user)


def can_see_availability(user: User | AnonymousUser) -> bool:
    """Whether a safe house has space tonight: members only, on every surface (never the
    public site, the feed, public search documents, facets or e-mail)."""
    return is_member(user)


def can_set_availability(user: User | AnonymousUser, service: Service) -> bool:
    """Any member of the organisation that runs it (a night worker on a phone, no staff
    role needed) and coordinators. It is operational status, so no approval follows."""
    if not service.takes_people_in or not is_member(user):
        return False
    return is_coordinator(user) or service.organisation_id in organisation_ids(user)


def can_see_availability_board(user: User | AnonymousUser) -> bool:
    """The printable "tonight" board of every service that takes people in."""
    return is_coordinator(user)


def can_read_access_log(user: User | AnonymousUser, organisation: Organisation) -> bool:
    """Who was shown an organisation's confidential addresses and sensitive contacts: its
    admins and coordinators, nobody else (not even its ordinary members)."""
    return is_coordinator(user) or is_organisation_admin(user, organisation)


def can_manage_directory(user: User | AnonymousUser) -> bool:
    """Taxonomy, verification, suspension, the problem-report queue and CSV import/export."""
    return is_coordinator(user)


def can_map_taxonomy_terms(user: User | AnonymousUser) -> bool:
    """Which local category an imported feed's taxonomy term stands for (or to ignore it):
    it decides what the public category filters show, so coordinators only."""
    return is_coordinator(user)


def can_moderate(user: User | AnonymousUser) -> bool:
    return is_coordinator(user)


def can_post(user: User | AnonymousUser, audiences: Iterable[str]) -> TypeGuard[User]:
    """Post where ``audiences`` may read: members only (public places too), never the suspended."""
    return is_member(user) and not user.is_suspended and can_see(user, audiences)


def can_publish_pages(user: User | AnonymousUser) -> bool:
    """Editors draft and submit; only coordinators approve and publish."""
    return is_coordinator(user)


# --- the forum (forum/) and referral pathways (pathways/) -------------------------


def can_reply(user: User | AnonymousUser, thread: Thread) -> bool:
    """Post in ``thread``: its readers who may post, while it is open (moderators always)."""
    if not can_post(user, thread.audiences()):
        return False
    return thread.accepts_replies or can_moderate(user)


def can_edit_post(user: User | AnonymousUser, post: Post) -> bool:
    if post.is_removed:
        return False
    if can_moderate(user):
        return True
    return post.author_id == getattr(user, "pk", None) and can_post(user, post.thread.audiences())


def can_delete_post(user: User | AnonymousUser, post: Post) -> bool:
    """Authors remove their own posts (moderators hide or redact instead)."""
    return not post.is_removed and post.author_id == getattr(user, "pk", None)


def may_see_held(user: User | AnonymousUser, author_id: int | None) -> bool:
    """A post (or a thread) waiting for a coordinator's approval: its author sees it, waiting,
    and the moderators, to approve it; nobody else (pages, search, feeds, notifications)."""
    return can_moderate(user) or (author_id is not None and author_id == getattr(user, "pk", None))


def must_wait_for_approval(user: User, approved_posts: int, hold_first: int) -> bool:
    """Whether a post by ``user``, who has ``approved_posts`` visible posts, waits for a
    coordinator: a new member's first ``hold_first`` posts do (moderators' never)."""
    return not can_moderate(user) and approved_posts < hold_first


def can_approve_posts(user: User | AnonymousUser) -> bool:
    return can_moderate(user)


def can_draft_pathway(user: User | AnonymousUser) -> bool:
    return is_member(user) and not user.is_suspended


def can_edit_pathway(user: User | AnonymousUser, pathway: Pathway) -> bool:
    """Drafts are edited by their author, staff of a participating organisation, coordinators."""
    if not (pathway.is_editable and can_draft_pathway(user)):
        return False
    if is_coordinator(user) or pathway.created_by_id == user.pk:
        return True
    participating = {o.pk for o in pathway.participating_organisations.all()}
    return bool(participating & organisation_ids(user))


def can_revise_pathway(user: User | AnonymousUser, pathway: Pathway) -> bool:
    """Draft the next version of an agreed pathway (lapsed or not): the same people who may
    edit a draft of it. The agreed version stays in force until every organisation has
    signed the new one."""
    if pathway.status != "agreed" or not can_draft_pathway(user):
        return False
    if is_coordinator(user) or pathway.created_by_id == user.pk:
        return True
    participating = {o.pk for o in pathway.participating_organisations.all()}
    return bool(participating & organisation_ids(user))


def can_withdraw_pathway(user: User | AnonymousUser, pathway: Pathway) -> bool:
    """Take a proposal back to draft (its sign-offs so far stop counting): its author or a
    coordinator."""
    if pathway.status != "proposed" or not can_draft_pathway(user):
        return False
    return is_coordinator(user) or pathway.created_by_id == user.pk


def can_sign_off_pathway(
    user: User | AnonymousUser, pathway: Pathway, organisation: Organisation
) -> bool:
    """Only an admin of a participating organisation signs off, and only a proposed version."""
    if pathway.status != "proposed" or not is_organisation_admin(user, organisation):
        return False
    return any(o.pk == organisation.pk for o in pathway.participating_organisations.all())


def pathway_reviewers(pathway: Pathway) -> QuerySet[User]:
    """Who is reminded that a pathway's review date is near, or that its sign-offs lapsed:
    the active admins of its participating organisations, who are the ones who sign."""
    from django.db.models import Exists, OuterRef

    from accounts.models import Membership, User

    signs = Membership.objects.filter(
        user=OuterRef("pk"),
        role=Membership.Role.ADMIN,
        organisation__in=pathway.participating_organisations.all(),
    ).exclude(organisation__status="suspended")
    return User.objects.filter(Exists(signs), is_active=True)


def can_download_pathway_document(user: User | AnonymousUser, pathways: Iterable[Pathway]) -> bool:
    """A file uploaded for referral pathways: whoever may read one of the pathways that use
    it (members only, while no pathway uses it)."""
    pathways = list(pathways)
    if not pathways:
        return is_member(user)
    return any(can_see(user, p.audiences()) for p in pathways)


def can_see_sign_off_queue(user: User | AnonymousUser) -> bool:
    """Organisation admins see the pathways waiting for their organisation's sign-off;
    coordinators also see every proposal still waiting, to chase it."""
    return is_coordinator(user) or bool(admin_organisation_ids(user))


# --- @mention suggestions (forum/) ------------------------------------------------


def people_who_may_see(audiences: Iterable[str]) -> QuerySet[User]:
    """Active people whose audiences meet ``audiences`` (the reverse of ``can_see``), as a
    queryset built in one query: the same rules as ``_Access``, said in SQL."""
    from django.contrib.auth.models import Group
    from django.db.models import Exists, OuterRef, Q

    from accounts.models import Membership, PrivateGroup, User

    audiences = set(audiences)
    people = User.objects.filter(is_active=True)
    if PUBLIC in audiences:
        return people

    def in_role(name: str) -> Exists:
        return Exists(Group.objects.filter(user=OuterRef("pk"), name=name))

    live_memberships = Membership.objects.filter(user=OuterRef("pk")).exclude(
        organisation__status="suspended"
    )
    coordinator = Q(is_superuser=True) | Q(in_role(COORDINATORS))
    group_ids = [int(a.split(":", 1)[1]) for a in audiences if a.startswith("group:")]
    org_ids = [int(a.split(":", 1)[1]) for a in audiences if a.startswith("org:")]
    rule = Q(pk__in=[])
    if MEMBERS in audiences:
        rule |= coordinator | Q(in_role(EDITORS)) | Q(Exists(live_memberships))
    if group_ids:
        in_group = PrivateGroup.users.through.objects.filter(
            user_id=OuterRef("pk"), privategroup_id__in=group_ids
        )
        organisation_in_group = live_memberships.filter(organisation__private_groups__in=group_ids)
        rule |= coordinator | Q(Exists(in_group)) | Q(Exists(organisation_in_group))
    if org_ids:
        rule |= Q(Exists(live_memberships.filter(organisation_id__in=org_ids)))
    return people.filter(rule)


def can_suggest_mentions(user: User | AnonymousUser, audiences: Iterable[str]) -> TypeGuard[User]:
    """Suggestions of people to @mention go only to those who may post where ``audiences`` read."""
    return can_post(user, audiences)


def people_a_mention_may_name(audiences: Iterable[str]) -> QuerySet[User]:
    """Whom an ``@handle`` written where ``audiences`` read may name (shown with their name,
    notified): members who may read it. Anyone else's handle stays plain text, so a post or
    its preview never tells a reader the name of someone who cannot read the place."""
    return people_who_may_see(audiences) & people_who_may_see({MEMBERS})


def mentionable_people(user: User | AnonymousUser, audiences: Iterable[str]) -> QuerySet[User]:
    """Whom ``user`` may be offered to @mention where ``audiences`` read: the people a mention
    there may name who are not suspended (never the person asking, never anyone when they
    may not post there)."""
    from django.db.models import Q
    from django.utils import timezone

    from accounts.models import User

    if not can_suggest_mentions(user, audiences):
        return User.objects.none()
    not_suspended = Q(suspended_until__isnull=True) | Q(suspended_until__lte=timezone.now())
    return people_a_mention_may_name(audiences).filter(not_suspended).exclude(pk=user.pk)


# --- e-mail (forum/ and pathways) ---------------------------------------------------------


def may_travel_by_email(audiences: Iterable[str]) -> bool:
    """Whether an e-mail may carry the title, text or people of something ``audiences`` may
    read. E-mail leaves the network through outside mail providers, so only what the public
    may read does; about anything else an e-mail says only that there is something to read,
    and links to it."""
    return PUBLIC in set(audiences)


# --- shortlists (directory/) --------------------------------------------------------------


def can_change_shortlist(user: User | AnonymousUser, shortlist: Shortlist) -> bool:
    """Rename, share or stop sharing, withdraw the link, remove from, delete: its owner only."""
    signed_in = user is not None and user.is_authenticated and user.is_active
    return signed_in and shortlist.owner_id == user.pk


def can_open_shortlist(user: User | AnonymousUser, shortlist: Shortlist) -> bool:
    """Its owner always; anyone else with the link while the owner shares it."""
    return shortlist.is_shared or can_change_shortlist(user, shortlist)


def can_see_shortlist_owner_and_name(user: User | AnonymousUser, shortlist: Shortlist) -> bool:
    """Who keeps a list and what they call it ("Client A – tonight") stay in the network: a
    shared link opened outside it shows only the services."""
    return is_member(user) or can_change_shortlist(user, shortlist)


# --- a person's own data (accounts/data_export.py) -----------------------------------------


def can_ask_for_data_export(user: User | AnonymousUser) -> TypeGuard[User]:
    """Anyone signed in: the right of access is a person's, not a member's (someone removed
    from every organisation keeps it), and needs no staff power."""
    return user is not None and user.is_authenticated and user.is_active


def may_download_export(user: User | AnonymousUser, export: DataExport) -> bool:
    """A copy of someone's data: only that person, never anyone else (coordinators neither)."""
    return can_ask_for_data_export(user) and export.user_id == user.pk


# --- privacy: closing accounts, retention (accounts/closing.py, core/retention.py) ---------


def may_close_account(user: User | AnonymousUser, target: User) -> bool:
    """A person closes their own account (staff, like every staff action, in a session that
    used the second factor); a coordinator closes anyone's. Nobody else, and never twice."""
    if _access(user) is None or not target.is_active:
        return False
    if is_coordinator(user):
        return True
    return target.pk == getattr(user, "pk", None) and not second_factor_pending(user)


def can_review_privacy(user: User | AnonymousUser) -> bool:
    """What the next retention purge removes, and accounts nobody has used for long."""
    return is_coordinator(user)
