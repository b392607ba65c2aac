from io import StringIO

import pytest
from django.core.management import call_command
from wagtail.models import Page

from home.models import FAQPage, HomePage, LibraryDocument, NewsItemPage
from organisations.models import Membership, Organisation, User

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Page.objects.count(),
        LibraryDocument.objects.count(),
        User.objects.count(),
        Organisation.objects.count(),
        Membership.objects.count(),
    )


def test_seed_demo_builds_a_browsable_site_and_is_idempotent(client):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first

    # One home page in each language: the English tree is a translation of the Polish one.
    assert HomePage.objects.filter(locale__language_code="pl").count() == 1
    assert HomePage.objects.filter(locale__language_code="en").count() == 1
    assert NewsItemPage.objects.live().count() >= 12
    assert FAQPage.objects.get(locale__language_code="pl").faq_categories()
    assert FAQPage.objects.get(locale__language_code="en").faq_categories()
    assert LibraryDocument.objects.count() >= 10
    printed = out.getvalue()
    for email in (
        "admin@demo.waw.pl",
        "redaktor@demo.waw.pl",
        "urzednik@demo.waw.pl",
        "komisja@demo.waw.pl",
        "placowka@demo.waw.pl",
        "monitoring@demo.waw.pl",
        "ngo.admin@demo.waw.pl",
    ):
        assert email in printed
    # The address the site is served at (make run sets it from HOST and PORT), not a fixed one.
    assert "Public site: http://testserver/   Admin: http://testserver/admin/" in printed

    home = client.get("/")
    assert home.status_code == 200
    for page in Page.objects.live().filter(depth__gt=2).specific():
        assert client.get(page.url).status_code == 200, page.url
    document = LibraryDocument.objects.first()
    body = b"".join(client.get(document.url).streaming_content)
    assert body.startswith(b"%PDF")

    # The English site: its own pages, in English, and Polish-only news marked as Polish.
    english_home = client.get("/en/").content.decode()
    assert '<html lang="en">' in english_home
    assert "Warsaw works together with non-governmental organisations" in english_home
    assert '<h3 class="card__title" lang="pl">' in english_home
    faq = client.get("/en/faq/").content.decode()
    assert "<h1>Frequently asked questions</h1>" in faq and "How do I submit an offer in a call?" in faq
    assert '<a href="/faq/" lang="pl" hreflang="pl">Polski</a>' in faq
    statement = client.get("/en/accessibility-statement/").content.decode()
    assert 'id="a11y-status"' in statement and "is partially compliant with the Act" in statement
    assert "Commissioner for Human Rights" in statement
    assert '<a href="/en/accessibility-statement/" lang="en" hreflang="en">English</a>' in (
        client.get("/deklaracja-dostepnosci/").content.decode()
    )


def test_the_demo_has_offers_waiting_for_the_formal_check_and_the_committee(client, committed):
    from competitions.choices import CompetitionState, OfferState
    from competitions.models import Competition

    with committed():  # the submitted offers' PDFs are rendered after commit
        call_command("seed_demo", stdout=StringIO())
    closed = Competition.objects.get(state=CompetitionState.CLOSED)
    states = sorted(closed.offers.values_list("state", flat=True))
    assert states == [OfferState.FORMALLY_CORRECT] + [OfferState.SUBMITTED] * 3
    assert all(offer.pdf and offer.number for offer in closed.offers.all())
    assert closed.committee.filter(email="komisja@demo.waw.pl").exists()
    # The demo NGO admin finds its submitted offer under "My offers".
    client.force_login(
        closed.offers.get(organisation__memberships__user__email="ngo.admin@demo.waw.pl").created_by
    )
    assert "Cyfrowi seniorzy z Pragi" in client.get("/konto/oferty/").content.decode()
