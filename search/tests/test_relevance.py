"""Ranking: what a referrer types comes first, whichever way the words are written."""

import pytest

from search.models import Synonym
from search.tests.helpers import run_search, titles
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_words_written_apart_find_a_name_written_as_one_word_and_the_other_way(index_now):
    OrganisationFactory(name="St Osyth Farmworkers' Support", description="Seasonal support.")
    OrganisationFactory(name="Red Lantern Support for Chinese Workers", description="Outreach.")
    OrganisationFactory(name="Colne Hand Car Wash Standards Scheme", description="Fair work.")
    index_now()

    assert titles(run_search(q="farm workers", type="organisation"))[0] == (
        "St Osyth Farmworkers' Support"
    )
    assert titles(run_search(q="carwash", type="organisation")) == [
        "Colne Hand Car Wash Standards Scheme"
    ]


def test_a_thesaurus_word_does_not_outrank_the_words_the_referrer_typed(index_now):
    Synonym.objects.create(terms="modern slavery, exploitation")
    OrganisationFactory(
        name="Polska Pomoc North Essex",
        description="Polish community advice, with a focus on labour exploitation.",
    )
    OrganisationFactory(
        name="Essex Police Modern Slavery Unit", description="Investigates modern slavery."
    )
    index_now()

    found = titles(run_search(q="polish labour exploitation", type="organisation"))
    assert found == ["Polska Pomoc North Essex"]
    # On its own, the thesaurus word still finds the other way of saying it.
    assert "Essex Police Modern Slavery Unit" in titles(run_search(q="exploitation"))


def test_a_result_with_every_word_typed_comes_before_one_with_a_word_in_its_title(index_now):
    OrganisationFactory(
        name="Mersea Island Community Support",
        description="Working with seasonal and fishing workers.",
    )
    OrganisationFactory(name="Red Lantern Support for Chinese Workers", description="Outreach.")
    index_now()

    found = titles(run_search(q="seasonal workers", type="organisation"))
    assert found[0] == "Mersea Island Community Support"
