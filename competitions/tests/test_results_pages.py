"""Pages of the results: the organisation's update, the public results and CSV, the officials' screens."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from competitions import results_services as results
from competitions.choices import CompetitionState, OfferState, OfferUpdateState
from competitions.models import Competition, MeritCriterion, Offer, OfferUpdate, Score
from competitions.tests.test_results_setup import *  # noqa: F403 (fixtures)
from competitions.tests.test_results_setup import make_offer, score
from conftest import current_code
from notifications.models import Notification
from tests.second_factor_helpers import verified_login

pytestmark = pytest.mark.django_db


def page(response) -> str:
    """The page's text with non-breaking spaces (thousands, "zł") as plain ones."""
    return response.content.decode().replace("\xa0", " ").replace("&nbsp;", " ")


# --- the update ----------------------------------------------------------------------------------


@pytest.fixture
def update(official, competition, offer):
    results.propose_grant(user=official, offer=offer, amount="15000")
    results.publish_results(user=official, competition=competition, decision="Zarządzenie 5/2027")
    return OfferUpdate.objects.get(offer=offer)


def test_the_organisation_sees_what_to_fix_and_saves_each_section(client, member, update, offer):
    client.force_login(member)
    overview = page(client.get(reverse("offers:update", args=[offer.pk])))
    assert "15 000,00" in overview and "19 800,00" in overview
    assert "22 000,00 zł" in overview  # the sources no longer add up to the costs
    form = page(client.get(reverse("offers:update_section", args=[offer.pk, "koszty"])))
    assert 'data-offer-step="costs"' in form and "Wynagrodzenie wychowawców" in form

    costs = {
        "costs-TOTAL_FORMS": "2",
        "costs-INITIAL_FORMS": "2",
        "costs-MIN_NUM_FORMS": "1",
        "costs-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(update.content["costs"]):
        for key in ("category", "name", "unit", "unit_cost", "units", "year"):
            costs[f"costs-{index}-{key}"] = str(row[key])
    costs["costs-0-units"] = "300"  # 15 000 + 2 000 zł
    response = client.post(
        reverse("offers:update_section", args=[offer.pk, "koszty"]), {**costs, "revision": update.revision}
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert Decimal(update.content["costs"][0]["units"]) == 300

    financing_url = reverse("offers:update_section", args=[offer.pk, "finansowanie"])
    financing = {
        "financing-grant": "15000.00",
        "financing-own_financial": "2000.00",
        "financing-own_personal": "0",
        "financing-own_in_kind": "0",
        "financing-participant_fees": "0",
        "financing-other_public": "0",
    }
    # A grant other than the one awarded is refused at the field, nothing is saved.
    response = client.post(
        financing_url, {**financing, "financing-grant": "16000.00", "revision": update.revision}
    )
    assert response.status_code == 200
    assert re.search("przyznanej|must equal the amount granted", page(response))
    assert OfferUpdate.objects.get(pk=update.pk).content["financing"]["own_financial"] == "2200.00"
    # The grant below the competition's minimum is still fine: the official decided it.
    client.post(financing_url, {**financing, "revision": update.revision})
    update.refresh_from_db()
    assert update.content["financing"]["own_financial"] == "2000.00"

    response = client.post(
        reverse("offers:update_submit", args=[offer.pk]), {"revision": update.revision}, follow=True
    )
    assert OfferUpdate.objects.get(pk=update.pk).state == OfferUpdateState.SUBMITTED
    assert "Zmień" not in page(response) and "Change the cost" not in page(response)


def test_a_stale_form_of_the_update_is_refused(client, member, update, offer):
    client.force_login(member)
    url = reverse("offers:update_section", args=[offer.pk, "harmonogram"])
    row = update.content["schedule"][0]
    data = {
        "schedule-TOTAL_FORMS": "1",
        "schedule-INITIAL_FORMS": "1",
        "schedule-MIN_NUM_FORMS": "1",
        "schedule-MAX_NUM_FORMS": "1000",
        **{f"schedule-0-{key}": value for key, value in row.items()},
        "revision": update.revision,
    }
    client.post(url, {**data, "schedule-0-name": "Pierwsza"})
    response = client.post(url, {**data, "schedule-0-name": "Druga"}, follow=True)
    assert re.search("zmienił|changed this meanwhile", page(response))
    assert OfferUpdate.objects.get(pk=update.pk).content["schedule"][0]["name"] == "Pierwsza"


def test_the_official_returns_with_comments_shown_to_the_organisation(
    client, official, member, update, offer
):
    OfferUpdate.objects.filter(pk=update.pk).update(state=OfferUpdateState.SUBMITTED)
    verified_login(client, official)
    url = reverse("offers:update_review", args=[offer.pk])
    client.post(url, {"action": "return", "comment": ""})
    assert OfferUpdate.objects.get(pk=update.pk).state == OfferUpdateState.SUBMITTED
    client.post(url, {"action": "return", "comment": "Brak kosztów księgowości."})
    assert OfferUpdate.objects.get(pk=update.pk).state == OfferUpdateState.RETURNED
    client.force_login(member)
    assert "Brak kosztów księgowości." in page(client.get(reverse("offers:update", args=[offer.pk])))


def test_update_pages_refuse_other_people(client, committee_member, stranger, official, update, offer):
    for user in (committee_member, stranger):
        verified_login(client, user)
        assert client.get(reverse("offers:update", args=[offer.pk])).status_code == 403
        assert client.post(reverse("offers:update_submit", args=[offer.pk])).status_code == 403
    # An official reads it but does not write it, nor review a draft.
    verified_login(client, official)
    assert client.get(reverse("offers:update", args=[offer.pk])).status_code == 200
    assert client.get(reverse("offers:update_section", args=[offer.pk, "koszty"])).status_code == 403
    client.post(reverse("offers:update_review", args=[offer.pk]), {"action": "accept"})
    assert OfferUpdate.objects.get(pk=update.pk).state == OfferUpdateState.DRAFT
    client.logout()
    response = client.get(reverse("offers:update", args=[offer.pk]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


# --- public results ------------------------------------------------------------------------------


def _public_url(competition):
    return reverse("competition_pages:detail", args=[competition.slug])


def test_results_appear_on_the_public_page_only_after_publication(
    client, official, competition, offer, committee_member
):
    weak = make_offer(competition, title="Oferta bez dotacji")
    score(weak, committee_member, "50")
    make_offer(competition, title="Oferta odrzucona", state=OfferState.FORMALLY_REJECTED)
    make_offer(competition, title="Oferta wycofana", state=OfferState.WITHDRAWN)
    make_offer(competition, title="Szkic oferty", state=OfferState.DRAFT)
    results.propose_grant(user=official, offer=offer, amount="15000")

    before = page(client.get(_public_url(competition)))
    assert "Lato na Pradze 2027" not in before
    assert client.get(_public_url(competition) + "wyniki.csv").status_code == 404

    results.publish_results(user=official, competition=competition, decision="Zarządzenie nr 123/2027")
    after = page(client.get(_public_url(competition)))
    assert "Zarządzenie nr 123/2027" in after
    assert "Lato na Pradze 2027" in after and "15 000,00" in after
    assert re.search(r"75[,.]50", after)
    assert "Oferta bez dotacji" in after
    assert "Oferta odrzucona" in after
    assert "Oferta wycofana" not in after and "Szkic oferty" not in after
    assert reverse("directory:organisation", args=[offer.organisation.slug]) in after

    response = client.get(_public_url(competition) + "wyniki.csv")
    assert response["Content-Type"].startswith("text/csv")
    table = list(
        csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";")
    )
    by_title = {row[2]: row for row in table[1:]}
    assert set(by_title) == {"Lato na Pradze 2027", "Oferta bez dotacji", "Oferta odrzucona"}
    assert by_title["Lato na Pradze 2027"][6] == "15000,00"
    assert by_title["Oferta bez dotacji"][6] == "0,00"
    assert by_title["Oferta odrzucona"][6] == ""  # no amount for a formally rejected offer


# --- officials' screens --------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, official, totp_device):
    device = totp_device(official)
    client.force_login(official)
    client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
    return client


def test_offers_screen_counts_filters_and_pages(admin_client, competition, offer):
    make_offer(competition, title="Kolonie nad morzem", state=OfferState.SUBMITTED)
    make_offer(competition, title="Szkic", state=OfferState.DRAFT)
    url = reverse("results_admin:offers", args=[competition.pk])
    screen = page(admin_client.get(url))
    assert "Lato na Pradze 2027" in screen and "Kolonie nad morzem" in screen
    assert "Szkic" not in screen  # drafts are the organisation's business
    assert re.search(r"\((1)\)", screen)
    filtered = page(admin_client.get(url, {"state": OfferState.SUBMITTED}))
    assert "Kolonie nad morzem" in filtered and "Lato na Pradze 2027" not in filtered
    searched = page(admin_client.get(url, {"q": "praskie"}))  # the organisation's name
    assert "Lato na Pradze 2027" in searched and "Kolonie nad morzem" not in searched


def test_offers_screen_exports_and_messages_the_selected(admin_client, competition, offer, member, committed):
    other = make_offer(competition, title="Kolonie nad morzem")
    url = reverse("results_admin:offers", args=[competition.pk])
    response = admin_client.post(url, {"action": "export_xlsx", "selected": [other.pk]})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert len(values) == 2 and values[1][4] == "Kolonie nad morzem"
    assert values[1][3] == other.organisation.nip

    with committed():
        admin_client.post(
            url, {"action": "message", "selected": [offer.pk], "title": "Spotkanie", "body": "Zapraszamy."}
        )
    note = Notification.objects.get(recipient=member)
    assert "Spotkanie" in note.title and note.body == "Zapraszamy."
    # Nothing selected, or no text: a message, nobody notified.
    admin_client.post(url, {"action": "message", "title": "Spotkanie", "body": "Zapraszamy."})
    admin_client.post(url, {"action": "message", "selected": [offer.pk], "title": "", "body": "x"})
    assert Notification.objects.count() == 1


def test_results_screen_saves_amounts_shows_refusals_and_publishes(
    admin_client, competition, offer, committee_member
):
    weak = make_offer(competition, title="Słaba")
    score(weak, committee_member, "30")
    url = reverse("results_admin:results", args=[competition.pk])
    screen = page(admin_client.get(url))
    assert re.search(r"75[,.]50", screen) and "Słaba" in screen
    response = admin_client.post(
        url,
        {
            "action": "save",
            f"amount-{offer.pk}": "25000",
            f"revision-{offer.pk}": offer.revision,
            f"amount-{weak.pk}": "100",
            f"revision-{weak.pk}": weak.revision,
        },
    )
    text = page(response)
    assert re.search(r"30[,.]00", text)  # the weak offer's score in its refusal
    assert 'value="25000"' in text  # what was typed stays
    assert Offer.objects.get(pk=offer.pk).granted_amount is None
    admin_client.post(
        url, {"action": "save", f"amount-{offer.pk}": "15000", f"revision-{offer.pk}": offer.revision}
    )
    assert Offer.objects.get(pk=offer.pk).granted_amount == Decimal("15000")

    response = admin_client.post(url, {"action": "publish", "decision": ""}, follow=True)
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.CLOSED
    admin_client.post(url, {"action": "publish", "decision": "Zarządzenie nr 9/2027"})
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.RESULTS_PUBLISHED
    assert Offer.objects.get(pk=weak.pk).state == OfferState.NOT_GRANTED


def test_exports_of_offers_scores_and_results(admin_client, competition, offer, committee_member):
    criterion = MeritCriterion.objects.create(competition=competition, name="Jakość", max_points=10)
    sheet = offer.score_sheets.get()
    Score.objects.create(sheet=sheet, criterion=criterion, points=Decimal("7.5"), justification="Dobry plan")
    draft_sheet = make_offer(competition, title="Inna").score_sheets.create(member=committee_member, total=5)
    Score.objects.create(
        sheet=draft_sheet, criterion=criterion, points=Decimal("5"), justification="Szkic oceny"
    )

    def export(kind, fmt):
        response = admin_client.get(reverse("results_admin:export", args=[competition.pk, kind, fmt]))
        assert response.status_code == 200
        if fmt == "csv":
            return list(
                csv.reader(
                    io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
                )
            )
        return [list(row) for row in load_workbook(io.BytesIO(response.content)).active.values]

    offers = export("offers", "csv")
    assert [row[4] for row in offers[1:]] == ["Lato na Pradze 2027", "Inna"]
    assert offers[1][6] == "19800,00"  # a decimal comma: a number in a Polish spreadsheet
    scores = export("scores", "xlsx")
    assert len(scores) == 2  # only the submitted sheet
    assert scores[1][3:] == ["Jakość", 7.5, "Dobry plan"]
    ranking = export("results", "csv")
    assert ranking[1][1] == offer.display_number and ranking[1][4] == "75,50"
    assert (
        admin_client.get(reverse("results_admin:export", args=[competition.pk, "secrets", "csv"])).status_code
        == 404
    )


def test_officials_screens_refuse_other_roles(client, roles, competition):
    urls = [
        reverse("results_admin:index"),
        reverse("results_admin:offers", args=[competition.pk]),
        reverse("results_admin:results", args=[competition.pk]),
        reverse("results_admin:export", args=[competition.pk, "scores", "csv"]),
    ]
    for user in roles.values():
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code in (302, 403), (user, url)
    client.logout()
    for url in urls:
        assert client.get(url).status_code == 302
