"""Validators for Polish registry numbers, with messages a person can act on."""

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.pl import nip, regon

INVALID_NIP = _("This NIP is not valid: it must have 10 digits and a correct check digit.")
INVALID_REGON = _("This REGON is not valid: it must have 9 or 14 digits and a correct check digit.")
INVALID_KRS = _("The KRS number must have exactly 10 digits, e.g. 0000123456.")

INVALID_POSTAL_CODE = _("Enter the postal code in the form 00-000, e.g. 00-950.")
OUTSIDE_CITY = _(
    "These coordinates are outside Warsaw. Check the latitude (about 52.1–52.4) "
    "and longitude (about 20.8–21.3), or click the place on the map."
)
LOGO_TOO_LARGE = _("The logo is too large (%(size)s). Upload a file of at most %(limit)s.")
LOGO_WRONG_TYPE = _("The logo must be a PNG, JPEG or WebP image.")
POSTAL_CODE_PATTERN = r"^\d{2}-\d{3}$"
LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_EXTENSIONS = ("png", "jpg", "jpeg", "webp")

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


def validate_coordinates_in_city(latitude, longitude) -> None:
    """Places must lie inside the city's bounding box (``CITY_BOUNDS`` in settings)."""
    south, west, north, east = (Decimal(str(v)) for v in settings.CITY_BOUNDS)
    if not (south <= Decimal(str(latitude)) <= north and west <= Decimal(str(longitude)) <= east):
        raise ValidationError(OUTSIDE_CITY, code="outside_city")


def validate_logo(file) -> None:
    """A logo judged by its content (``portal.uploads``): a PNG, JPEG or WebP image, at most 2 MB."""
    from portal import uploads

    if getattr(file, "_committed", False):
        # Already stored, so checked when it was uploaded; re-reading it on every save adds nothing.
        return
    uploads.check_upload(file, uploads.LOGO)
