"""core.params: query parameters read strictly, with a message naming the parameter."""

import uuid
from datetime import UTC, datetime, time

import pytest
from django.http import QueryDict

from core import params
from core.params import BadParameter


def read(reader, value, **options):
    return reader({"p": value}, "p", **options)


def refused(reader, value, **options) -> str:
    with pytest.raises(BadParameter) as error:
        read(reader, value, **options)
    assert error.value.parameter == "p"
    assert error.value.as_json() == {"error": error.value.message, "parameter": "p"}
    return error.value.message


@pytest.mark.parametrize("reader", [params.text, params.integer, params.time_of_day])
def test_absent_and_blank_parameters_are_none(reader):
    assert reader({}, "p") is None
    assert read(reader, "  ") is None


@pytest.mark.parametrize("value", ["²", "１", "1_000", "1.0", "0x10", "12345678901", "2147483648"])
def test_a_whole_number_is_ascii_digits_within_postgresqls_integer(value):
    assert "whole number" in refused(params.integer, value)


def test_whole_numbers_keep_to_their_range():
    assert read(params.integer, " 42 ") == 42
    assert read(params.integer, "-3") == -3
    assert "from 1 to 500" in refused(params.integer, "501", minimum=1, maximum=500)
    assert params.page({}) == 1
    assert params.page({"page": "7"}) == 7
    with pytest.raises(BadParameter):
        params.page({"page": "9223372036854775808"})


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-Infinity", "1e400", "١", "1_0"])
def test_a_number_is_finite(value):
    assert refused(params.number, value) == "p must be a number."


def test_numbers_read_decimals_and_exponents_within_bounds():
    assert read(params.number, "16.5") == 16.5
    assert read(params.number, "1e3") == 1000.0
    assert "from 0 to 150" in refused(params.number, "151", minimum=0, maximum=150)


@pytest.mark.parametrize("value", ["00:00:00Z", "09:00+01:00", "9:00", "24:00", "09:00:00.5"])
def test_a_time_of_day_has_no_zone_or_fraction(value):
    assert "time of day" in refused(params.time_of_day, value)


def test_times_of_day_with_and_without_seconds():
    assert read(params.time_of_day, "09:30") == time(9, 30)
    assert read(params.time_of_day, "23:59:59") == time(23, 59, 59)


def test_uuids():
    value = uuid.uuid4()
    assert read(params.uuid_value, str(value)) == value
    assert refused(params.uuid_value, "not-a-uuid") == "p must be a UUID."
    assert refused(params.uuid_value, "١" * 32) == "p must be a UUID."


@pytest.mark.parametrize(
    "value", ["yesterday", "2020-02-30", "2020-13-45T00:00", "9999-12-31T23:59:59-23:59"]
)
def test_a_date_time_must_exist_and_fit_in_utc(value):
    assert "ISO 8601" in refused(params.date_time, value)


def test_date_times_are_aware_and_in_utc():
    assert read(params.date_time, "2025-01-31T09:00:00Z") == datetime(2025, 1, 31, 9, tzinfo=UTC)
    # Without an offset, the site's time zone (London, on summer time in July).
    assert read(params.date_time, "2025-07-01") == datetime(2025, 6, 30, 23, tzinfo=UTC)


@pytest.mark.parametrize("reader", [params.text, params.integer, params.uuid_value])
@pytest.mark.parametrize("value", ["\x00", "1\x00", "a\x1fb"])
def test_control_characters_are_refused_by_every_reader(reader, value):
    assert refused(reader, value) == "p must not contain control characters."


def test_long_text_is_refused():
    assert "at most 5 characters" in refused(params.text, "abcdef", max_length=5)


def test_a_query_can_be_made_printable_for_showing_back():
    query = QueryDict("q=a%00b&near=CO1%00&tag=x&tag=y%07")
    cleaned = params.printable_query(query)
    assert cleaned["q"] == "a b" and cleaned["near"] == "CO1 "
    assert cleaned.getlist("tag") == ["x", "y "]
    assert params.printable_query({"q": "\x00"})["q"] == " "
