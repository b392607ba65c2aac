"""Numbers read from a request, and the limits of the columns they end up in.

Anything a browser sends can be edited: a hidden revision, a row's primary key, an
amount. ``int()`` and ``Decimal()`` on such text raise (``ValueError`` on "x" or
on "²", which ``str.isdigit`` accepts), and a number a column cannot hold fails in
the database. The views read parameters here and the forms bound amounts here, so
a bad value is a message or a 404, never a server error or a half-done write.
"""

import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

# The largest value of the amount columns (max_digits=12, decimal_places=2).
MONEY_MAX = Decimal("9999999999.99")
# The largest number of units in a cost row (max_digits=10, decimal_places=2).
UNITS_MAX = Decimal("99999999.99")
# PostgreSQL's bigint (primary keys) and integer (revisions) ranges.
BIGINT_MAX = 2**63 - 1
INTEGER_MAX = 2**31 - 1

REVISION_INVALID = _(
    "This page was damaged or out of date, so nothing was saved. What you typed is shown again: "
    "check it and save once more."
)
AMOUNT_TOO_LARGE = _("The amount may be at most %(limit)s.")
UNITS_TOO_LARGE = _("The number of units may be at most %(limit)s.")
ROW_TOTAL_TOO_LARGE = _(
    "This row comes to more than %(limit)s, the largest amount an offer can hold; lower the unit cost "
    "or the number of units."
)
TOTAL_TOO_LARGE = _(
    "The costs add up to more than %(limit)s, the largest amount an offer can hold; lower them."
)

AMOUNT_INVALID_FORMAT = _(
    "Enter a number such as 1234,56 or 1 234,56 (digits, an optional comma with the grosze, spaces "
    "between thousands)."
)
AMOUNT_AMBIGUOUS = _(
    "“%(value)s” could be read in more than one way. Write it as 1234,56 or 1 234,56: a comma before "
    "the grosze, spaces (or dots, with a comma) between thousands."
)

_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")
# Spaces people and spreadsheets put between thousands: space, no-break space, narrow no-break space.
_SPACES = re.compile(r"[ \u00a0\u202f]")
_GROUPED = r"[0-9]{{1,3}}(?:{sep}[0-9]{{3}})+"
_PLAIN = re.compile(r"[0-9]+(?:[,.][0-9]+)?")
# "1 234,56" / "1 234": groups of three after a space; the decimals after a comma only.
_SPACE_GROUPED = re.compile(_GROUPED.format(sep=" ") + r"(?:,[0-9]+)?")
# "1.234,56": a dot between thousands only when a comma marks the decimals, so it cannot be one.
_DOT_GROUPED = re.compile(_GROUPED.format(sep=r"\.") + r",[0-9]+")


def parameter_int(value, *, maximum: int = BIGINT_MAX) -> int | None:
    """``value`` as a non-negative integer a column can hold, or None (missing, text, too large).

    Only ASCII digits count: ``"²".isdigit()`` is true, but ``int("²")`` raises.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    number = int(text)
    return number if number <= maximum else None


def revision_of(post) -> int | None:
    """The hidden ``revision`` of a form (optimistic locking), or None when it is not a revision."""
    return parameter_int(post.get("revision"), maximum=INTEGER_MAX)


def parse_decimal(value) -> Decimal:
    """The number a person typed in Polish or plain notation, or ValidationError; never a guess.

    Accepted: "1234,56", "1234,5", "1234.56", "1 234,56" (with a space, a no-break space or a
    narrow no-break space between thousands) and "1.234,56" (dots between thousands, a comma
    before the decimals). Refused as ambiguous: "1,234.56" (English grouping), "1.234" (a
    thousand, or one and a bit?), "1 234.56" and several commas or dots such as "25,5,0". A
    comma is always the decimal mark, so "25,50" is 25.50, never 2550. Letters are refused.
    """
    if isinstance(value, Decimal):
        return value
    original = str(value).strip()
    text = _SPACES.sub(" ", original)
    sign = ""
    if text[:1] in "-\u2212" and text[:1]:
        sign, text = "-", text[1:].lstrip()
    if not text or not re.fullmatch(r"[0-9 .,]+", text):
        raise ValidationError(AMOUNT_INVALID_FORMAT, code="invalid")
    if " " in text:
        if not _SPACE_GROUPED.fullmatch(text):
            raise ValidationError(AMOUNT_AMBIGUOUS, code="ambiguous", params={"value": original})
        number = text.replace(" ", "").replace(",", ".")
    elif "," in text and "." in text:
        if not _DOT_GROUPED.fullmatch(text):
            raise ValidationError(AMOUNT_AMBIGUOUS, code="ambiguous", params={"value": original})
        number = text.replace(".", "").replace(",", ".")
    elif _PLAIN.fullmatch(text):
        whole, _mark, fraction = text.replace(",", ".").partition(".")
        if "." in text and len(fraction) == 3:
            # "1.234": an English decimal or a Polish thousand; a comma ("1,234") is read as decimals.
            raise ValidationError(AMOUNT_AMBIGUOUS, code="ambiguous", params={"value": original})
        number = text.replace(",", ".")
    else:
        raise ValidationError(AMOUNT_AMBIGUOUS, code="ambiguous", params={"value": original})
    return Decimal(sign + number)


def decimal_text(value) -> str:
    """A stored number as the amount inputs show it: 1234,56 (a comma, no grouping)."""
    if isinstance(value, Decimal | int | float):
        return str(value).replace(".", ",")
    return value


class AmountInput(forms.TextInput):
    """A text input with the numeric keyboard (type=number would refuse a comma in some browsers)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        return super().format_value(decimal_text(value))


