"""Pages in the visitor's language: the English tree beside the Polish one (Wagtail i18n).

Menus, footers and highlights point at Polish pages; on the English site each link
goes to the page's English translation where one is live, and what exists only in
Polish is shown as Polish (``lang="pl"``, WCAG 3.1.2).
"""

from django.db.models import Q
from django.utils import translation
from wagtail.models import Locale, Page

from .cache import GenerationMemo

_locales = GenerationMemo(maxsize=1)
_translation_paths = GenerationMemo(maxsize=200)


def _language_codes() -> dict[int, str]:
    """Locale id → language code (memoised until the next publish)."""
    return _locales.get("codes", lambda: dict(Locale.objects.values_list("pk", "language_code")))


def page_language(page) -> str:
    """The language a page is written in, e.g. "pl"."""
    return _language_codes().get(page.locale_id, "")


def foreign_language(page) -> str:
    """The page's language if it is not the interface's (for a ``lang`` attribute), else ""."""
    language = page_language(page)
    return language if language and language != translation.get_language() else ""


def active_locale_id() -> int | None:
    language = translation.get_language()
    return next((pk for pk, code in _language_codes().items() if code == language), None)


def localize_pages(pages) -> dict[int, Page]:
    """For each page (by pk), its live translation in the active language, else the page itself.

    One query for all of them.
    """
    pages = [page for page in pages if page is not None]
    locale_id = active_locale_id()
    keys = {page.translation_key for page in pages if page.locale_id != locale_id}
    translations = {}
    if keys and locale_id is not None:
        found = Page.objects.live().filter(translation_key__in=keys, locale_id=locale_id).specific()
        for translated in found:
            translations[translated.translation_key] = translated
    return {page.pk: translations.get(page.translation_key, page) for page in pages}


def translated_live_pages(model, ancestor):
    """Live ``model`` pages under ``ancestor`` or any of its translations, one per translation.

    Where a page exists in ``ancestor``'s language that version is listed; pages that exist
    only in another language are listed as they are (the template marks their language).
    """
    key = ancestor.translation_key
    paths = _translation_paths.get(
        key, lambda: list(Page.objects.filter(translation_key=key).values_list("path", flat=True))
    )
    under = Q()
    for path in paths:
        under |= Q(path__startswith=path)
    pages = model.objects.live().filter(under)
    local_keys = model.objects.live().filter(locale_id=ancestor.locale_id).values("translation_key")
    return pages.exclude(Q(translation_key__in=local_keys) & ~Q(locale_id=ancestor.locale_id))


def translation_url(page, language: str, request=None) -> str | None:
    """The address of ``page``'s live translation into ``language``, or None."""
    locale_id = next((pk for pk, code in _language_codes().items() if code == language), None)
    if locale_id is None:
        return None
    if page.locale_id == locale_id:
        translated = page
    else:
        translations = Page.objects.live().filter(translation_key=page.translation_key, locale_id=locale_id)
        translated = translations.first()
    if translated is None:
        return None
    with translation.override(language):
        return translated.get_url(request=request)
