"""Officials prepare and announce competitions in the admin."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions.choices import CompetitionState
from competitions.models import Competition
from competitions.tests.factories import CompetitionFactory
from conftest import current_code
from organisations.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def official_client(client, make_user, totp_device):
    official = make_user(Role.OFFICIAL)
    device = totp_device(official)
    client.force_login(official)
    client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
    return client


def test_an_official_sees_the_competitions_and_their_forms(official_client):
    competition = CompetitionFactory(title="Wakacje w mieście 2027")
    listing = official_client.get(reverse("competitions:index")).content.decode()
    assert "Wakacje w mieście 2027" in listing
    assert official_client.get(reverse("competitions:add")).status_code == 200
    edit = official_client.get(reverse("competitions:edit", args=[competition.pk])).content.decode()
    assert reverse("competitions:workflow", args=[competition.pk]) in edit


def test_an_official_announces_from_the_workflow_screen(official_client):
    competition = CompetitionFactory()
    url = reverse("competitions:workflow", args=[competition.pk])
    response = official_client.post(
        url, {"action": "announce", "comment": "Zarządzenie 12/2027"}, follow=True
    )
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.ANNOUNCED
    page = response.content.decode()
    assert "Zarządzenie 12/2027" in page


def test_a_deadline_too_soon_is_explained_on_the_workflow_screen(official_client):
    competition = CompetitionFactory(offer_deadline=timezone.now() + timedelta(days=10))
    url = reverse("competitions:workflow", args=[competition.pk])
    response = official_client.post(url, {"action": "announce"}, follow=True)
    assert "21" in response.content.decode()
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.DRAFT


def test_cancelling_without_a_reason_keeps_the_competition(official_client):
    competition = CompetitionFactory()
    url = reverse("competitions:workflow", args=[competition.pk])
    official_client.post(url, {"action": "cancel", "reason": ""})
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.DRAFT
    official_client.post(url, {"action": "cancel", "reason": "Zmiana budżetu."})
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.CANCELLED


@pytest.mark.parametrize("role", [Role.EDITOR, Role.MONITORING_ADMIN])
def test_other_staff_cannot_manage_competitions(client, make_user, totp_device, role):
    user = make_user(role)
    device = totp_device(user)
    client.force_login(user)
    client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
    competition = CompetitionFactory()
    assert client.get(reverse("competitions:index")).status_code in (302, 403)
    response = client.post(reverse("competitions:workflow", args=[competition.pk]), {"action": "announce"})
    assert response.status_code in (302, 403)
    assert Competition.objects.get(pk=competition.pk).state == CompetitionState.DRAFT


def _inline(prefix):
    return {
        f"{prefix}-TOTAL_FORMS": "0",
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def test_an_official_creates_a_competition_in_the_admin_and_rules_are_checked(official_client):
    from organisations.models import PublicBenefitSphere

    data = {
        "title": "Kultura na podwórku",
        "signature": "WSS-KOP/2027/40",
        "slug": "kultura-na-podworku",
        "mode": "small_grant",
        "sphere": PublicBenefitSphere.objects.get(code="15").pk,
        "task_type": "Wydarzenia kulturalne na podwórkach",
        "announcement": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Ogłoszenie", "depth": 0, '
        '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "funds_allotted": "50000",
        "granting_rules": "Zasady",
        "implementation_conditions": "Warunki",
        "implementation_start": "2027-05-01",
        "implementation_end": "2027-09-30",
        "offer_deadline": "2027-03-01 16:00",
        "selection_procedure": "Tryb",
        "selection_criteria": "Kryteria",
        "selection_date": "2027-03-15",
        "min_grant": "1000",
        "max_grant": "12000",
        "min_own_contribution": "0",
        "min_own_financial": "0",
        "min_own_non_financial": "0",
        "score_threshold": "0",
        **_inline("prior_funding"),
        **_inline("documents"),
        **_inline("required_attachments"),
        **_inline("formal_checklist"),
        **_inline("merit_criteria"),
    }
    refused = official_client.post(reverse("competitions:add"), data)
    page = refused.content.decode()
    assert "10 000 zł" in page and "90 dni" in page  # art. 19a limits, explained at the fields
    assert not Competition.objects.exists()

    # An amount no column holds is refused with the limit named, not "at most 12 digits".
    too_large = official_client.post(reverse("competitions:add"), {**data, "funds_allotted": "123456789012"})
    assert "Kwota może wynosić najwyżej 9 999 999 999,99 zł." in too_large.content.decode()
    assert not Competition.objects.exists()

    official_client.post(
        reverse("competitions:add"), {**data, "max_grant": "10000", "implementation_end": "2027-07-29"}
    )
    created = Competition.objects.get()
    assert created.state == CompetitionState.DRAFT
    assert created.signature == "WSS-KOP/2027/40"
