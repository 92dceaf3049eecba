"""Every result, facet count, correction and suggestion is filtered to the user's audiences."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts import policy
from accounts.models import PrivateGroup
from search.engine import search, suggest
from search.params import parse
from search.tests.helpers import put_document

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "outsider", "member", "org_admin", "other_member", "coordinator", "editor"]
# Who may see a document written for each audience.
MAY_SEE = {
    "public": set(ROLES),
    "members": {"member", "org_admin", "other_member", "coordinator", "editor"},
    "group": {"member", "org_admin", "coordinator"},
    "org": {"member", "org_admin"},
}


@pytest.fixture
def people(request, member, org_admin, other_member, coordinator, editor, outsider):
    return {
        "anonymous": AnonymousUser(),
        "outsider": outsider,
        "member": member,
        "org_admin": org_admin,
        "other_member": other_member,
        "coordinator": coordinator,
        "editor": editor,
    }


@pytest.fixture
def documents(search_indices, organisation):
    group = PrivateGroup.objects.create(name="Safe house network")
    group.organisations.add(organisation)
    audiences = {
        "public": [policy.PUBLIC],
        "members": [policy.MEMBERS],
        "group": [policy.group_audience(group.pk)],
        "org": [policy.organisation_audience(organisation.pk)],
    }
    words = {"public": "Zephyr", "members": "Quokka", "group": "Pangolin", "org": "Narwhal"}
    for audience, word in words.items():
        put_document(
            "services",
            f"{audience}-1",
            f"{word} outreach",
            audiences[audience],
            body=f"{word.lower()}ology casework",
            categories=[f"{word} category"],
        )
    return words


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("audience", ["public", "members", "group", "org"])
def test_results_and_facets_show_only_what_the_role_may_see(people, documents, role, audience):
    user = people[role]
    word = documents[audience]
    results = search(user, parse({"q": "outreach"}))
    visible = word in " ".join(str(hit.title) for hit in results.hits)
    facet_values = {v.value for v in results.facets.get("categories", [])}
    assert visible is (role in MAY_SEE[audience])
    assert (f"{word} category" in facet_values) is (role in MAY_SEE[audience])
    assert results.total == sum(role in MAY_SEE[a] for a in MAY_SEE)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("audience", ["public", "members", "group", "org"])
def test_suggestions_show_only_titles_the_role_may_see(people, documents, role, audience):
    word = documents[audience]
    suggested = [s["text"] for s in suggest(people[role], word[:4])]
    assert (f"{word} outreach" in suggested) is (role in MAY_SEE[audience])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("audience", ["public", "members"])
def test_did_you_mean_never_offers_a_word_only_hidden_documents_contain(
    people, documents, role, audience
):
    word = documents[audience].lower()
    misspelt = word[:-1] + ("x" if word[-1] != "x" else "y")
    results = search(people[role], parse({"q": misspelt}))
    if role in MAY_SEE[audience]:
        assert results.did_you_mean == word
    else:
        assert results.did_you_mean == ""
        assert results.total == 0
