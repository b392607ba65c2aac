"""Every CSV and XLSX export neutralises formulas, keeps numbers as numbers and logs personal data."""

import csv
import io
import logging
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from competitions import results_services as results
from competitions.models import MeritCriterion, Score
from competitions.tests.test_results_setup import *  # noqa: F403 (fixtures)
from competitions.tests.test_results_setup import make_offer, score
from conftest import current_code
from organisations.choices import Role
from organisations.tests.factories import OrganisationFactory
from portal import exports

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil","x")'
# What a person typed → what the spreadsheet cell must hold.
NEUTRALISED = {
    HYPERLINK: "'" + HYPERLINK,
    "+1": "'+1",
    "@SUM(A1)": "'@SUM(A1)",
    "-2+3": "'-2+3",
}


@pytest.fixture
def admin_client(client, official, totp_device):
    client.force_login(official)
    client.post(reverse("accounts:otp_verify"), {"token": current_code(totp_device(official))})
    return client


@pytest.fixture
def hostile(competition, committee_member):
    """An offer whose organisation, title, criterion and justification are formulas."""
    committee_member.first_name, committee_member.last_name = "@SUM(A1)", ""
    committee_member.save()
    offer = make_offer(competition, OrganisationFactory(name=HYPERLINK), title="+1")
    sheet = score(offer, committee_member, "75.50")
    criterion = MeritCriterion.objects.create(competition=competition, name="@SUM(A1)", max_points=10)
    Score.objects.create(sheet=sheet, criterion=criterion, points=Decimal("7.50"), justification="-2+3")
    return offer


def table(response, fmt):
    if fmt == "csv":
        assert response["Content-Type"].startswith("text/csv")
        body = b"".join(response.streaming_content)
        assert body.startswith("\ufeff".encode())
        return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.active
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.value  # never a formula cell
    return [list(row) for row in sheet.values]


def cells(rows) -> set:
    return {value for row in rows for value in row}


def assert_neutralised(rows, typed):
    found = cells(rows)
    for value in typed:
        assert NEUTRALISED[value] in found, (value, rows)
        assert value not in found


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_officials_exports_neutralise_formulas_and_keep_numbers(admin_client, competition, hostile, fmt):
    def export(kind):
        response = admin_client.get(reverse("results_admin:export", args=[competition.pk, kind, fmt]))
        assert response.status_code == 200
        return table(response, fmt)

    offers = export("offers")
    assert_neutralised(offers, [HYPERLINK, "+1"])
    row = next(r for r in offers if r[2] == NEUTRALISED[HYPERLINK])
    assert row[6] == ("19800,00" if fmt == "csv" else 19800)  # a number, in either format
    assert_neutralised(export("scores"), ["@SUM(A1)", "-2+3"])
    ranking = export("results")
    assert_neutralised(ranking, [HYPERLINK, "+1"])

    selected = admin_client.post(
        reverse("results_admin:offers", args=[competition.pk]),
        {"action": f"export_{fmt}", "selected": [hostile.pk]},
    )
    assert_neutralised(table(selected, fmt), [HYPERLINK, "+1"])


def test_the_public_results_csv_neutralises_formulas(client, official, competition, hostile):
    results.propose_grant(user=official, offer=hostile, amount="15000")
    results.publish_results(user=official, competition=competition, decision="Zarządzenie 1/2027")
    response = client.get(reverse("competition_pages:results_csv", args=[competition.slug]))
    rows = table(response, "csv")
    assert_neutralised(rows, [HYPERLINK, "+1"])
    assert [r[6] for r in rows if r[2] == "'+1"] == ["15000,00"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_organisations_list_export_neutralises_formulas_and_is_logged(
    client, make_user, totp_device, caplog, fmt
):
    OrganisationFactory(name=HYPERLINK, short_name="-2+3", phone="+48 22 123 45 67")
    official = make_user(Role.OFFICIAL)
    client.force_login(official)
    client.post(reverse("accounts:otp_verify"), {"token": current_code(totp_device(official))})
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        response = client.get(reverse("organisations:index"), {"export": fmt})
    rows = table(response, fmt)
    assert_neutralised(rows, [HYPERLINK, "-2+3"])
    assert "'+48 22 123 45 67" in cells(rows)  # a phone number is text: neutralised too
    events = [r.security for r in caplog.records if getattr(r, "security", None)]
    assert [(e["event"], e["user"], e["rows"]) for e in events] == [
        ("personal_data_export", official.get_username(), 1)
    ]


def test_the_scores_export_is_logged_as_personal_data(admin_client, official, competition, hostile, caplog):
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        admin_client.get(reverse("results_admin:export", args=[competition.pk, "scores", "csv"]))
        admin_client.get(reverse("results_admin:export", args=[competition.pk, "results", "csv"]))
    events = [r.security for r in caplog.records if getattr(r, "security", None)]
    assert [(e["event"], e["export"], e["rows"]) for e in events] == [
        ("personal_data_export", "competition-scores", 1)
    ]


def test_cells_text_is_neutralised_numbers_are_not():
    assert exports.csv_cell(Decimal("-5.00")) == "-5,00"
    assert exports.csv_cell(-3) == "-3"
    assert exports.xlsx_cell(Decimal("-5.25")) == -5.25
    for typed in ("=1+1", "+1", "-1", "@A1", "\t=1", "\r=1"):
        assert exports.csv_cell(typed) == "'" + typed
        assert exports.xlsx_cell(typed) == "'" + typed
    assert exports.csv_cell("Fundacja = dobro") == "Fundacja = dobro"
    assert exports.csv_cell(None) == ""
