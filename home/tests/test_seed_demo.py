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

    assert HomePage.objects.count() == 1
    assert NewsItemPage.objects.live().count() >= 12
    assert FAQPage.objects.get().faq_categories()
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

    home = client.get("/")
    assert home.status_code == 200
    for page in Page.objects.live().filter(depth__gt=2).specific():
        assert client.get(page.url).status_code == 200, page.url
    document = LibraryDocument.objects.first()
    body = b"".join(client.get(document.url).streaming_content)
    assert body.startswith(b"%PDF")
