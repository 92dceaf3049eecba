"""Finding a postcode's point, and distances between points."""

import pytest
from django.core.exceptions import ValidationError

from places.distance import distance_km
from places.models import Postcode
from places.postcodes import UnknownPostcode, district_centre, locate


@pytest.fixture
def colchester(db):
    Postcode.objects.create(postcode="CO1", is_district=True, latitude=51.8892, longitude=0.9042)
    Postcode.objects.create(postcode="CO1 1AA", latitude=51.8899, longitude=0.9010)


def test_a_known_postcode_is_found_at_its_own_centre_however_it_is_typed(colchester):
    place = locate(" co11aa ")
    assert (place.label, place.latitude, place.longitude) == ("CO1 1AA", 51.8899, 0.9010)
    assert not place.approximate


def test_an_unknown_postcode_in_a_known_district_is_placed_at_the_district(colchester):
    place = locate("CO1 9ZZ")
    assert (place.label, place.latitude, place.approximate) == ("CO1", 51.8892, True)
    assert district_centre("CO1 9ZZ") == (51.8892, 0.9042)


def test_a_postcode_nobody_knows_and_a_malformed_one_are_refused(colchester):
    with pytest.raises(UnknownPostcode):
        locate("CO4 3SQ")
    assert district_centre("CO4 3SQ") is None
    with pytest.raises(ValidationError):
        locate("not a postcode")


def test_distances_are_great_circle_kilometres():
    # Colchester to Chelmsford: about 34.5 km as the crow flies.
    assert distance_km(51.8892, 0.9042, 51.7356, 0.4685) == pytest.approx(34.5, abs=0.1)
    assert distance_km(51.0, 0.0, 51.0, 0.0) == 0
