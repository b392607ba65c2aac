"""Slugs in plain ASCII, Polish letters transliterated ("Łódź" → "lodz"), as elsewhere in the project.

Django's ``slugify`` drops "ł", which has no Unicode decomposition ("młodzież" would become
"modziez"); the letters are mapped first.
"""

from django.utils.text import slugify

_POLISH_LETTERS = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def polish_slugify(text: str) -> str:
    """An ASCII slug of ``text`` with Polish letters transliterated."""
    return slugify(str(text).translate(_POLISH_LETTERS))
