"""Joint and single offers (issue 13): asked once on step II; V.C only asks a joint offer for partners."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from competitions.models import Offer
from competitions.offer_documents import offer_pdf_context
from competitions.offer_forms import JOINT_OFFER_WITHOUT_PARTNERS, SINGLE_OFFER_WITH_PARTNERS
from competitions.tests.offer_helpers import (
    attach_statute,
    ngo_member,
    open_competition,
    post_step,
    rows,
    step_data,
)
from organisations.choices import Role

pytestmark = pytest.mark.django_db

# The costs of offer_helpers.step_data: 50 × 400 + 1000 × 2 = 22 000 zł.
PARTNER = {
    "name": "Stowarzyszenie Sąsiedzi",
    "legal_form": "stowarzyszenie",
    "register": "0000123456",
    "nip": "526-025-02-74",
    "address": "ul. Targowa 1, 03-728 Warszawa",
    "representative": "Jan Kowalski, prezes",
    "tasks": "Zajęcia sportowe w drugim turnusie.",
    "share": "7000.00",
}
EMPTY_ROW = dict.fromkeys(PARTNER, "")


@pytest.fixture
def member(make_user):
    return ngo_member(make_user)


@pytest.fixture
def organisation(member):
    return member.memberships.get().organisation


@pytest.fixture
def offer(client, member, make_user):
    competition = open_competition(make_user(Role.OFFICIAL), joint_offers_allowed=True)
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    return Offer.objects.get()


def partners(lead_share, items):
    data = rows("partners", items)
    data["partners-lead_share"] = lead_share
    return data


def fill(client, offer, organisation, *, joint, partners_data):
    data = step_data(organisation)
    data["offeror"]["offeror-joint"] = "yes" if joint else "no"
    responses = {}
    for step in data:
        if step == "attachments":
            attach_statute(client, offer)
        if step == "other":
            responses["partners"] = post_step(client, offer, "partners", partners_data)
        if step == "summary":
            break
        responses[step] = post_step(client, offer, step, data[step])
    return responses


def errors(response):
    return " ".join(str(e) for e in response.context["wizard"]["form"].non_form_errors())


def test_the_question_is_asked_once_on_step_two_only_where_joint_offers_are_allowed(client, offer):
    page = client.get(reverse("offers:step", args=[offer.pk, "offeror"])).content.decode()
    assert "Kto składa ofertę?" in page and 'name="offeror-joint"' in page
    offer.competition.joint_offers_allowed = False
    offer.competition.save()
    page = client.get(reverse("offers:step", args=[offer.pk, "offeror"])).content.decode()
    assert 'name="offeror-joint"' not in page


def test_a_single_offer_passes_the_partners_step_with_an_empty_row_and_is_submitted(
    client, offer, organisation
):
    responses = fill(client, offer, organisation, joint=False, partners_data=partners("", [EMPTY_ROW]))
    assert responses["partners"].status_code == 302
    offer.refresh_from_db()
    assert offer.content["partners"] == []
    assert post_step(client, offer, "summary", {"summary-confirm": "on"}).status_code == 302
    offer.refresh_from_db()
    assert offer.state == "submitted"


def test_a_single_offer_passes_the_partners_step_with_no_rows(client, offer, organisation):
    responses = fill(client, offer, organisation, joint=False, partners_data=partners("", []))
    assert responses["partners"].status_code == 302


def test_a_single_offer_with_a_partner_typed_in_is_told_to_choose(client, offer, organisation):
    responses = fill(client, offer, organisation, joint=False, partners_data=partners("", [PARTNER]))
    assert responses["partners"].status_code == 200
    assert str(SINGLE_OFFER_WITH_PARTNERS) in errors(responses["partners"])


def test_a_joint_offer_records_each_partner_and_a_split_that_adds_up(client, offer, organisation):
    responses = fill(client, offer, organisation, joint=True, partners_data=partners("15000", [PARTNER]))
    assert responses["partners"].status_code == 302
    offer.refresh_from_db()
    lead, partner = offer.content["partners"]
    assert lead["lead"] and lead["share"] == "15000.00"
    assert partner["register"] == "0000123456" and partner["nip"] == "5260250274"
    assert partner["representative"] == "Jan Kowalski, prezes" and partner["share"] == "7000.00"
    assert post_step(client, offer, "summary", {"summary-confirm": "on"}).status_code == 302
    offer.refresh_from_db()
    assert offer.state == "submitted"
    html = render_to_string("competitions/pdf/offer.html", offer_pdf_context(offer, draft=False))
    assert "V.C Podział kosztów" in html and "15 000,00" in html and "7 000,00" in html
    assert "Jan Kowalski, prezes" in html and "0000123456" in html


def test_a_split_that_does_not_add_up_names_the_difference(client, offer, organisation):
    responses = fill(client, offer, organisation, joint=True, partners_data=partners("14000", [PARTNER]))
    assert responses["partners"].status_code == 200
    message = errors(responses["partners"])
    assert "21 000,00 zł" in message
    assert "22 000,00 zł" in message and "Dodaj 1 000,00 zł" in message


def test_a_joint_offer_needs_a_partner_with_every_detail_and_a_valid_nip(client, offer, organisation):
    responses = fill(client, offer, organisation, joint=True, partners_data=partners("22000", [EMPTY_ROW]))
    assert str(JOINT_OFFER_WITHOUT_PARTNERS) in errors(responses["partners"])
    bad = dict(PARTNER, nip="0000000000", representative="")
    response = post_step(client, offer, "partners", partners("15000", [bad]))
    row = response.context["wizard"]["form"].forms[0]
    assert "nip" in row.errors and "representative" in row.errors


def test_costs_changed_after_the_split_stop_the_submission(client, offer, organisation):
    fill(client, offer, organisation, joint=True, partners_data=partners("15000", [PARTNER]))
    costs = step_data(organisation)["costs"]
    costs["costs-1-units"] = "3"  # 1 000 zł more
    post_step(client, offer, "costs", costs)
    post_step(
        client,
        offer,
        "financing",
        dict(step_data(organisation)["financing"], **{"financing-grant": "20800.00"}),
    )
    response = post_step(client, offer, "summary", {"summary-confirm": "on"})
    offer.refresh_from_db()
    assert offer.state == "draft"
    page = client.get(reverse("offers:step", args=[offer.pk, "summary"])).content.decode()
    assert "Dodaj 1 000,00 zł" in page, response
