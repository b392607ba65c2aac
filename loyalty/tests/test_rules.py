"""The seed's status rules at every boundary (pure function, no database)."""

import pytest

from loyalty.rules import DEFAULT_THRESHOLDS, Thresholds, status_for


def _status(standard, premium=0, vip=0, thresholds=DEFAULT_THRESHOLDS):
    return status_for(met={"standard": standard, "premium": premium, "vip": vip}, thresholds=thresholds)


@pytest.mark.parametrize(
    ("standard", "expected"),
    [(10, ""), (11, "standard"), (12, "standard")],
)
def test_standard_needs_all_eleven_basic_criteria(standard, expected):
    assert _status(standard).status == expected


def test_ten_basic_criteria_lack_one_for_standard():
    outcome = _status(10, premium=15, vip=15)
    assert (outcome.status, outcome.next_level, outcome.missing) == ("", "standard", 1)


@pytest.mark.parametrize(
    ("premium", "expected"), [(10, "standard"), (11, "standard"), (12, "premium"), (15, "premium")]
)
def test_premium_needs_twelve_of_fifteen(premium, expected):
    assert _status(11, premium=premium).status == expected


@pytest.mark.parametrize(("vip", "expected"), [(10, "premium"), (11, "vip"), (12, "vip")])
def test_vip_needs_eleven_of_fifteen_on_top_of_premium(vip, expected):
    assert _status(11, premium=12, vip=vip).status == expected


def test_vip_criteria_without_premium_give_standard_and_name_what_premium_lacks():
    outcome = _status(11, premium=11, vip=15)
    assert (outcome.status, outcome.next_level, outcome.missing) == ("standard", "premium", 1)


def test_premium_criteria_without_standard_give_no_status():
    assert _status(10, premium=15, vip=15).status == ""


def test_top_status_has_nothing_more_to_reach():
    outcome = _status(11, premium=15, vip=15)
    assert (outcome.status, outcome.next_level, outcome.missing) == ("vip", "", 0)


def test_the_city_sets_other_numbers():
    stricter = Thresholds(standard=11, premium=14, vip=13)
    assert _status(11, premium=13, vip=15, thresholds=stricter).status == "standard"
    assert _status(11, premium=14, vip=12, thresholds=stricter).status == "premium"
