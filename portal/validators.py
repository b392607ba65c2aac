"""One validator and one form field per kind of identifier people type: NIP, REGON, KRS, bank
account (NRB), postal code, phone, e-mail and web address.

Validators take the stored (normalised) value but also tolerate the spaces and dashes people
type, so a model validator and a form field agree. "Digits" are the ASCII digits 0-9 only:
``str.isdigit()`` and ``\\d`` also accept Arabic-Indic or full-width digits, which no register
issues and which would not survive a bank transfer or an export. A number that passes its
checksum but is made of zeros cannot exist and is refused.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext_lazy as _

INVALID_NIP = _("This NIP is not valid: it must have 10 digits and a correct check digit.")
INVALID_REGON = _("This REGON is not valid: it must have 9 or 14 digits and a correct check digit.")
INVALID_KRS = _("The KRS number must have exactly 10 digits, e.g. 0000123456.")
INVALID_NRB = _(
    "This bank account number is not valid: give a Polish account of 26 digits (NRB), "
    "optionally with the PL prefix, with correct check digits."
)
INVALID_POSTAL_CODE = _("Enter the postal code in the form 00-000, e.g. 00-950.")
INVALID_PHONE = _(
    "Enter a phone number of 9 digits, e.g. 22 123 45 67 or +48 601 234 567; a foreign number "
    "starts with + and the country code."
)
INVALID_EMAIL = _("Enter an e-mail address in the form name@example.pl.")
INVALID_URL = _("Enter a web address starting with http:// or https://, e.g. https://example.pl.")
NUMBER_OF_ZEROS = _(
    "A %(kind)s number made of zeros does not exist. Copy the number from the register or the document."
)

POSTAL_CODE_PATTERN = r"^[0-9]{2}-[0-9]{3}$"
# Longer raw input is refused before any work: no identifier is written with this many characters.
RAW_MAX_LENGTH = 64

_ASCII_DIGITS = re.compile(r"[0-9]+")
_POSTAL_CODE = re.compile(POSTAL_CODE_PATTERN)
# Dashes people type or paste from word processors (hyphen, non-breaking hyphen, en and em dash).
_DASHES = "-\u2010\u2011\u2012\u2013\u2014"
NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)
REGON9_WEIGHTS = (8, 9, 2, 3, 4, 5, 6, 7)
REGON14_WEIGHTS = (2, 4, 8, 5, 0, 9, 7, 3, 6, 1, 2, 4, 8)


def is_ascii_digits(value: str) -> bool:
    return bool(_ASCII_DIGITS.fullmatch(value))


def strip_separators(value: str, *, also: str = "") -> str:
    """The value without whitespace (any kind) and dashes, and without the characters in ``also``."""
    return "".join(ch for ch in value if not ch.isspace() and ch not in _DASHES and ch not in also)


def _without_country_prefix(value: str) -> str:
    return value[2:] if value[:2].upper() == "PL" else value


def _weighted_check(digits: str, weights: tuple[int, ...]) -> int:
    return sum(int(d) * w for d, w in zip(digits, weights, strict=False)) % 11


def normalise_nip(value: str) -> str:
    return _without_country_prefix(strip_separators(value))


def normalise_regon(value: str) -> str:
    return strip_separators(value)


def normalise_krs(value: str) -> str:
    return strip_separators(value)


def normalise_nrb(value: str) -> str:
    return _without_country_prefix(strip_separators(value))


def normalise_postal_code(value: str) -> str:
    compact = strip_separators(value)
    return f"{compact[:2]}-{compact[2:]}" if len(compact) == 5 else value.strip()


def normalise_phone(value: str) -> str:
    """Polish numbers become "+48 601 234 567"; foreign ones "+" and their digits."""
    compact = strip_separators(value, also="()./")
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if compact.startswith("+48") and len(compact) == 12:
        compact = compact[3:]
    if len(compact) == 9 and not compact.startswith("+"):
        return f"+48 {compact[:3]} {compact[3:6]} {compact[6:]}"
    return compact


def validate_nip(value: str) -> None:
    digits = normalise_nip(value or "")
    if len(digits) != 10 or not is_ascii_digits(digits):
        raise ValidationError(INVALID_NIP, code="invalid_nip")
    check = _weighted_check(digits[:9], NIP_WEIGHTS)
    if check == 10 or check != int(digits[9]):
        raise ValidationError(INVALID_NIP, code="invalid_nip")
    # The first three digits name a tax office; none has the code 000.
    if digits[:3] == "000":
        raise ValidationError(NUMBER_OF_ZEROS, code="nip_zeros", params={"kind": "NIP"})


def validate_regon(value: str) -> None:
    digits = normalise_regon(value or "")
    if len(digits) not in (9, 14) or not is_ascii_digits(digits):
        raise ValidationError(INVALID_REGON, code="invalid_regon")
    # A 14-digit REGON (a local unit) starts with its parent's valid 9-digit REGON.
    if _weighted_check(digits[:8], REGON9_WEIGHTS) % 10 != int(digits[8]):
        raise ValidationError(INVALID_REGON, code="invalid_regon")
    if len(digits) == 14 and _weighted_check(digits[:13], REGON14_WEIGHTS) % 10 != int(digits[13]):
        raise ValidationError(INVALID_REGON, code="invalid_regon")
    if set(digits[:8]) == {"0"}:
        raise ValidationError(NUMBER_OF_ZEROS, code="regon_zeros", params={"kind": "REGON"})


def validate_krs(value: str) -> None:
    digits = normalise_krs(value or "")
    if len(digits) != 10 or not is_ascii_digits(digits):
        raise ValidationError(INVALID_KRS, code="invalid_krs")
    if set(digits) == {"0"}:
        raise ValidationError(NUMBER_OF_ZEROS, code="krs_zeros", params={"kind": "KRS"})


def nrb_is_valid(digits: str) -> bool:
    """26 ASCII digits with a correct IBAN check (mod 97, with the PL prefix)."""
    if len(digits) != 26 or not is_ascii_digits(digits):
        return False
    # IBAN: move "PL" + the check digits to the end; P=25, L=21.
    return int(digits[2:] + "2521" + digits[:2]) % 97 == 1


def validate_nrb(value: str) -> None:
    digits = normalise_nrb(value or "")
    if not nrb_is_valid(digits):
        raise ValidationError(INVALID_NRB, code="invalid_nrb")
    # Digits 3-10 name the bank and branch, 11-26 the account; neither is ever all zeros.
    if set(digits[2:10]) == {"0"} or set(digits[10:]) == {"0"}:
        raise ValidationError(NUMBER_OF_ZEROS, code="nrb_zeros", params={"kind": "NRB"})


def validate_postal_code(value: str) -> None:
    # Strict about the dash: the stored form is 00-000 (PostalCodeField adds a missing dash).
    code = (value or "").strip()
    if not _POSTAL_CODE.fullmatch(code) or code == "00-000":
        raise ValidationError(INVALID_POSTAL_CODE, code="invalid_postal_code")


def validate_phone(value: str) -> None:
    number = normalise_phone(value or "")
    if number.startswith("+48 "):
        digits = number[4:].replace(" ", "")
        valid = is_ascii_digits(digits) and len(digits) == 9 and digits[0] != "0"
    else:
        digits = number[1:]
        # E.164: a country code (never starting with 0) and at most 15 digits in all.
        valid = (
            number.startswith("+")
            and not number.startswith("+48")
            and is_ascii_digits(digits)
            and 8 <= len(digits) <= 15
            and digits[0] != "0"
        )
    if not valid:
        raise ValidationError(INVALID_PHONE, code="invalid_phone")


_email_validator = EmailValidator(message=INVALID_EMAIL, code="invalid_email")
_url_validator = URLValidator(schemes=["http", "https"], message=INVALID_URL, code="invalid_url")


def validate_email(value: str) -> None:
    _email_validator(value)


def validate_url(value: str) -> None:
    _url_validator(value)


class IdentifierField(forms.CharField):
    """A text field that normalises what people type (spaces, dashes, prefixes) before validating.

    The model's ``max_length`` applies to the normalised value, so the browser is not told to
    stop someone typing "123-456-32-18" into a ten-character NIP field.
    """

    default_validators: list = []
    invalid_message = INVALID_NIP
    input_mode = "numeric"

    def __init__(self, **kwargs):
        self.stored_max_length = kwargs.pop("max_length", None)
        kwargs.setdefault("max_length", RAW_MAX_LENGTH)
        super().__init__(**kwargs)

    def normalise(self, value: str) -> str:
        raise NotImplementedError

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return value
        normalised = self.normalise(value)
        if self.stored_max_length and len(normalised) > self.stored_max_length:
            raise ValidationError(self.invalid_message, code="invalid")
        return normalised

    def clean(self, value):
        # Refused before normalising, with the kind's own message rather than "at most 64 characters".
        if isinstance(value, str) and len(value) > RAW_MAX_LENGTH:
            raise ValidationError(self.invalid_message, code="invalid")
        return super().clean(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        attrs.pop("minlength", None)
        attrs.setdefault("inputmode", self.input_mode)
        return attrs


class NipField(IdentifierField):
    default_validators = [validate_nip]
    invalid_message = INVALID_NIP

    def normalise(self, value):
        return normalise_nip(value)


class RegonField(IdentifierField):
    default_validators = [validate_regon]
    invalid_message = INVALID_REGON

    def normalise(self, value):
        return normalise_regon(value)


class KrsField(IdentifierField):
    default_validators = [validate_krs]
    invalid_message = INVALID_KRS

    def normalise(self, value):
        return normalise_krs(value)


class BankAccountField(IdentifierField):
    default_validators = [validate_nrb]
    invalid_message = INVALID_NRB

    def normalise(self, value):
        return normalise_nrb(value)


class PostalCodeField(IdentifierField):
    default_validators = [validate_postal_code]
    invalid_message = INVALID_POSTAL_CODE

    def normalise(self, value):
        return normalise_postal_code(value)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "placeholder": "00-000"}


class PhoneField(IdentifierField):
    default_validators = [validate_phone]
    invalid_message = INVALID_PHONE
    input_mode = "tel"

    def normalise(self, value):
        return normalise_phone(value)

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "autocomplete": "tel"}


class WebsiteField(forms.URLField):
    """A web address; typed without a scheme it gets https:// (Django 6's default, chosen now)."""

    default_validators = [validate_url]

    def __init__(self, **kwargs):
        kwargs.setdefault("assume_scheme", "https")
        super().__init__(**kwargs)
