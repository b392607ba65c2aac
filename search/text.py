"""Text handling shared by every backend: diacritic folding, a light Polish stemmer, excerpts.

Why a stemmer of our own: SQLite has no Polish stemmer, and Elasticsearch servers
without the ``analysis-stempel`` plugin have none either. The same function runs
when a document is indexed and when a query is parsed, so "organizacjom",
"organizacji" and "organizacje" all become ``organizacj`` and "zajecia" (typed
without diacritics) meets "zajęcia". It strips the common inflectional endings of
nouns and adjectives from the diacritic-free word, then undoes the commonest consonant
alternations ("seniorzy" and "seniorów" both become ``senior``); it is deliberately light: it
never turns a word into fewer than three letters and leaves short words alone.
PostgreSQL additionally uses the hunspell Polish dictionary (see the migrations).
"""

import html
import re
import unicodedata
from functools import lru_cache

from django.utils.safestring import SafeString, mark_safe

WORD = re.compile(r"\w+", re.UNICODE)
# Endings of Polish declension, diacritics already folded ("ą" → "a", "ę" → "e", "ó" → "o").
_SUFFIXES = sorted(
    {
        "owie", "ami", "ach", "ych", "ich", "ymi", "imi", "emu", "ego", "owi", "iem", "iej",
        "om", "ow", "em", "ej", "ie", "ia", "ii", "mi", "ym", "im",
        "a", "e", "i", "o", "u", "y",
    },
    key=len,
    reverse=True,
)  # fmt: skip
MIN_STEM = 3
_ALTERNATIONS = [("rz", "r"), ("ck", "c")]
_EXTRA = str.maketrans({"ł": "l", "Ł": "l", "ß": "ss", "ø": "o", "đ": "d"})


@lru_cache(maxsize=50_000)
def fold(text: str) -> str:
    """Lower case without diacritics: "Zażółć Łódź" → "zazolc lodz"."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """The light stem of one folded word (see the module docstring)."""
    if len(word) < MIN_STEM + 1 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            word = word[: -len(suffix)]
            break
    # A soft "i"/"y" left before the ending ("dzieci-om", "zajęci-ach") belongs to it.
    if len(word) > MIN_STEM + 1 and word[-1] in "iy":
        word = word[:-1]
    # Consonants that alternate before an ending: "senior" → "seniorzy", "seniorze" and
    # "kultura" → "kulturze" (r/rz), "dziecko" → "dzieci" (ck/c). The stem takes the plain form.
    for alternated, plain in _ALTERNATIONS:
        if word.endswith(alternated) and len(word) - len(alternated) + len(plain) >= MIN_STEM:
            return word[: -len(alternated)] + plain
    return word


def words(text: str) -> list[str]:
    """Folded words of ``text``."""
    return WORD.findall(fold(text or ""))


def terms(text: str) -> str:
    """The stemmed, folded words of ``text``, as the index stores them."""
    return " ".join(stem(word) for word in words(text))


# Control, format, surrogate, private-use and unassigned characters: never part of a word a
# person searches for, and PostgreSQL refuses NUL in any text it is sent (even inside JSON).
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn"}


def clean_input(value, max_length: int = 200) -> str:
    """Typed input made safe for every backend: invisible characters become spaces, runs of
    space collapse, and the result is at most ``max_length`` characters."""
    text = "".join(" " if unicodedata.category(ch) in _INVISIBLE else ch for ch in str(value or ""))
    return " ".join(text.split())[:max_length]


def normalise_query(query: str, max_length: int = 200) -> str:
    return clean_input(query, max_length)


def has_words(text: str) -> bool:
    """Whether ``text`` holds anything a backend can match (not only punctuation or emoji)."""
    return bool(words(text))


def title_key(title: str) -> str:
    """What an exact title match compares: folded words joined by single spaces."""
    return " ".join(words(title))[:255]


def _matches(word: str, stems: set[str], prefixes: tuple[str, ...]) -> bool:
    folded = fold(word)
    return stem(folded) in stems or (bool(prefixes) and folded.startswith(prefixes))


_TOKENS = re.compile(r"(\w+)", re.UNICODE)


def highlight(text: str, query: str, *, length: int = 220, prefix: bool = False) -> SafeString:
    """An escaped excerpt of ``text`` around the first query word, query words in <mark>.

    Words match by their stems, so "organizacjom" marks "organizacje".
    """
    text = " ".join((text or "").split())
    query_words = words(query)
    stems = {stem(w) for w in query_words}
    prefixes = tuple(w for w in query_words if len(w) >= 3) if prefix else ()
    tokens = _TOKENS.split(text)  # words at the odd positions, what separates them between
    first = next((i for i in range(1, len(tokens), 2) if _matches(tokens[i], stems, prefixes)), None)
    start = 0
    if first is not None and len("".join(tokens[:first])) > length // 3:
        # Start a few words before the first match, at a word boundary.
        start = max(0, first - 12)
        start -= start % 2  # even positions are separators
    # Plain runs are escaped whole (escaping is per character, so the result is the same).
    out, plain, size = [], [], 0
    if start:
        out.append("… ")
    for i in range(start, len(tokens)):
        token = tokens[i]
        if size + len(token) > length and i % 2 == 0:
            plain.append(" …")
            break
        size += len(token)
        if i % 2 == 1 and _matches(token, stems, prefixes):
            out.append(html.escape("".join(plain)))
            out.append(f"<mark>{html.escape(token)}</mark>")
            plain = []
        else:
            plain.append(token)
    out.append(html.escape("".join(plain)))
    return mark_safe("".join(out).strip())
