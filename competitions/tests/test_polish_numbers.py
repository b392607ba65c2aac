"""Amounts typed the Polish way (issue 13): one parser, nothing silently multiplied, ambiguity refused."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from competitions import results_services
from competitions.models import Offer
from competitions.offer_forms import CostRowForm, FinancingForm
from competitions.parsing import AMOUNT_INVALID_FORMAT, money_field, parse_decimal
from competitions.tests.offer_helpers import ngo_member, open_competition, post_step, step_data
from organisations.choices import Role

ACCEPTED = [
    ("25,50", Decimal("25.50")),
    ("25,5", Decimal("25.5")),
    ("1234,5", Decimal("1234.5")),
    ("1234,56", Decimal("1234.56")),
    ("1234.56", Decimal("1234.56")),
    ("1 234,56", Decimal("1234.56")),
    ("1\u00a0234,56", Decimal("1234.56")),  # no-break space, as spreadsheets copy it
    ("1\u202f234,56", Decimal("1234.56")),  # narrow no-break space
    ("12 345 678", Decimal("12345678")),
    ("1.234,56", Decimal("1234.56")),  # dots between thousands only with a comma before the grosze
    ("1.234.567,00", Decimal("1234567.00")),
    (" 0,01 ", Decimal("0.01")),
    ("1,234", Decimal("1.234")),  # a comma is always the decimal mark: 1,234 is not 1234
    ("-5,00", Decimal("-5.00")),
]
AMBIGUOUS = ["1,234.56", "25,5,0", "1.234", "1 234.56", "12 34,00", "1.23.4,00", "1.234.56", "1 2345"]
INVALID = ["abc", "12a", "1e5", "NaN", "Infinity", "25 zł", "0x10", ",", "-"]


@pytest.mark.parametrize(("typed", "expected"), ACCEPTED)
def test_accepted_notations(typed, expected):
    assert parse_decimal(typed) == expected


@pytest.mark.parametrize("typed", AMBIGUOUS)
def test_ambiguous_notations_are_refused_with_a_message_that_shows_the_way(typed):
    with pytest.raises(ValidationError) as error:
        parse_decimal(typed)
    assert error.value.code == "ambiguous"
    assert typed in error.value.messages[0] and "1 234,56" in error.value.messages[0]


@pytest.mark.parametrize("typed", INVALID)
def test_letters_and_other_text_are_refused(typed):
    with pytest.raises(ValidationError) as error:
        parse_decimal(typed)
    assert error.value.messages == [str(AMOUNT_INVALID_FORMAT)] or error.value.code == "ambiguous"


def test_an_amount_field_is_a_text_input_with_the_decimal_keyboard():
    html = str(FinancingForm()["grant"])
    assert 'type="text"' in html and 'inputmode="decimal"' in html and "step=" not in html
    assert 'value="0,00"' in str(FinancingForm(initial={"grant": Decimal("0.00")})["grant"])


@pytest.mark.parametrize(
    ("unit_cost", "units", "total"),
    [
        ("25,50", "2", Decimal("51.00")),
        ("1 234,56", "1", Decimal("1234.56")),
        ("1234.5", "2,5", Decimal("3086.25")),
    ],
)
def test_a_cost_row_reads_polish_numbers_and_never_multiplies(unit_cost, units, total):
    form = CostRowForm(
        data={
            "category": "activity",
            "name": "x",
            "unit": "szt.",
            "unit_cost": unit_cost,
            "units": units,
            "year": "2027",
        }
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["total"] == total


@pytest.mark.parametrize(
    ("typed", "fragment"), [("1,234.56", "1 234,56"), ("25,505", "2 cyfry po przecinku"), ("dużo", "1234,56")]
)
def test_a_wrong_amount_gets_a_polish_message_at_the_field(typed, fragment):
    form = CostRowForm(
        data={
            "category": "activity",
            "name": "x",
            "unit": "szt.",
            "unit_cost": typed,
            "units": "1",
            "year": "2027",
        }
    )
    assert not form.is_valid()
    assert fragment in " ".join(form.errors["unit_cost"])


def test_the_limit_of_the_column_still_applies():
    with pytest.raises(ValidationError, match="9 999 999 999,99"):
        money_field().clean("10 000 000 000,00")


@pytest.mark.parametrize(
    ("typed", "expected"), [("12 500,00 zł", Decimal("12500.00")), ("12500.5", Decimal("12500.50"))]
)
def test_the_officials_proposed_amount_uses_the_same_parser(typed, expected):
    assert results_services.parse_amount(typed) == expected


def test_the_officials_proposed_amount_refuses_english_grouping():
    with pytest.raises(ValidationError):
        results_services.parse_amount("12,500.00")


@pytest.mark.django_db
def test_the_generator_saves_25_50_as_25_50(client, make_user):
    member = ngo_member(make_user)
    organisation = member.memberships.get().organisation
    competition = open_competition(make_user(Role.OFFICIAL))
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    offer = Offer.objects.get()
    costs = step_data(organisation)["costs"]
    costs.update({"costs-0-unit_cost": "25,50", "costs-0-units": "400", "costs-1-unit_cost": "1 000,00"})
    assert post_step(client, offer, "costs", costs).status_code == 302
    offer.refresh_from_db()
    assert offer.content["costs"][0]["unit_cost"] == "25.50"
    assert offer.total_cost == Decimal("12200.00")  # 25,50 × 400 + 1 000 × 2
    page = client.get(reverse("offers:step", args=[offer.pk, "costs"])).content.decode()
    assert 'value="25,50"' in page and 'inputmode="decimal"' in page
