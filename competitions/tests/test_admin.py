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
