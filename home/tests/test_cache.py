import pytest
from django.test import override_settings

from home.models import NavigationSettings

pytestmark = pytest.mark.django_db


def test_anonymous_page_is_served_from_the_cache_on_the_second_visit(client, site_pages):
    first = client.get("/o-portalu/")
    second = client.get("/o-portalu/")
    assert first["X-Page-Cache"] == "miss"
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_publishing_a_change_is_visible_at_once(client, site_pages):
    client.get("/o-portalu/")
    page = site_pages.standard
    page.title = "O portalu – nowa wersja"
    page.save_revision().publish()
    response = client.get("/o-portalu/")
    assert response["X-Page-Cache"] == "miss"
    assert "O portalu – nowa wersja" in response.content.decode()


def test_unpublishing_a_news_item_removes_it_from_the_cached_home_page(client, site_pages):
    item = site_pages.news[-1]
    assert item.title in client.get("/").content.decode()
    item.unpublish()
    assert item.title not in client.get("/").content.decode()


def test_changing_the_menu_clears_the_cache(client, site_pages):
    client.get("/o-portalu/")
    settings = NavigationSettings.for_site(site_pages.home.get_site())
    settings.main_menu = [("link", {"title": "Nowa pozycja", "page": site_pages.faq, "url": ""})]
    settings.save()
    assert "Nowa pozycja" in client.get("/o-portalu/").content.decode()


def test_signed_in_people_never_get_a_cached_page(client, site_pages, make_user):
    client.get("/o-portalu/")
    client.force_login(make_user())
    response = client.get("/o-portalu/")
    assert "X-Page-Cache" not in response
    assert "Moje konto" in response.content.decode()


def test_query_strings_are_cached_separately(client, site_pages):
    client.get("/aktualnosci/?page=1")
    assert client.get("/aktualnosci/?page=2")["X-Page-Cache"] == "miss"


def test_not_found_pages_are_not_cached(client, site_pages):
    client.get("/brak/")
    assert "X-Page-Cache" not in client.get("/brak/")


@override_settings(PAGE_CACHE_SECONDS=0)
def test_cache_can_be_switched_off(client, site_pages):
    from django.test import Client

    fresh = Client()  # middleware reads the setting when the handler is built
    fresh.get("/o-portalu/")
    assert "X-Page-Cache" not in fresh.get("/o-portalu/")


# --- fragments memoised per generation (they work with the page cache switched off too) ------------


@pytest.fixture
def uncached_client(settings):
    from django.test import Client

    settings.PAGE_CACHE_SECONDS = 0
    return Client()  # the middleware reads the setting when the handler is built


def test_menu_shows_a_new_menu_item_right_after_it_is_saved(uncached_client, site_pages):
    assert "Nowa pozycja" not in uncached_client.get("/o-portalu/").content.decode()
    settings = NavigationSettings.for_site(site_pages.home.get_site())
    settings.main_menu = [("link", {"title": "Nowa pozycja", "page": site_pages.faq, "url": ""})]
    settings.save()
    html = uncached_client.get("/o-portalu/").content.decode()
    assert '<a href="/pytania/">Nowa pozycja</a>' in html


def test_menu_shows_a_page_title_right_after_it_is_published(uncached_client, site_pages):
    settings = NavigationSettings.for_site(site_pages.home.get_site())
    settings.main_menu = [("link", {"title": "", "page": site_pages.faq, "url": ""})]
    settings.save()
    html = uncached_client.get("/o-portalu/").content.decode()
    assert '<a href="/pytania/">Pytania i odpowiedzi</a>' in html

    faq = site_pages.faq
    faq.title = "Częste pytania"
    faq.save_revision().publish()
    html = uncached_client.get("/o-portalu/").content.decode()
    assert '<a href="/pytania/">Częste pytania</a>' in html
    assert "Pytania i odpowiedzi" not in html


def test_menu_marks_the_current_page_although_it_is_memoised(uncached_client, site_pages):
    settings = NavigationSettings.for_site(site_pages.home.get_site())
    settings.main_menu = [
        ("link", {"title": "", "page": site_pages.faq, "url": ""}),
        ("link", {"title": "", "page": site_pages.standard, "url": ""}),
    ]
    settings.save()
    on_faq = uncached_client.get("/pytania/").content.decode()
    on_standard = uncached_client.get("/o-portalu/").content.decode()
    assert '<a href="/pytania/" aria-current="page">' in on_faq
    assert '<a href="/o-portalu/">' in on_faq
    assert '<a href="/o-portalu/" aria-current="page">' in on_standard
    assert '<a href="/pytania/">' in on_standard


