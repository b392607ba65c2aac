"""Validators of organisation data that are not identifiers: a place inside the city, the logo."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal import uploads

OUTSIDE_CITY = _(
    "These coordinates are outside Warsaw. Check the latitude (about 52.1–52.4) "
    "and longitude (about 20.8–21.3), or click the place on the map."
)


def validate_coordinates_in_city(latitude, longitude) -> None:
    """Places must lie inside the city's bounding box (``CITY_BOUNDS`` in settings)."""
    south, west, north, east = (Decimal(str(v)) for v in settings.CITY_BOUNDS)
    if not (south <= Decimal(str(latitude)) <= north and west <= Decimal(str(longitude)) <= east):
        raise ValidationError(OUTSIDE_CITY, code="outside_city")


def validate_logo(file) -> None:
    """A logo judged by its content (``portal.uploads``): a PNG, JPEG or WebP image, at most 2 MB."""
    if getattr(file, "_committed", False):
        # Already stored, so checked when it was uploaded; re-reading it on every save adds nothing.
        return
    uploads.check_upload(file, uploads.LOGO)
