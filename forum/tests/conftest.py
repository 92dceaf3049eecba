import pytest

from accounts.models import PrivateGroup
from forum import services
from forum.models import Category


@pytest.fixture
def public_category(db):
    return Category.objects.create(
        name="Open questions", slug="open", access=Category.Access.PUBLIC, order=1
    )


@pytest.fixture
def members_category(db):
    return Category.objects.create(
        name="Referral pathways", slug="pathways", access=Category.Access.MEMBERS, order=2
    )


@pytest.fixture
def private_group(organisation):
    group = PrivateGroup.objects.create(name="Police and NGO operational liaison")
    group.organisations.add(organisation)
    return group


@pytest.fixture
def private_category(private_group):
    return Category.objects.create(
        name="Operational liaison",
        slug="liaison",
        access=Category.Access.GROUP,
        group=private_group,
        order=3,
    )


@pytest.fixture
def make_thread():
    def make(category, author, title="Pathway for adults found at car washes", source="Hello"):
        return services.start_thread(category, author, title, source)

    return make
