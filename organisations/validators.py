"""Validators for Polish registry numbers, with messages a person can act on."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.pl import nip, regon

INVALID_NIP = _("This NIP is not valid: it must have 10 digits and a correct check digit.")
INVALID_REGON = _("This REGON is not valid: it must have 9 or 14 digits and a correct check digit.")
INVALID_KRS = _("The KRS number must have exactly 10 digits, e.g. 0000123456.")

_KRS = re.compile(r"^\d{10}$")


def validate_nip(value: str) -> None:
    if not nip.is_valid(value):
        raise ValidationError(INVALID_NIP, code="invalid_nip")


def validate_regon(value: str) -> None:
    if not regon.is_valid(value):
        raise ValidationError(INVALID_REGON, code="invalid_regon")


def validate_krs(value: str) -> None:
    if not _KRS.match(value or ""):
        raise ValidationError(INVALID_KRS, code="invalid_krs")
