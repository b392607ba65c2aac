"""portal.validators: every kind of identifier refuses wrong checksums, zeros, non-ASCII digits and
overlong input, and its form field accepts the spaces and dashes people type."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from portal import validators as v

ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

# kind: (validator, form field, valid stored value, wrong checksum, zeros or impossible, too long)
KINDS = {
    "nip": (v.validate_nip, v.NipField, "1234563218", "1234563219", "0000000000", "12345632180"),
    "regon": (v.validate_regon, v.RegonField, "123456785", "123456784", "000000000", "1234567851"),
    "regon14": (
        v.validate_regon,
        v.RegonField,
        "12345678512347",
        "12345678512348",
        "00000000000000",
        "123456785123470",
    ),
    "krs": (v.validate_krs, v.KrsField, "0000123456", None, "0000000000", "00001234567"),
    "nrb": (
        v.validate_nrb,
        v.BankAccountField,
        "61109010140000071219812874",
        "62109010140000071219812874",
        "04000000000000000000000000",
        "611090101400000712198128740",
    ),
    "postal": (v.validate_postal_code, v.PostalCodeField, "00-950", None, "00-000", "00-9500"),
    "phone": (v.validate_phone, v.PhoneField, "+48 601 234 567", None, "000000000", "+4860123456789"),
}


def _messages(validator, value):
    with translation.override("pl"), pytest.raises(ValidationError) as info:
        validator(value)
    return " ".join(info.value.messages)


@pytest.mark.parametrize("kind", KINDS)
def test_valid_value_passes_and_the_field_keeps_it(kind):
    validator, field_class, valid, *_ = KINDS[kind]
    validator(valid)
    assert field_class(required=False).clean(valid) == valid


@pytest.mark.parametrize("kind", [k for k in KINDS if KINDS[k][3]])
def test_wrong_check_digit_is_refused(kind):
    validator, field_class, _valid, wrong, *_ = KINDS[kind]
    with pytest.raises(ValidationError):
        validator(wrong)
    with pytest.raises(ValidationError):
        field_class().clean(wrong)


def test_a_nip_zeros_passes_its_checksum_but_is_refused_with_a_message_about_zeros():
    # 0000000000 has a correct check digit (0): only the "cannot exist" rule refuses it.
    assert "samych zer" in _messages(v.validate_nip, "0000000000")


@pytest.mark.parametrize("kind", KINDS)
def test_zeros_are_refused(kind):
    validator, field_class, _valid, _wrong, zeros, _long = KINDS[kind]
    with pytest.raises(ValidationError):
        validator(zeros)
    with pytest.raises(ValidationError):
        field_class().clean(zeros)


@pytest.mark.parametrize("table", [ARABIC_INDIC, FULL_WIDTH], ids=["arabic-indic", "full-width"])
@pytest.mark.parametrize("kind", KINDS)
def test_non_ascii_digits_are_refused(kind, table):
    validator, field_class, valid, *_ = KINDS[kind]
    foreign = valid.translate(table)
    assert foreign != valid
    with pytest.raises(ValidationError):
        validator(foreign)
    with pytest.raises(ValidationError):
        field_class().clean(foreign)


@pytest.mark.parametrize("kind", KINDS)
def test_too_long_is_refused_with_the_kinds_message(kind):
    validator, field_class, _valid, _wrong, _zeros, too_long = KINDS[kind]
    with pytest.raises(ValidationError):
        validator(too_long)
    with translation.override("pl"), pytest.raises(ValidationError) as info:
        field_class(max_length=len(KINDS[kind][2])).clean(too_long)
    assert "znak" not in " ".join(info.value.messages)  # not Django's "at most N characters"
    with pytest.raises(ValidationError):
        field_class().clean("1" * 10_000)


@pytest.mark.parametrize(
    ("field_class", "typed", "stored"),
    [
        (v.NipField, "123-456-32-18", "1234563218"),
        (v.NipField, " 123 456 32 18 ", "1234563218"),
        (v.NipField, "PL 1234563218", "1234563218"),
        (v.NipField, "123\u00a0456\u00a03218", "1234563218"),
        (v.NipField, "123–456–32–18", "1234563218"),
        (v.RegonField, "123 456 785", "123456785"),
        (v.RegonField, "1234-5678-5123-47", "12345678512347"),
        (v.KrsField, "0000 123 456", "0000123456"),
        (v.BankAccountField, "PL61 1090 1014 0000 0712 1981 2874", "61109010140000071219812874"),
        (v.BankAccountField, "61\t1090-1014-0000-0712-1981-2874", "61109010140000071219812874"),
        (v.PostalCodeField, "00950", "00-950"),
        (v.PostalCodeField, " 00 - 950 ", "00-950"),
        (v.PhoneField, "601234567", "+48 601 234 567"),
        (v.PhoneField, "+48 601-234-567", "+48 601 234 567"),
        (v.PhoneField, "0048 (22) 123 45 67", "+48 221 234 567"),
        (v.PhoneField, "+44 20 7946 0958", "+442079460958"),
    ],
)
def test_whitespace_and_dashes_are_normalised(field_class, typed, stored):
    assert field_class(required=False).clean(typed) == stored


@pytest.mark.parametrize(
    "value",
    ["12345678", "+48 12 345 678", "+48 012 345 678", "+0 123 456 789", "phone me", "+48601234567890"],
)
def test_impossible_phone_numbers_are_refused(value):
    with pytest.raises(ValidationError):
        v.PhoneField().clean(value)


def test_the_validator_tolerates_separators_in_stored_values():
    # Values saved before the fields normalised (e.g. demo data "22 123 45 67") still validate.
    v.validate_phone("22 123 45 67")
    v.validate_nip("123-456-32-18")


def test_messages_are_polish_and_say_the_expected_form():
    assert "10 cyfr" in _messages(v.validate_nip, "12")
    assert "00-000" in _messages(v.validate_postal_code, "0095")
    assert "26 cyfr" in _messages(v.validate_nrb, "12")
    assert "0000123456" in _messages(v.validate_krs, "12")
    assert "numer telefonu z 9 cyfr" in _messages(v.validate_phone, "12")


@pytest.mark.parametrize("value", ["ftp://example.pl", "javascript:alert(1)", "example", "http://"])
def test_url_accepts_only_http_and_https(value):
    with pytest.raises(ValidationError):
        v.validate_url(value)


def test_url_and_email_accept_ordinary_values():
    v.validate_url("https://fundacja.example.pl/o-nas?x=1")
    v.validate_url("http://example.pl")
    v.validate_email("biuro@fundacja.pl")
    assert "nazwa@example.pl" in _messages(v.validate_email, "biuro@")


def test_fields_do_not_tell_the_browser_to_cut_what_is_typed():
    field = v.NipField(max_length=10)
    attrs = field.widget_attrs(field.widget)
    assert "maxlength" not in attrs
    assert attrs["inputmode"] == "numeric"
