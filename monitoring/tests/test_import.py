"""Participants imported from CSV or XLSX: every row checked, all saved or none."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from monitoring.choices import AuditAction, MonitoringRole
from monitoring.models import AccessLogEntry, Family, Participant

from .factories import ParticipantFactory, SchoolFactory, active_organisation, staff_member

pytestmark = pytest.mark.django_db

GOOD = (
    "imie;nazwisko;data_urodzenia;plec;dzielnica;szkola;rodzina\n"
    "Zosia;Wiśniewska;14.03.2015;K;Wola;Szkoła Podstawowa nr 221;Rodzina Wiśniewskich\n"
    "Kuba;Wiśniewski;2013-06-01;M;wola;;Rodzina Wiśniewskich\n"
    "Ala;Zielińska;;k;Praga-Północ;;\n"
)


def csv_file(text, name="uczestnicy.csv"):
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


@pytest.fixture
def organisation():
    return active_organisation()


@pytest.fixture
def coordinator_client(sign_in, organisation):
    return sign_in(staff_member(organisation))


def test_a_good_csv_is_imported_whole_with_families_and_logged(coordinator_client, organisation):
    SchoolFactory(name="Szkoła Podstawowa nr 221")
    # The third row has neither a date nor a year of birth: nothing is imported.
    page = coordinator_client.post(
        reverse("monitoring:participant_import"), {"file": csv_file(GOOD)}
    ).content.decode()
    assert "Podaj datę urodzenia albo przynajmniej rok urodzenia." in page
    assert not Participant.objects.exists() and not Family.objects.exists()
    fixed = (
        "imie;nazwisko;data_urodzenia;rok_urodzenia;plec;dzielnica;szkola;rodzina\n"
        "Zosia;Wiśniewska;14.03.2015;;K;Wola;Szkoła Podstawowa nr 221;Rodzina Wiśniewskich\n"
        "Kuba;Wiśniewski;2013-06-01;;M;wola;;Rodzina Wiśniewskich\n"
        "Ala;Zielińska;;2016;k;Praga-Północ;;\n"
    )
    response = coordinator_client.post(reverse("monitoring:participant_import"), {"file": csv_file(fixed)})
    assert response.status_code == 302
    zosia = Participant.objects.get(first_name="Zosia")
    assert (
        zosia.birth_year == 2015
        and zosia.school.name == "Szkoła Podstawowa nr 221"
        and zosia.district == "wola"
    )
    assert Participant.objects.get(first_name="Ala").birth_year == 2016
    family = Family.objects.get(name="Rodzina Wiśniewskich", organisation=organisation)
    assert set(family.members.values_list("first_name", flat=True)) == {"Zosia", "Kuba"}
    assert AccessLogEntry.objects.filter(action=AuditAction.CREATE, what="import").count() == 3


def test_every_bad_row_is_reported_and_nothing_is_imported(coordinator_client):
    text = (
        "imie;nazwisko;data_urodzenia;plec;dzielnica;szkola\n"
        "Zosia;Nowak;2015-03-14;K;Wola;\n"
        ";Brak;2015-03-14;K;Wola;\n"
        "Jaś;Przyszły;2999-01-01;M;Wola;\n"
        "Ola;Zła;31.02.2015;K;Wola;\n"
        "Ula;Inna;2015-01-01;X;Gotham;Nieznana szkoła\n"
        "Zosia;Nowak;2015-03-14;K;Wola;\n"
    )
    page = coordinator_client.post(
        reverse("monitoring:participant_import"), {"file": csv_file(text)}
    ).content.decode()
    assert "Nic nie zaimportowano: 5 wierszy wymaga poprawienia." in page
    for message in (
        "imię i nazwisko są wymagane",
        "Data urodzenia nie może być w przyszłości.",
        "„31.02.2015” nie jest datą",
        "„X” nie jest oznaczeniem płci",
        "„Gotham” nie jest dzielnicą Warszawy",
        "nie ma zapisanej szkoły „Nieznana szkoła”",
        "ta sama osoba co w wierszu 2",
    ):
        assert message in page, message
    assert not Participant.objects.exists()


def test_an_xlsx_file_is_read_too_and_existing_people_are_flagged(coordinator_client, organisation):
    ParticipantFactory(
        organisation=organisation, first_name="Zosia", last_name="Nowak", birth_date="2015-03-14"
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["imie", "nazwisko", "data_urodzenia"])
    sheet.append(["Zosia", "Nowak", "2015-03-14"])
    sheet.append(["Kuba", "Nowak", "2012-01-09"])
    data = io.BytesIO()
    book.save(data)
    upload = SimpleUploadedFile("lista.xlsx", data.getvalue())
    response = coordinator_client.post(
        reverse("monitoring:participant_import"), {"file": upload}, follow=True
    )
    assert "oznaczono do scalenia" in response.content.decode()
    assert Participant.objects.filter(organisation=organisation).count() == 3
    assert Participant.objects.get(first_name="Zosia", duplicate_of__isnull=False)


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("x.xlsx", b"not a zip"), "Nie można odczytać pliku"),
        (csv_file("imie;nazwisko\nZosia;Nowak\n"), "brakuje: data_urodzenia / rok_urodzenia"),
        (csv_file("imie;nazwisko;rok_urodzenia\n"), "Plik nie zawiera wierszy z uczestnikami."),
    ],
)
def test_files_that_cannot_be_read_are_refused_with_a_message(coordinator_client, upload, message):
    page = coordinator_client.post(
        reverse("monitoring:participant_import"), {"file": upload}
    ).content.decode()
    assert message in page
    assert not Participant.objects.exists()


def test_only_a_coordinator_imports(sign_in, organisation):
    educator = sign_in(staff_member(organisation, MonitoringRole.EDUCATOR))
    assert (
        educator.post(reverse("monitoring:participant_import"), {"file": csv_file(GOOD)}).status_code == 403
    )
    assert not Participant.objects.exists()