def grouped(value: Decimal) -> str:
    """Polish notation of a limit: 9 999 999 999,99."""
    whole, fraction = f"{value:.2f}".split(".")
    return f"{int(whole):,}".replace(",", " ") + f",{fraction}"


class BoundedDecimalField(forms.DecimalField):
    """A DecimalField whose limit is the column's, refused with a message that names it.

    Django's own check would say "no more than 12 digits in total", which nobody
    typing an amount can act on.
    """

    widget = AmountInput

    def __init__(self, *, limit: Decimal = MONEY_MAX, limit_message=AMOUNT_TOO_LARGE, unit=" zł", **kwargs):
        self.limit, self.limit_message, self.unit = limit, limit_message, unit
        sign, digits, exponent = limit.as_tuple()
        kwargs.setdefault("max_digits", len(digits))
        kwargs.setdefault("decimal_places", -exponent)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # Not DecimalField's: its "step" and "min"/"max" belong to a number input.
        return forms.Field.widget_attrs(self, widget)

    def to_python(self, value):
        if isinstance(value, str) and value.strip():
            # One parser for every amount: the Polish notation, never a silent guess.
            value = str(parse_decimal(value))
        value = super().to_python(value)
        if value is not None and abs(value) > self.limit:
            raise ValidationError(
                self.limit_message, code="too_large", params={"limit": grouped(self.limit) + self.unit}
            )
        return value


def money_field(**kwargs) -> BoundedDecimalField:
    """A form field for an amount in złoty that an amount column (12 digits, 2 decimals) can hold."""
    return BoundedDecimalField(limit=MONEY_MAX, limit_message=AMOUNT_TOO_LARGE, **kwargs)


def name_the_money_limit(field: forms.Field) -> None:
    """Give a model form's amount field (12 digits, 2 decimals) the message that names its limit.

    Django's own says "no more than 12 digits in total"; the validator's params are not used
    by this message, which is formatted when shown.
    """
    if isinstance(field, forms.DecimalField) and (field.max_digits, field.decimal_places) == (12, 2):
        message = _money_limit_message()
        field.error_messages.update({"max_digits": message, "max_whole_digits": message})


def amount_field_like(field: forms.Field) -> forms.Field:
    """A model form's amount field (12 digits, 2 decimals) as a Polish amount input, same rules.

    Other fields are returned as they are.
    """
    if not (isinstance(field, forms.DecimalField) and (field.max_digits, field.decimal_places) == (12, 2)):
        return field
    amount = money_field(
        label=field.label, required=field.required, help_text=field.help_text, initial=field.initial
    )
    # The model's validators (e.g. at least 0) stay; the field's own digit checks are money_field's.
    amount.validators = list(field.validators)
    return amount


def _format_money_limit() -> str:
    return str(AMOUNT_TOO_LARGE % {"limit": f"{grouped(MONEY_MAX)} zł"}).replace("%", "%%")


_money_limit_message = lazy(_format_money_limit, str)
