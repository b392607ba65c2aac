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
