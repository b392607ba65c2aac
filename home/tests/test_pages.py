import json

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Collection, CollectionViewRestriction

from home.tests.factories import add_document, add_news

pytestmark = pytest.mark.django_db


def test_home_page_shows_latest_news_newest_first(client, site_pages):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Warszawa dla organizacji" in html
    newest, older = site_pages.news[2].title, site_pages.news[1].title
    assert html.index(newest) < html.index(older)
    assert html.count('class="card"') == 3


def test_home_page_without_news_shows_empty_state(client, site_pages):
    for item in site_pages.news:
        item.unpublish()
    response = client.get("/")
    assert "Brak aktualności" in response.content.decode()


def test_standard_page_renders_every_block_with_accessible_table(client, site_pages):
    html = client.get("/o-portalu/").content.decode()
    assert "<h2>Dla kogo</h2>" in html
    assert "Pamiętaj o terminach." in html
    assert "<caption>Terminy</caption>" in html
    assert '<th scope="col">Etap</th>' in html
    assert 'aria-label="Okruszki"' in html or "breadcrumbs" in html


def test_news_index_paginates_ten_per_page(client, site_pages):
    add_news(site_pages.news_index, 12, start=site_pages.news[-1].date, prefix="starsza")
    first = client.get("/aktualnosci/").content.decode()
    second = client.get("/aktualnosci/?page=2").content.decode()
    assert first.count('class="card"') == 10
    assert second.count('class="card"') == 5
    assert "Strona 1 z 2" in first


def test_news_index_survives_a_bad_page_number(client, site_pages):
    response = client.get("/aktualnosci/?page=abc")
    assert response.status_code == 200


def test_unpublished_news_is_not_listed(client, site_pages):
    hidden = site_pages.news[1]
    hidden.unpublish()
    html = client.get("/aktualnosci/").content.decode()
    assert hidden.title not in html
    assert client.get(hidden.url_path.replace("/start", "", 1)).status_code == 404


def test_faq_answers_have_deep_link_anchors_and_schema(client, site_pages):
    html = client.get("/pytania/").content.decode()
    assert 'id="jak-zlozyc-oferte"' in html
    # An anchor made from the question when the editor leaves it empty.
    assert 'id="do-kiedy-trwa-nabor"' in html
    assert 'href="#jak-zlozyc-oferte"' in html
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(html[start : html.index("</script>", start)])
    assert data["@type"] == "FAQPage"
    assert [q["name"] for q in data["mainEntity"]][0] == "Jak złożyć ofertę?"
    assert data["mainEntity"][0]["acceptedAnswer"]["text"] == "Ofertę składa się przez generator ofert."


def test_faq_anchors_stay_unique_when_questions_repeat(site_pages):
    from home.tests.factories import FAQ_CATEGORIES

    faq = site_pages.faq
    faq.categories = FAQ_CATEGORIES + [FAQ_CATEGORIES[0]]
    anchors = [q["anchor"] for c in faq.faq_categories() for q in c["questions"]]
    assert len(anchors) == len(set(anchors))
    assert "jak-zlozyc-oferte-2" in anchors


def test_document_library_groups_by_category_and_filters(client, site_pages):
    add_document("Wzór oferty", category="offers")
    add_document("Wzór umowy", category="contracts")
    html = client.get("/dokumenty/").content.decode()
    assert "Wzory ofert" in html and "Wzory umów" in html
    assert html.index("Wzory ofert") < html.index("Wzory umów")
    filtered = client.get("/dokumenty/?kategoria=contracts").content.decode()
    assert "Wzór umowy" in filtered and "Wzór oferty" not in filtered
    searched = client.get("/dokumenty/?q=oferty").content.decode()
    assert "Wzór oferty" in searched and "Wzór umowy" not in searched


def test_document_library_hides_private_collections(client, site_pages):
    private = Collection.get_first_root_node().add_child(name="Dla urzędników")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get(name="Officials"))
    add_document("Notatka wewnętrzna", collection=private)
    add_document("Wzór sprawozdania", category="reports")
    html = client.get("/dokumenty/").content.decode()
    assert "Wzór sprawozdania" in html
    assert "Notatka wewnętrzna" not in html


def test_document_library_empty_state_offers_a_way_back(client, site_pages):
    html = client.get("/dokumenty/?q=nieistniejacy").content.decode()
    assert "Żaden dokument nie pasuje" in html


def test_document_download_serves_the_file(client, site_pages):
    document = add_document("Wzór oferty", content=b"%PDF-1.4 wzor")
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 wzor"


def test_consultation_point_shows_address_hours_and_schema(client, site_pages):
    html = client.get("/punkt/").content.decode()
    assert "ul. Senatorska 27" in html and "00-099 Warszawa" in html
    assert "poniedziałek–piątek" in html
    assert site_pages.consultation.coordinates == (52.2436, 21.0109)
    assert '"@type": "GovernmentOffice"' in html
    assert 'href="tel:221234567"' in html


def test_english_version_of_a_page_has_english_interface(client, site_pages):
    html = client.get("/en/o-portalu/").content.decode()
    assert 'lang="en"' in html
    assert "Skip to main content" in html
    polish = client.get("/o-portalu/").content.decode()
    assert "Przejdź do treści" in polish


def test_unknown_address_gets_a_helpful_polish_404(client, site_pages):
    response = client.get("/nie-ma-takiej-strony/")
    assert response.status_code == 404
    assert "Nie znaleziono strony" in response.content.decode()


@pytest.mark.parametrize("slug", ["konto", "szukaj", "organizacje", "admin", "en", "healthz"])
def test_a_page_under_the_home_page_cannot_take_a_fixed_address_word(site_pages, slug):
    # /konto/ opens the account, so a page "Konto" under the home page could never be opened.
    from django.core.exceptions import ValidationError

    from home.models import StandardPage

    with pytest.raises(ValidationError) as refused:
        site_pages.home.add_child(instance=StandardPage(title="Konto", slug=slug))
    assert f"„{slug}” jest stałą częścią adresów portalu" in str(refused.value)
    # Deeper in the tree the same word is only a path segment, and is allowed.
    deeper = StandardPage(title="Konto", slug=slug)
    site_pages.standard.add_child(instance=deeper)
    assert deeper.pk


def test_english_pages_compete_only_with_the_routes_under_en():
    from home.slugs import reserved_top_level_slugs

    english, polish = reserved_top_level_slugs("en"), reserved_top_level_slugs("pl")
    assert {"konto", "szukaj", "organizacje", "konkursy"} <= english
    # /documents/ and /admin/ are not under /en/, so an English "documents" page is fine.
    assert "documents" not in english and "admin" not in english
    assert {"documents", "admin", "en", "konto"} <= polish
