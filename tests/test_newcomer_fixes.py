"""Small things a newcomer saw (issue 13): the address `make run` prints, e-mail links, the map
card, a news lead printed once, and transliterated slugs."""

import os
import subprocess
from pathlib import Path

import pytest
from django.core import mail
from wagtail.rich_text import RichText

from home.models import FAQPage, NewsItemPage, StandardPage
from home.tests.factories import add_page
from portal.emails import absolute_url, link_context

ROOT = Path(__file__).resolve().parent.parent


def _make_run_dry(**variables) -> str:
    arguments = [f"{name}={value}" for name, value in variables.items()]
    # A clean environment: `make test` runs this suite inside make, whose variables and flags
    # would otherwise reach the inner make (as a deployed WAGTAILADMIN_BASE_URL would).
    ignored = {"WAGTAILADMIN_BASE_URL", "MAKEFLAGS", "MAKELEVEL", "MFLAGS", "HOST", "PORT"}
    environment = {name: value for name, value in os.environ.items() if name not in ignored}
    result = subprocess.run(
        ["make", "-n", "run", *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    return result.stdout


def test_make_run_prints_the_address_it_serves():
    output = _make_run_dry(HOST="127.0.0.2", PORT="8123")
    assert "runserver 127.0.0.2:8123" in output
    assert "http://127.0.0.2:8123/" in output
    assert "8000" not in output


def test_make_run_on_all_interfaces_prints_an_address_a_browser_can_open():
    output = _make_run_dry(HOST="0.0.0.0", PORT="9001")  # noqa: S104 -- what a developer may pass
    assert "runserver 0.0.0.0:9001" in output
    assert "http://127.0.0.1:9001/" in output


def test_email_links_use_the_configured_site_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://ngo.example.pl/"
    assert absolute_url("/konto/oferty/") == "https://ngo.example.pl/konto/oferty/"
    assert absolute_url("konto/") == "https://ngo.example.pl/konto/"
    assert absolute_url("https://elsewhere.example/x") == "https://elsewhere.example/x"
    assert link_context() == {"protocol": "https", "domain": "ngo.example.pl"}


@pytest.mark.django_db
def test_a_notification_email_links_to_the_configured_address(settings, make_user, committed):
    from notifications.services import notify

    settings.WAGTAILADMIN_BASE_URL = "https://ngo.example.pl"
    user = make_user(email="ktos@example.pl")
    with committed():
        notify(recipients=[user], event="test", title="Nowa wiadomość", url="/konto/oferty/")
    assert "https://ngo.example.pl/konto/oferty/" in mail.outbox[-1].body


@pytest.mark.django_db
def test_the_map_card_on_the_home_page_opens_the_map(client, site_pages):
    site_pages.home.map_teaser_title = "Mapa organizacji"
    site_pages.home.save_revision().publish()
    html = client.get("/").content.decode()
    card = html[html.index('<aside class="map-teaser"') :]
    card = card[: card.index("</aside>")]
    assert '<a class="button" href="/organizacje/mapa/">Otwórz mapę organizacji</a>' in card


@pytest.mark.django_db
def test_a_news_item_prints_its_lead_once(client, site_pages):
    lead = "Organizacje mogą składać oferty do 15 grudnia."
    item = add_page(
        site_pages.news_index,
        NewsItemPage,
        title="Nabór otwarty",
        slug="nabor-otwarty",
        introduction=lead,
        body=[
            ("paragraph", RichText(f"<p>{lead}</p>")),
            ("paragraph", RichText("<p>Szczegóły w ogłoszeniu.</p>")),
        ],
    )
    html = client.get(item.url).content.decode()
    article = html[html.index("<article") : html.index("</article>")]
    assert article.count(lead) == 1
    assert f'<p class="lead">{lead}</p>' in article
    assert "Szczegóły w ogłoszeniu." in html


@pytest.mark.django_db
def test_page_slugs_and_faq_anchors_transliterate_polish_letters(client, site_pages):
    page = StandardPage(title="Zajęcia dla młodzieży – Łódź i Gdańsk")
    site_pages.home.add_child(instance=page)
    assert page.slug == "zajecia-dla-mlodziezy-lodz-i-gdansk"
    faq = add_page(
        site_pages.home,
        FAQPage,
        title="Pytania",
        slug="pytania-2",
        categories=[
            (
                "category",
                {
                    "title": "Młodzież",
                    "questions": [
                        {
                            "question": "Gdzie są zajęcia w Łodzi?",
                            "anchor": "",
                            "answer": RichText("<p>Tu.</p>"),
                        }
                    ],
                },
            )
        ],
    )
    categories = FAQPage.objects.get(pk=faq.pk).faq_categories()
    assert categories[0]["anchor"] == "mlodziez"
    assert categories[0]["questions"][0]["anchor"] == "gdzie-sa-zajecia-w-lodzi"
