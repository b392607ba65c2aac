"""portal.validators in the offer generator, the partners and the contract; the comment form's rate limit."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from competitions import public_offer_views
from competitions.models import Offer, OfferComment
from competitions.offer_forms import PartnerForm
from competitions.tests.offer_helpers import (
    fill_all_steps,
    ngo_member,
    open_competition,
    post_step,
    step_data,
)
from competitions.tests.test_small_grants import submitted  # noqa: F401 (fixture)
from organisations.choices import Role

pytestmark = pytest.mark.django_db

VALID_NIP = "5260250274"


def nrb_with_check_digits(bban: str) -> str:
    """A 26-digit NRB whose IBAN check digits are right for ``bban`` (24 digits)."""
    check = 98 - int(bban + "252100") % 97
    return f"{check:02d}{bban}"


@pytest.fixture
def offer(client, make_user):
    member = ngo_member(make_user)
    competition = open_competition(make_user(Role.OFFICIAL))
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    offer = Offer.objects.get()
    fill_all_steps(client, offer, member.memberships.get().organisation, upto="basic")
    return offer


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("offeror-nip", "0000000000", "NIP"),
        ("offeror-nip", "５２６０２５０２７４", "NIP"),  # full-width digits are not ASCII digits
        ("offeror-krs", "12345", "KRS"),
        ("offeror-bank_account", "61109010140000071219812875", "26 cyfr"),
        ("offeror-bank_account", nrb_with_check_digits("00000000" + "1234567890123456"), "zer"),
        ("offeror-phone", "zadzwoń do nas", "telefon"),
        ("offeror-email", "biuro@", "adres e-mail"),
    ],
)
def test_step_two_refuses_an_identifier_that_cannot_exist_and_keeps_what_was_typed(
    client, offer, field, typed, message
):
    before = Offer.objects.get(pk=offer.pk).content
    data = step_data(offer.organisation)["offeror"] | {field: typed, "offeror-contact_name": "Ala Kot"}
    response = post_step(client, offer, "offeror", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Ala Kot"' in page
    assert Offer.objects.get(pk=offer.pk).content == before


def test_step_two_stores_identifiers_normalised(client, offer):
    data = step_data(offer.organisation)["offeror"] | {
        "offeror-nip": "PL 526-025-02-74",
        "offeror-bank_account": "PL61 1090 1014 0000 0712 1981 2874",
        "offeror-phone": "601-234-567",
    }
    assert post_step(client, offer, "offeror", data).status_code == 302
    offeror = Offer.objects.get(pk=offer.pk).content["offeror"]
    assert offeror["nip"] == VALID_NIP
    assert offeror["bank_account"] == "61109010140000071219812874"
    assert offeror["phone"] == "+48 601 234 567"


def test_a_partner_row_uses_the_same_nip_check():
    partner = {
        "name": "Fundacja",
        "legal_form": "fundacja",
        "register": "0000123456",
        "address": "ul. Targowa 1, Warszawa",
        "representative": "Jan Kowalski",
        "tasks": "Warsztaty",
        "share": "100",
    }
    refused = PartnerForm(data=dict(partner, nip="0000000000"))
    assert not refused.is_valid() and "nip" in refused.errors
    accepted = PartnerForm(data=dict(partner, nip="526-025-02-74"))
    assert accepted.is_valid() and accepted.cleaned_data["nip"] == VALID_NIP


def test_the_contract_account_uses_the_one_nrb_check(make_user):
    from competitions.models import Contract
    from competitions.tests.test_contracts import make_offer, prepare

    official = make_user(Role.OFFICIAL)
    offer = make_offer()
    zeros = nrb_with_check_digits("00000000" + "1234567890123456")
    with pytest.raises(ValidationError, match="zer"):
        prepare(official, offer, bank_account=zeros)
    assert not Contract.objects.exists()
    assert prepare(official, offer, bank_account="PL61 1090 1014 0000 0712 1981 2874").bank_account == (
        "PL61109010140000071219812874"
    )


def _comment(client, url, ip, text="Koszty są zawyżone."):
    return client.post(
        url, {"author_name": "Jan Sąsiad", "author_email": "jan@example.org", "text": text}, REMOTE_ADDR=ip
    )


def test_comments_are_limited_per_address_with_a_clear_message(client, submitted):  # noqa: F811
    offer, _official = submitted
    url = reverse("competition_pages:offer", args=[offer.competition.slug, offer.pk])
    allowed, _seconds = public_offer_views.COMMENTS_PER_IP
    for number in range(allowed):
        assert _comment(client, url, "203.0.113.7", f"Uwaga {number}").status_code == 302
    response = _comment(client, url, "203.0.113.7", "Jeszcze jedna uwaga")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Zbyt wiele prób. Spróbuj ponownie za" in page
    assert "Jeszcze jedna uwaga" in page  # what was typed stays in the form
    assert OfferComment.objects.count() == allowed
    assert _comment(client, url, "198.51.100.20", "Z innego adresu").status_code == 302


def test_comments_are_limited_per_offer_across_addresses(client, submitted, monkeypatch):  # noqa: F811
    offer, _official = submitted
    monkeypatch.setattr(public_offer_views, "COMMENTS_PER_OFFER", (3, 3600))
    url = reverse("competition_pages:offer", args=[offer.competition.slug, offer.pk])
    for number in range(3):
        assert _comment(client, url, f"192.0.2.{number + 1}").status_code == 302
    assert _comment(client, url, "192.0.2.99").status_code == 429
    assert OfferComment.objects.count() == 3
