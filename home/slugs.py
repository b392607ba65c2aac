"""Slugs in plain ASCII, Polish letters transliterated ("Łódź" → "lodz"), as elsewhere in the project.

Django's ``slugify`` drops "ł", which has no Unicode decomposition ("młodzież" would become
"modziez"); the letters are mapped first.
"""

from functools import cache

from django.conf import settings
from django.urls import URLResolver, get_resolver
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

_POLISH_LETTERS = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def polish_slugify(text: str) -> str:
    """An ASCII slug of ``text`` with Polish letters transliterated."""
    return slugify(str(text).translate(_POLISH_LETTERS))


RESERVED_PAGE_SLUG = _(
    "“%(slug)s” is a fixed part of the portal's addresses (/%(slug)s/ opens another part of the "
    "portal), so a page directly under the home page cannot use it. Choose another, e.g. “%(slug)s-2”."
)


@cache
def reserved_top_level_slugs(language: str) -> frozenset[str]:
    """Every fixed first segment of the addresses a page of ``language`` could be shadowed by.

    A page directly under a home page is served at /<slug>/ (Polish, unprefixed) or
    /en/<slug>/, where a fixed route of the URLconf wins, so such a page could never be opened.
    The default language's pages compete with every route ("konto", "szukaj", "admin", "en", …);
    another language's only with the routes under its prefix ("konto", "szukaj", …). Read from
    the URLconf, so a route added later is reserved without anyone remembering to.
    """
    default = language == settings.LANGUAGE_CODE
    words = {code for code, _name in settings.LANGUAGES} if default else set()

    def walk(patterns, translated):
        for pattern in patterns:
            route = str(pattern.pattern)
            if not route and isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, True)  # the language prefix of i18n_patterns
                continue
            first = route.lstrip("^").split("/", 1)[0]
            if (default or translated) and first and "<" not in first and "(" not in first:
                words.add(first.lower())

    walk(get_resolver().url_patterns, False)
    return frozenset(words)
