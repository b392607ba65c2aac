"""Edited or absurd input to the competitions' pages: a message or a 404, never a 500 or a half-done write."""

import pytest
from django.urls import reverse

from competitions import report_services
from competitions.choices import ReportKind
from competitions.models import Offer, OfferAttachment, OfferUpdate
from competitions.tests.offer_helpers import (
    attach_statute,
    fill_all_steps,
    ngo_member,
    open_competition,
    post_step,
    rows,
    step_data,
)
from organisations.choices import Role

pytestmark = pytest.mark.django_db

DAMAGED = "Ta strona była uszkodzona lub nieaktualna, więc nic nie zapisano."
LIMIT = "9 999 999 999,99 zł"
# Text int() refuses although str.isdigit() accepts it, text, a number no column holds.
NOT_INTEGERS = ["abc", "²", "1.5", "-1", "99999999999999999999999", ""]


@pytest.fixture
def member(make_user):
    return ngo_member(make_user)


@pytest.fixture
def organisation(member):
    return member.memberships.get().organisation


@pytest.fixture
def offer(client, make_user, member):
    competition = open_competition(make_user(Role.OFFICIAL))
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    return Offer.objects.get()


def text(response) -> str:
    return response.content.decode().replace("\xa0", " ").replace("&nbsp;", " ")


def stored(offer) -> tuple:
    offer = Offer.objects.get(pk=offer.pk)
    return offer.revision, offer.content, offer.total_cost, offer.state


@pytest.mark.parametrize("revision", NOT_INTEGERS)
def test_a_step_with_a_damaged_revision_saves_nothing_and_keeps_what_was_typed(
    client, offer, organisation, revision
):
    before = stored(offer)
    data = step_data(organisation)["basic"] | {"basic-title": "Wakacje w mieście"}
    response = post_step(client, offer, "basic", data, revision=revision)
    assert response.status_code == 200
    assert DAMAGED in text(response)
    assert 'value="Wakacje w mieście"' in text(response)
    assert stored(offer) == before


def test_the_submission_with_a_damaged_revision_is_not_submitted(client, offer, organisation):
    fill_all_steps(client, offer, organisation, upto="attachments")
    before = stored(offer)
    response = post_step(client, offer, "summary", {"summary-confirm": "on"}, revision="x")
    assert response.status_code == 200 and DAMAGED in text(response)
    assert stored(offer) == before


@pytest.mark.parametrize("required", NOT_INTEGERS)
def test_an_attachment_for_a_damaged_requirement_is_not_found(client, offer, required):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("statut.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    response = client.post(
        reverse("offers:upload_attachment", args=[offer.pk]), {"required": required, "file": upload}
    )
    assert response.status_code == 404
    assert not OfferAttachment.objects.exists()


@pytest.mark.parametrize("step", ["nie-ma-takiego", "partners", "__init__", "zzz" * 40])
def test_an_unknown_step_is_not_found_on_get_and_post(client, offer, step):
    # "partners" exists only in competitions that accept joint offers; this one does not.
    before = stored(offer)
    url = reverse("offers:step", kwargs={"pk": offer.pk, "step": step})
    assert client.get(url).status_code == 404
    assert client.post(url, {"offer_wizard-current_step": step, "revision": "0"}).status_code == 404
    assert stored(offer) == before


def _cost(unit_cost, units):
    return {
        "category": "activity",
        "name": "Sala",
        "unit": "szt.",
        "unit_cost": unit_cost,
        "units": units,
        "year": "2027",
    }


@pytest.mark.parametrize(
    ("costs", "message"),
    [
        # Each factor fits; the product (about 10^18) fits no amount column.
        ([_cost("9999999999.99", "99999999.99")], f"Ten wiersz daje więcej niż {LIMIT}"),
        ([_cost("99999999999", "1")], f"Kwota może wynosić najwyżej {LIMIT}."),
        ([_cost("1 000 000 000 000", "1")], f"Kwota może wynosić najwyżej {LIMIT}."),
        ([_cost("10", "100000000")], "Liczba jednostek może wynosić najwyżej 99 999 999,99."),
        # Two rows that each fit add up to more than the offer's total can hold.
        ([_cost("9999999999.99", "1"), _cost("9999999999.99", "1")], f"Koszty sumują się do ponad {LIMIT}"),
    ],
)
def test_costs_past_what_an_offer_holds_are_refused_naming_the_limit(
    client, offer, organisation, costs, message
):
    fill_all_steps(client, offer, organisation, upto="characteristics")
    before = stored(offer)
    response = post_step(client, offer, "costs", rows("costs", costs))
    assert response.status_code == 200
    assert message in text(response)
    assert 'value="Sala"' in text(response)
    assert stored(offer) == before


def test_a_financing_amount_past_the_limit_is_refused_naming_it(client, offer, organisation):
    fill_all_steps(client, offer, organisation, upto="costs")
    before = stored(offer)
    data = step_data(organisation)["financing"] | {"financing-own_in_kind": "123456789012"}
    response = post_step(client, offer, "financing", data)
    assert f"Kwota może wynosić najwyżej {LIMIT}." in text(response)
    assert 'value="19800.00"' in text(response)
    assert stored(offer) == before


def test_the_largest_amounts_that_fit_are_saved_and_shown(client, offer, organisation):
    fill_all_steps(client, offer, organisation, upto="characteristics")
    response = post_step(client, offer, "costs", rows("costs", [_cost("99999999.99", "100")]))
    assert response.status_code == 302
    assert str(Offer.objects.get(pk=offer.pk).total_cost) == "9999999999.00"


# --- the update of a reduced grant, the results screen, reports, contracts --------------------------


