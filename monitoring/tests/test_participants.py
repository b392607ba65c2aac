"""Participants, families, consents, enrolments and the access log, as a coordinator uses them."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from monitoring.choices import AuditAction, ConsentScope, MonitoringRole, ProjectKind
from monitoring.crypto import decrypt_text
from monitoring.models import AccessLogEntry, Consent, Enrolment, Family, Participant
from monitoring.participants import services

from .factories import (
    FamilyFactory,
    ParticipantFactory,
    ProjectFactory,
    active_organisation,
    enrol,
    staff_member,
)

pytestmark = pytest.mark.django_db

PESEL = "15231401230"  # born 14 March 2015
CHILD = {
    "first_name": "Zosia",
    "last_name": "Wiśniewska",
    "birth_date": "2015-03-14",
    "birth_year": "",
    "gender": "f",
    "district": "wola",
}


@pytest.fixture
def organisation():
    return active_organisation()


@pytest.fixture
def coordinator(organisation):
    return staff_member(organisation, first_name="Ewa", last_name="Koordynująca")


def test_a_coordinator_adds_a_participant_and_every_view_and_change_is_logged(
    sign_in, organisation, coordinator
):
    client = sign_in(coordinator)
    response = client.post(reverse("monitoring:participant_create"), CHILD)
    participant = Participant.objects.get(last_name="Wiśniewska")
    assert response["Location"] == reverse("monitoring:participant_detail", args=[participant.pk])
    assert participant.birth_year == 2015 and participant.organisation == organisation
    client.get(reverse("monitoring:participant_detail", args=[participant.pk]))
    client.post(
        reverse("monitoring:participant_edit", args=[participant.pk]), {**CHILD, "district": "ochota"}
    )
    log = list(AccessLogEntry.objects.filter(participant=participant).order_by("pk"))
    assert [(e.action, e.user) for e in log] == [
        (AuditAction.CREATE, coordinator),
        (AuditAction.VIEW, coordinator),
        (AuditAction.CHANGE, coordinator),
    ]
    assert log[2].what == "participant: district"
    page = client.get(reverse("monitoring:access_log") + f"?uczestnik={participant.pk}").content.decode()
    assert "Ewa Koordynująca" in page and "Wyświetlono" in page and "Zmieniono" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"birth_date": "2999-01-01"}, "Data urodzenia nie może być w przyszłości."),
        ({"birth_date": "1850-05-05"}, "Data urodzenia nie może być wcześniejsza niż 1900."),
        (
            {"birth_date": "2015-03-14", "birth_year": "2014"},
            "Rok urodzenia nie zgadza się z datą urodzenia.",
        ),
        (
            {"birth_date": "", "birth_year": "3000"},
            "Rok urodzenia musi mieścić się między 1900 a bieżącym rokiem.",
        ),
        ({"birth_date": "", "birth_year": ""}, "Podaj datę urodzenia albo przynajmniej rok urodzenia."),
        ({"birth_date": "2015-02-30"}, "Wpisz poprawną datę."),
    ],
)
def test_impossible_birth_dates_are_refused_and_nothing_is_saved(sign_in, coordinator, fields, message):
    page = sign_in(coordinator).post(reverse("monitoring:participant_create"), {**CHILD, **fields})
    assert page.status_code == 200
    assert message in page.content.decode()
    assert not Participant.objects.exists()
    assert not AccessLogEntry.objects.exists()


def test_the_same_name_and_birth_date_is_flagged_for_merging(sign_in, organisation, coordinator):
    first = ParticipantFactory(organisation=organisation, first_name="Zosia", last_name="Wiśniewska")
    response = sign_in(coordinator).post(
        reverse("monitoring:participant_create"),
        {**CHILD, "first_name": " zosia ", "last_name": "WIŚNIEWSKA"},
    )
    second = Participant.objects.exclude(pk=first.pk).get()
    assert second.duplicate_of == first
    page = sign_in(coordinator).get(response["Location"], follow=True).content.decode()
    assert "oznaczono do scalenia" in page
    listing = sign_in(coordinator).get(reverse("monitoring:participant_list")).content.decode()
    assert "Możliwe duplikaty do scalenia" in listing
    # Someone else's child with the same name is not a duplicate.
    other = ParticipantFactory(first_name="Zosia", last_name="Wiśniewska")
    assert other.duplicate_of is None
    assert (
        services.participant_save(user=staff_member(other.organisation), participant=other).duplicate_of
        is None
    )


def test_a_participant_belongs_to_one_family_at_a_time(sign_in, organisation, coordinator):
    first, second = FamilyFactory(organisation=organisation), FamilyFactory(organisation=organisation)
    child = ParticipantFactory(organisation=organisation, family=first)
    client = sign_in(coordinator)
    page = client.post(reverse("monitoring:family_detail", args=[second.pk]), {"participant": child.pk})
    assert f"należy już do rodziny {first.name}" in page.content.decode()
    child.refresh_from_db()
    assert child.family == first
    edit = client.post(
        reverse("monitoring:participant_edit", args=[child.pk]), {**CHILD, "family": second.pk}
    ).content.decode()
    assert "należy już do rodziny" in edit
    client.post(reverse("monitoring:family_remove_member", args=[child.pk]))
    client.post(reverse("monitoring:family_detail", args=[second.pk]), {"participant": child.pk})
    child.refresh_from_db()
    assert child.family == second


def test_a_family_of_three_is_built_from_the_family_page(sign_in, organisation, coordinator):
    client = sign_in(coordinator)
    client.post(reverse("monitoring:family_create"), {"name": "Rodzina Zielińskich", "district": "wola"})
    family = Family.objects.get(name="Rodzina Zielińskich")
    for first_name, born in (("Anna", "1985-01-02"), ("Kuba", "2014-06-01"), ("Ola", "2017-09-09")):
        client.post(
            reverse("monitoring:participant_create") + f"?rodzina={family.pk}",
            {
                **CHILD,
                "first_name": first_name,
                "last_name": "Zielińska",
                "birth_date": born,
                "family": family.pk,
            },
        )
    page = client.get(reverse("monitoring:family_detail", args=[family.pk])).content.decode()
    assert all(name in page for name in ("Anna Zielińska", "Kuba Zielińska", "Ola Zielińska"))
    assert AccessLogEntry.objects.filter(what="family", action=AuditAction.VIEW).count() == 3


# --- enrolments and the national ID ---------------------------------------------------------------------


def test_a_pesel_is_asked_only_where_the_project_requires_it_and_stored_encrypted(
    sign_in, organisation, coordinator
):
    club = ProjectFactory(organisation=organisation, kind=ProjectKind.YOUTH_CLUB)
    facility = ProjectFactory(organisation=organisation, kind=ProjectKind.DAY_SUPPORT)
    child = ParticipantFactory(organisation=organisation, birth_date=date(2015, 3, 14))
    client = sign_in(coordinator)
    url = reverse("monitoring:enrolment_add", args=[child.pk])
    refused = client.post(url, {"project": club.pk, "starts_on": "2026-02-01", "national_id": PESEL})
    assert "PESEL zapisuje się tylko w projektach, które go wymagają." in refused.content.decode()
    missing = client.post(url, {"project": facility.pk, "starts_on": "2026-02-01"})
    assert "Ten projekt wymaga numeru PESEL uczestnika." in missing.content.decode()
    bad = client.post(url, {"project": facility.pk, "starts_on": "2026-02-01", "national_id": "15231401231"})
    assert "To nie jest poprawny numer PESEL." in bad.content.decode()
    other_birth = client.post(
        url, {"project": facility.pk, "starts_on": "2026-02-01", "national_id": "44051401359"}
    )
    assert "Numer PESEL nie zgadza się z datą urodzenia." in other_birth.content.decode()
    assert not Enrolment.objects.exists()
    client.post(url, {"project": facility.pk, "starts_on": "2026-02-01", "national_id": PESEL})
    child.refresh_from_db()
    assert Enrolment.objects.filter(participant=child, project=facility).exists()
    assert PESEL not in child.national_id_encrypted and decrypt_text(child.national_id_encrypted) == PESEL
    page = client.get(reverse("monitoring:participant_detail", args=[child.pk])).content.decode()
    assert PESEL not in page and "•••••••••30" in page


def test_the_encryption_key_setting_is_the_one_used(settings):
    from cryptography.fernet import Fernet

    from monitoring.crypto import encrypt_text

    settings.MONITORING_ENCRYPTION_KEY = Fernet.generate_key().decode()
    token = encrypt_text(PESEL)
    assert decrypt_text(token) == PESEL
    settings.MONITORING_ENCRYPTION_KEY = Fernet.generate_key().decode()
    assert decrypt_text(token) == ""  # another key cannot read it


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"starts_on": "2025-12-31"}, "Udział musi zaczynać się w okresie realizacji projektu."),
        (
            {"starts_on": "2026-03-01", "ends_on": "2026-02-01"},
            "Udział nie może kończyć się przed rozpoczęciem.",
        ),
    ],
)
def test_enrolments_outside_the_project_or_ending_before_they_start_are_refused(
    sign_in, organisation, coordinator, data, message
):
    project = ProjectFactory(organisation=organisation)
    child = ParticipantFactory(organisation=organisation)
    page = sign_in(coordinator).post(
        reverse("monitoring:enrolment_add", args=[child.pk]), {"project": project.pk, **data}
    )
    assert message in page.content.decode()
    assert not Enrolment.objects.exists()


def test_overlapping_enrolments_are_refused_and_an_ended_one_can_be_followed(organisation, coordinator):
    project = ProjectFactory(organisation=organisation)
    child = ParticipantFactory(organisation=organisation)
    first = services.enrolment_create(
        user=coordinator, participant=child, project=project, starts_on=date(2026, 1, 5)
    )
    with pytest.raises(ValidationError, match="już zapisany|already enrolled"):
        services.enrolment_create(
            user=coordinator, participant=child, project=project, starts_on=date(2026, 3, 1)
        )
    services.enrolment_end(user=coordinator, enrolment=first, ends_on=date(2026, 2, 28))
    services.enrolment_create(
        user=coordinator, participant=child, project=project, starts_on=date(2026, 3, 1)
    )
    assert Enrolment.objects.filter(participant=child).count() == 2


# --- consents ---------------------------------------------------------------------------------------------


def test_consents_are_recorded_and_withdrawn_but_never_backdated_before_they_were_given(
    sign_in, organisation, coordinator
):
    child = ParticipantFactory(organisation=organisation)
    client = sign_in(coordinator)
    client.post(
        reverse("monitoring:consent_add", args=[child.pk]),
        {"scope": ConsentScope.DATA_PROCESSING, "given_on": "2026-01-10", "given_by": "matka, Anna Nowak"},
    )
    consent = Consent.objects.get(participant=child)
    assert consent.recorded_by == coordinator
    future = (timezone.localdate() + timedelta(days=2)).isoformat()
    page = client.post(
        reverse("monitoring:consent_add", args=[child.pk]),
        {"scope": ConsentScope.IMAGE, "given_on": future, "given_by": "ojciec"},
    )
    assert "Zgoda nie może być udzielona w przyszłości." in page.content.decode()
    early = client.post(
        reverse("monitoring:consent_withdraw", args=[consent.pk]), {"withdrawn_on": "2026-01-01"}
    )
    assert "Nie można wycofać zgody przed jej udzieleniem." in early.content.decode()
    client.post(reverse("monitoring:consent_withdraw", args=[consent.pk]), {"withdrawn_on": "2026-02-01"})
    consent.refresh_from_db()
    assert consent.withdrawn_on == date(2026, 2, 1)
    assert Consent.objects.count() == 1


# --- roles -------------------------------------------------------------------------------------------------


def test_an_educator_sees_participants_but_neither_changes_them_nor_reads_the_log(sign_in, organisation):
    educator = staff_member(organisation, MonitoringRole.EDUCATOR)
    child = ParticipantFactory(organisation=organisation)
    client = sign_in(educator)
    assert client.get(reverse("monitoring:participant_list")).status_code == 200
    assert client.get(reverse("monitoring:participant_detail", args=[child.pk])).status_code == 200
    assert client.post(reverse("monitoring:participant_create"), CHILD).status_code == 403
    assert client.post(reverse("monitoring:participant_edit", args=[child.pk]), CHILD).status_code == 403
    assert client.get(reverse("monitoring:access_log")).status_code == 403
    assert client.get(reverse("monitoring:participant_export")).status_code == 403
    assert Participant.objects.count() == 1


# --- projects -----------------------------------------------------------------------------------------------


def test_a_coordinator_sets_up_a_consortium_project_with_own_places(sign_in, organisation, coordinator):
    from organisations.tests.factories import PlaceFactory

    from .factories import SchoolFactory

    place = PlaceFactory(organisation=organisation)
    foreign_place = PlaceFactory()
    partner = active_organisation(name="Stowarzyszenie Partnerskie")
    school = SchoolFactory()
    data = {
        "title": "LSW Wola 6–18",
        "kind": ProjectKind.LSW,
        "age_range": "6-18",
        "partners": [partner.pk],
        "starts_on": "2026-01-01",
        "ends_on": "2026-12-31",
        "places": [place.pk],
        "schools": [school.pk],
    }
    client = sign_in(coordinator)
    no_range = client.post(reverse("monitoring:project_create"), {**data, "age_range": ""})
    assert "Lokalny System Wsparcia wymaga przedziału wieku" in no_range.content.decode()
    foreign = client.post(reverse("monitoring:project_create"), {**data, "places": [foreign_place.pk]})
    assert foreign.status_code == 200 and not organisation.monitoring_projects.exists()
    backwards = client.post(reverse("monitoring:project_create"), {**data, "ends_on": "2025-12-31"})
    assert "Projekt nie może kończyć się przed rozpoczęciem." in backwards.content.decode()
    client.post(reverse("monitoring:project_create"), data)
    project = organisation.monitoring_projects.get()
    assert list(project.partners.all()) == [partner] and list(project.places.all()) == [place]
    # The partner sees the project, but none of the leader's participants.
    child = ParticipantFactory(organisation=organisation, first_name="Tajemnicza")
    enrol(child, project)
    partner_client = sign_in(staff_member(partner))
    detail = partner_client.get(reverse("monitoring:project_detail", args=[project.pk]))
    assert detail.status_code == 200 and "Tajemnicza" not in detail.content.decode()
    assert partner_client.get(reverse("monitoring:participant_detail", args=[child.pk])).status_code == 404


def test_partners_belong_only_to_consortia(organisation, coordinator):
    from monitoring.projects import services as project_services

    project = ProjectFactory.build(organisation=organisation, kind=ProjectKind.YOUTH_CLUB)
    with pytest.raises(ValidationError, match="partner"):
        project_services.project_save(user=coordinator, project=project, partners=[active_organisation()])
    assert not organisation.monitoring_projects.exists()


def test_the_deployment_check_asks_for_a_real_key(settings):
    from monitoring.crypto import check_encryption_key

    settings.MONITORING_ENCRYPTION_KEY = ""
    assert [m.id for m in check_encryption_key()] == ["monitoring.W001"]
    settings.MONITORING_ENCRYPTION_KEY = "not-a-key"
    assert [m.id for m in check_encryption_key()] == ["monitoring.E001"]
