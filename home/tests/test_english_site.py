"""The English site (/en/): its own page tree, links to translations, Polish-only content marked."""

import re

import pytest
from django.core.cache import cache
from wagtail.models import Locale

from home.models import NavigationSettings
from home.tests.factories import publish

pytestmark = pytest.mark.django_db


def translate(page, **fields):
    """``page``'s English translation, as the admin's "Translate" action makes it, published."""
    translated = page.copy_for_translation(Locale.objects.get(language_code="en")).specific
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save()
    return publish(translated)


@pytest.fixture
def english(site_pages):
    settings = NavigationSettings.for_site(site_pages.home.get_site())
    settings.main_menu = [
        ("link", {"title": "Pytania", "page": site_pages.faq, "url": ""}),
        ("link", {"title": "", "page": site_pages.standard, "url": ""}),
    ]
    settings.save()
    home = translate(site_pages.home, title="Home", hero_title="Warsaw for organisations")
    faq = translate(site_pages.faq, title="Questions and answers", slug="questions", categories=[])
    return {"home": home, "faq": faq}


def test_english_home_and_faq_come_from_the_english_tree(client, english):
    home = client.get("/en/").content.decode()
    assert '<html lang="en">' in home
    assert '<h1 id="hero-title">Warsaw for organisations</h1>' in home
    assert "Warszawa dla organizacji" not in home
    faq = client.get("/en/questions/").content.decode()
    assert "<h1>Questions and answers</h1>" in faq
    assert "<title>Questions and answers – NGO portal of Warsaw</title>" in faq


def test_menu_goes_to_translations_and_marks_polish_only_pages(client, english):
    html = client.get("/en/").content.decode()
    # The editor's Polish label gives way to the translation's own title.
    assert '<a href="/en/questions/">Questions and answers</a>' in html
    assert '<a href="/o-portalu/" lang="pl" hreflang="pl">O portalu</a>' in html
    polish = client.get("/").content.decode()
    assert '<a href="/pytania/">Pytania</a>' in polish


def test_polish_only_news_on_english_pages_carry_lang_pl(client, english, site_pages):
    html = client.get("/en/").content.decode()
    title = site_pages.news[-1].title
    assert re.search(rf'<h3 class="card__title" lang="pl"><a href="[^"]+">{title}</a>', html)
    assert 'class="card__title" lang' not in client.get("/").content.decode()


def test_a_polish_page_shown_under_en_is_marked_polish(client, site_pages):
    # No English tree at all: Wagtail falls back to the Polish home, whose content is Polish.
    html = client.get("/en/").content.decode()
    assert '<html lang="en">' in html
    assert '<main id="main" tabindex="-1" lang="pl">' in html


def test_language_switcher_goes_to_the_translation(client, english):
    assert (
        '<a href="/en/questions/" lang="en" hreflang="en">English</a>'
        in client.get("/pytania/").content.decode()
    )
    assert (
        '<a href="/pytania/" lang="pl" hreflang="pl">Polski</a>'
        in client.get("/en/questions/").content.decode()
    )
    # No translation: the switcher offers the other language's home rather than a missing page.
    assert '<a href="/en/" lang="en" hreflang="en">English</a>' in client.get("/o-portalu/").content.decode()


def test_the_page_cache_keeps_languages_apart(client, english):
    cache.clear()
    for _ in range(2):
        polish, english_home = client.get("/"), client.get("/en/")
        assert '<html lang="pl">' in polish.content.decode()
        assert "Warszawa dla organizacji" in polish.content.decode()
        assert '<html lang="en">' in english_home.content.decode()
        assert "Warsaw for organisations" in english_home.content.decode()
    assert polish["X-Page-Cache"] == english_home["X-Page-Cache"] == "hit"