def test_menu_and_footer_follow_the_language(uncached_client, site_pages):
    settings = NavigationSettings.for_site(site_pages.home.get_site())
    settings.main_menu = [("link", {"title": "", "page": site_pages.faq, "url": ""})]
    settings.save()
    uncached_client.get("/o-portalu/")
    # No English tree here: /en/ shows the Polish home, and the menu its Polish pages, marked as Polish.
    english = uncached_client.get("/en/").content.decode()
    assert '<a href="/pytania/" lang="pl" hreflang="pl">' in english
    assert "City of Warsaw" in english


def test_footer_changes_right_after_it_is_saved(uncached_client, site_pages):
    from home.models import FooterSettings

    uncached_client.get("/o-portalu/")
    footer = FooterSettings.for_site(site_pages.home.get_site())
    footer.copyright_notice = "© Miasto Stołeczne Warszawa 2027"
    footer.save()
    assert "© Miasto Stołeczne Warszawa 2027" in uncached_client.get("/o-portalu/").content.decode()


def test_a_published_body_is_shown_at_once(uncached_client, site_pages):
    from wagtail.rich_text import RichText

    assert "Dla mieszkańców i organizacji." in uncached_client.get("/o-portalu/").content.decode()
    page = site_pages.standard
    page.body = [("paragraph", RichText("<p>Nowa treść strony.</p>"))]
    page.save_revision().publish()
    html = uncached_client.get("/o-portalu/").content.decode()
    assert "Nowa treść strony." in html
    assert "Dla mieszkańców i organizacji." not in html


def test_a_rich_text_link_follows_the_linked_page_when_it_moves(uncached_client, site_pages):
    from wagtail.rich_text import RichText

    page = site_pages.standard
    page.body = [("paragraph", RichText(f'<p><a linktype="page" id="{site_pages.faq.pk}">FAQ</a></p>'))]
    page.save_revision().publish()
    assert '<a href="/pytania/">FAQ</a>' in uncached_client.get("/o-portalu/").content.decode()
    faq = site_pages.faq
    faq.slug = "faq"
    faq.save_revision().publish()
    assert '<a href="/faq/">FAQ</a>' in uncached_client.get("/o-portalu/").content.decode()


def test_a_preview_is_never_memoised_for_visitors(uncached_client, site_pages):
    from wagtail.rich_text import RichText

    uncached_client.get("/o-portalu/")
    draft = site_pages.standard.get_latest_revision_as_object()
    draft.body = [("paragraph", RichText("<p>Szkic, jeszcze nie opublikowany.</p>"))]
    preview = draft.make_preview_request()
    assert "Szkic, jeszcze nie opublikowany." in preview.content.decode()
    html = uncached_client.get("/o-portalu/").content.decode()
    assert "Szkic, jeszcze nie opublikowany." not in html
    assert "Dla mieszkańców i organizacji." in html


def test_a_moved_page_is_served_at_its_new_address(uncached_client, site_pages):
    from home.models import StandardPage
    from home.tests.factories import add_page

    child = add_page(site_pages.standard, StandardPage, title="Zasady", slug="zasady")
    assert uncached_client.get("/o-portalu/zasady/").status_code == 200
    child.move(site_pages.home, pos="last-child")
    old_address = uncached_client.get("/o-portalu/zasady/")
    # Routing no longer finds it there (404), so Wagtail's automatic redirect answers.
    assert (old_address.status_code, old_address["Location"]) == (301, "/zasady/")
    assert uncached_client.get("/zasady/").status_code == 200


def test_an_unpublished_page_is_not_served_from_the_remembered_route(uncached_client, site_pages):
    assert uncached_client.get("/o-portalu/").status_code == 200
    site_pages.standard.unpublish()
    assert uncached_client.get("/o-portalu/").status_code == 404


def test_a_new_private_section_is_enforced_at_once(uncached_client, site_pages):
    from wagtail.models import PageViewRestriction

    assert uncached_client.get("/o-portalu/").status_code == 200
    PageViewRestriction.objects.create(page=site_pages.standard, restriction_type=PageViewRestriction.LOGIN)
    assert uncached_client.get("/o-portalu/").status_code == 302


def test_memos_follow_a_generation_bumped_by_another_process(uncached_client, site_pages):
    from django.core.cache import cache

    from home.cache import GENERATION_KEY

    navigation = NavigationSettings.for_site(site_pages.home.get_site())
    navigation.main_menu = [("link", {"title": "Stara pozycja", "page": site_pages.faq, "url": ""})]
    navigation.save()
    assert "Stara pozycja" in uncached_client.get("/o-portalu/").content.decode()

    # Another worker saves the menu: this process sees no signal, only the shared generation.
    navigation.main_menu = [("link", {"title": "Nowa pozycja", "page": site_pages.faq, "url": ""})]
    NavigationSettings.objects.filter(pk=navigation.pk).update(main_menu=navigation.main_menu)
    assert "Stara pozycja" in uncached_client.get("/o-portalu/").content.decode()  # memoised
    cache.incr(GENERATION_KEY)
    assert "Nowa pozycja" in uncached_client.get("/o-portalu/").content.decode()
