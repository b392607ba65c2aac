"""Organisation slugs never take a fixed word of the URLs they appear in.

An organisation's slug is a path segment under /organizacje/ (its public profile) and under
/konto/organizacja/ (its account). A fixed route there ("nowa/", "mapa/", "zaproszenie/<token>/")
wins over ``<slug>/``, so an organisation called "Nowa" would open the registration form instead of
its own profile, forever. The reserved words are read from those URLconfs, so a route added later
is reserved without anyone remembering to.
"""

from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

RESERVED_SLUG = _(
    "“%(slug)s” is a fixed part of the portal's addresses and cannot be an organisation's "
    "address. Choose another, e.g. “%(slug)s-2”."
)
# The URLconfs whose ``<slug>/`` routes are an organisation's.
SLUG_URLCONFS = ("organisations.directory_urls", "organisations.manage_urls")


@cache
def reserved_slugs() -> frozenset[str]:
    """The first path segment of every route without a parameter there, e.g. "nowa", "mapa"."""
    from importlib import import_module

    words = set()
    for module in SLUG_URLCONFS:
        for pattern in import_module(module).urlpatterns:
            first = str(pattern.pattern).split("/", 1)[0]
            if first and "<" not in first:
                words.add(first.lower())
                words.add(first.split(".", 1)[0].lower())  # "mapa.geojson" also reserves "mapa"
    return frozenset(words)


def is_reserved_slug(slug: str) -> bool:
    return (slug or "").lower() in reserved_slugs()


def validate_slug_not_reserved(slug: str) -> None:
    if is_reserved_slug(slug):
        raise ValidationError(RESERVED_SLUG, code="reserved_slug", params={"slug": slug})
