"""Fixtures shared by every test: one person per role, and the real services."""

import os

import pytest
from django.contrib.auth.models import Group

from accounts import policy
from accounts.models import Membership, User
from directory.models import Organisation

pytest_plugins = ["tests.browser.fixtures", "tests.fuzzing"]

PASSWORD = "correct-horse-battery"


def pytest_sessionstart(session):
    """Stop at once, with one clear message, when the database is not a real PostgreSQL."""
    from django.conf import settings

    engine = settings.DATABASES["default"].get("ENGINE", "")
    if "postgresql" not in engine:
        pytest.exit(
            "The tests need PostgreSQL: DATABASE_URL must be a postgres:// URL "
            f"(the default database's engine is {engine or 'missing'!r}). `make test` starts one.",
            returncode=3,
        )


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles and caches (the shared one and this process's own) must not leak from one
    test into the next."""
    from django.core.cache import caches

    from core.caching import forget_generations

    for each in caches.all():
        each.clear()
    forget_generations()
    yield
    for each in caches.all():
        each.clear()
    forget_generations()


@pytest.fixture
def caching_on(settings):
    """Pages and fragments kept in the cache, as in production (test settings switch it off)."""
    settings.CACHE_PAGES_AND_FRAGMENTS = True


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed(): ...`` runs what a commit of the changes made inside would (the
    tests' transaction never commits): cached copies go stale, for one."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def organisation(db) -> Organisation:
    return Organisation.objects.create(
        name="Colne Valley Refuge Trust", slug="colne-valley-refuge-trust"
    )


@pytest.fixture
def other_organisation(db) -> Organisation:
    return Organisation.objects.create(name="Harwich Housing Association", slug="harwich-housing")


def make_user(
    email: str, *, organisation=None, role=Membership.Role.MEMBER, group=None, **extra
) -> User:
    user = User.objects.create_user(
        email, PASSWORD, display_name=email.split("@")[0].title(), **extra
    )
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    if group is not None:
        user.groups.add(Group.objects.get(name=group))  # made by migrate (accounts.roles)
    return user


@pytest.fixture
def member(organisation) -> User:
    return make_user("alice@example.org", organisation=organisation)


@pytest.fixture
def other_member(other_organisation) -> User:
    return make_user("bob@example.org", organisation=other_organisation)


@pytest.fixture
def org_admin(organisation) -> User:
    return make_user("olive@example.org", organisation=organisation, role=Membership.Role.ADMIN)


@pytest.fixture
def other_org_admin(other_organisation) -> User:
    return make_user(
        "oscar@example.org", organisation=other_organisation, role=Membership.Role.ADMIN
    )


@pytest.fixture
def coordinator(other_organisation) -> User:
    return make_user("cora@example.org", organisation=other_organisation, group=policy.COORDINATORS)


@pytest.fixture
def editor(db) -> User:
    return make_user("ed@example.org", group=policy.EDITORS)


@pytest.fixture
def outsider(db) -> User:
    """Signed in, but a member of no organisation."""
    return make_user("charlie@example.org")


@pytest.fixture
def with_totp():
    """Give a staff user an authenticator app, as the admin requires."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    def activate(user: User) -> User:
        TOTP.activate(user, generate_totp_secret())
        return user

    return activate


def verified_email(user: User) -> User:
    """Mark the account's address as proven, as allauth's sign-in requires."""
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    return user


def totp_code(secret: str) -> str:
    """The authenticator app's code for ``secret`` right now."""
    from allauth.mfa.totp.internal.auth import (
        format_hotp_value,
        hotp_value,
        yield_hotp_counters_from_time,
    )

    return format_hotp_value(hotp_value(secret, next(iter(yield_hotp_counters_from_time()))))


def record_second_factor(client, user: User) -> None:
    """Write into ``client``'s session that this sign-in used the authenticator app, as
    allauth records it after a correct code (``allauth.mfa`` post_authentication)."""
    from allauth.account.internal.flows.login import (
        _AUTHENTICATION_METHODS_USER_SESSION_KEY,
        AUTHENTICATION_METHODS_SESSION_KEY,
    )
    from allauth.mfa.models import Authenticator

    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {"method": "password", "at": 0, "email": user.email},
        {"method": "mfa", "at": 0, "id": totp.pk, "type": "totp"},
    ]
    session[_AUTHENTICATION_METHODS_USER_SESSION_KEY] = str(user.pk)
    session.save()


@pytest.fixture
def staff_login(with_totp):
    """Sign ``user`` in on ``client`` as staff must be: password and authenticator code,
    in this session. ``client.force_login`` alone is a password-only session."""

    def sign_in(client, user: User):
        from allauth.mfa.models import Authenticator

        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            with_totp(user)
        client.force_login(user)
        record_second_factor(client, user)
        return client

    return sign_in


@pytest.fixture(scope="session")
def elasticsearch():
    """The real search node; a test that needs it fails (never skips) when it is missing."""
    from django.conf import settings

    from search.client import get_client, is_available

    if not is_available():
        pytest.fail(
            f"Elasticsearch is not answering at {settings.ELASTICSEARCH_URL}. "
            "Run the suite with `make test`, which fetches and starts it, or start a node "
            "with scripts/elasticsearch.sh start test 9250.",
            pytrace=False,
        )
    return get_client()


@pytest.fixture
def search_indices(elasticsearch, db):
    """Fresh indices under this run's prefix, removed again after the test."""
    from search import indexing

    indexing.delete_all_indices()
    indexing.ensure_indices()
    yield elasticsearch
    indexing.delete_all_indices()


@pytest.fixture
def index_now(search_indices):
    """Drain the outbox as the worker would and make what it indexed searchable."""
    from search import indexing

    def run():
        totals = indexing.drain()
        indexing.refresh()
        return totals

    return run


@pytest.fixture(scope="session")
def artifacts_dir():
    path = os.path.join(os.path.dirname(__file__), "test-artifacts")
    os.makedirs(path, exist_ok=True)
    return path