@pytest.fixture
def update(make_user):
    from competitions import results_services
    from competitions.tests.test_results_setup import closed_competition, make_offer, score
    from organisations.tests.factories import OrganisationFactory

    official = make_user(Role.OFFICIAL)
    organisation = OrganisationFactory()
    make_user(Role.NGO_MEMBER, organisation=organisation)
    competition = closed_competition()
    offer = make_offer(competition, organisation)
    score(offer, make_user(Role.COMMITTEE_MEMBER), "80")
    results_services.propose_grant(user=official, offer=offer, amount="15000")
    results_services.publish_results(user=official, competition=competition, decision="Zarządzenie 5/2027")
    return OfferUpdate.objects.get(offer=offer)


def test_an_update_section_with_a_damaged_revision_saves_nothing(client, update):
    member = update.offer.organisation.memberships.first().user
    client.force_login(member)
    before = OfferUpdate.objects.get(pk=update.pk).content
    row = update.content["schedule"][0]
    data = {
        **rows("schedule", [dict(row) | {"name": "Nowa nazwa"}]),
        "revision": "²",
    }
    url = reverse("offers:update_section", args=[update.offer.pk, "harmonogram"])
    response = client.post(url, data)
    assert response.status_code == 200 and DAMAGED in text(response)
    assert 'value="Nowa nazwa"' in text(response)
    assert OfferUpdate.objects.get(pk=update.pk).content == before
    response = client.post(reverse("offers:update_submit", args=[update.offer.pk]), {"revision": "x"})
    assert response.status_code == 302
    assert OfferUpdate.objects.get(pk=update.pk).state == update.state


@pytest.mark.parametrize(
    ("value", "message"),
    [("NaN", "podaj kwotę w złotych"), ("100 000 000 000 000 000 000", "Kwota może wynosić najwyżej")],
)
def test_report_amounts_that_are_no_amount_or_too_large_are_refused(make_user, value, message):
    from competitions.tests.test_reports import complete, save, signed_offer

    official = make_user(Role.OFFICIAL)
    member = ngo_member(make_user)
    offer = signed_offer(official, member.memberships.get().organisation)
    report = offer.reports.get(kind=ReportKind.FINAL)
    content = complete(report)
    content["costs"]["own_in_kind"]["actual"] = value
    with pytest.raises(report_services.ValidationError) as refused:
        save(member, report, content)
    assert message in " ".join(refused.value.messages)
    content = complete(report, costs_total_actual=value)
    with pytest.raises(report_services.ValidationError):
        save(member, report, content)


def test_the_results_screen_refuses_huge_amounts_and_ignores_damaged_keys(client, make_user, totp_device):
    from competitions.tests.test_results_setup import closed_competition, make_offer, score
    from conftest import current_code

    official = make_user(Role.OFFICIAL)
    client.force_login(official)
    client.post(reverse("accounts:otp_verify"), {"token": current_code(totp_device(official))})
    competition = closed_competition()
    offer = make_offer(competition)
    score(offer, make_user(Role.COMMITTEE_MEMBER), "80")
    url = reverse("results_admin:results", args=[competition.pk])
    response = client.post(
        url, {"action": "save", f"amount-{offer.pk}": "1 000 000 000 000", f"revision-{offer.pk}": "²"}
    )
    assert response.status_code == 200
    assert f"Kwota może wynosić najwyżej {LIMIT}." in text(response)
    assert Offer.objects.get(pk=offer.pk).granted_amount is None
    offers_url = reverse("results_admin:offers", args=[competition.pk])
    response = client.post(offers_url, {"action": "export_csv", "selected": ["²", "abc", str(offer.pk)]})
    assert response.status_code == 200
    contracts = client.get(reverse("contracts_admin:list"), {"competition": "²"})
    assert contracts.status_code == 200


def test_attach_statute_still_works(client, offer):
    # The helper the other tests use: the one valid upload still attaches.
    attach_statute(client, offer)
    assert OfferAttachment.objects.filter(offer=offer).exists()


@pytest.mark.parametrize("goto", ["nie-ma-takiego", "zlozona"])
def test_a_damaged_go_to_step_button_neither_fails_nor_submits(client, offer, organisation, goto):
    fill_all_steps(client, offer, organisation, upto="attachments")
    before = stored(offer)
    url = reverse("offers:step", kwargs={"pk": offer.pk, "step": "summary"})
    response = client.post(
        url,
        {
            "offer_wizard-current_step": "bogus",
            "wizard_goto_step": goto,
            "summary-confirm": "on",
            "revision": str(before[0] - 1),  # a stale revision: this must not be submitted
        },
    )
    assert response.status_code in (200, 302)
    assert stored(offer)[3] == "draft"


def test_the_go_to_step_button_still_moves_without_saving(client, offer, organisation):
    fill_all_steps(client, offer, organisation, upto="task")
    before = stored(offer)
    url = reverse("offers:step", kwargs={"pk": offer.pk, "step": "schedule"})
    response = client.post(
        url, {"offer_wizard-current_step": "schedule", "wizard_goto_step": "task", "revision": str(before[0])}
    )
    assert response["Location"] == reverse("offers:step", kwargs={"pk": offer.pk, "step": "task"})
    assert stored(offer) == before


@pytest.mark.parametrize("value", ["abc", "NaN", "Infinity", "1e999999999"])
def test_the_money_filters_show_what_is_no_number_instead_of_failing(value):
    from competitions.templatetags.competition_tags import money, percent

    assert money(value) == value
    assert percent(value) == value
    assert money("1234.5").replace("\xa0", " ").startswith("1")
