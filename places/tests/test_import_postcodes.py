"""import_postcodes: postcode centres from ONSPD and Code-Point Open files."""

import io

import pytest
from django.core.management import call_command

from places.models import Postcode
from places.osgb import osgb36_to_wgs84

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, verbosity=0)
    return out.getvalue()


def test_onspd_postcodes_import_with_district_centres(tmp_path):
    csv = tmp_path / "onspd.csv"
    csv.write_text(
        "pcd,pcds,doterm,lat,long\n"
        "CO1 1AA,CO1 1AA,,51.890000,0.900000\n"
        "CO1 1AB,CO1 1AB,,51.892000,0.910000\n"
        "CO1 9ZZ,CO1 9ZZ,200001,51.0,0.1\n"
        "XX,XX,,51.0,0.1\n"
        "CO2 7AA,CO2 7AA,,99.999999,0.000000\n"
    )
    out = run("import_postcodes", str(csv))
    assert Postcode.objects.get(postcode="CO1 1AA").latitude == 51.89
    district = Postcode.objects.get(postcode="CO1")
    assert district.is_district and district.latitude == pytest.approx(51.891)
    assert not Postcode.objects.filter(postcode__in=["CO1 9ZZ", "CO2 7AA"]).exists()
    assert "Imported 2 postcodes in 1 districts; skipped 2" in out


def test_code_point_open_postcodes_import_from_the_national_grid(tmp_path):
    csv = tmp_path / "co.csv"
    csv.write_text('"CO1 1AA",10,599600,225200,"E92000001"\n"CO1 1AB",10,bad,225200,""\n')
    run("import_postcodes", str(csv))
    postcode = Postcode.objects.get(postcode="CO1 1AA")
    assert postcode.latitude == pytest.approx(51.8896, abs=0.001)
    assert postcode.longitude == pytest.approx(0.8992, abs=0.001)


def test_the_national_grid_conversion_matches_the_ordnance_survey_worked_example():
    lat, lon = osgb36_to_wgs84(651409.903, 313177.270)
    assert lat == pytest.approx(52.658, abs=0.001) and lon == pytest.approx(1.716, abs=0.002)
