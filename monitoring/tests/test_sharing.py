"""Consortium exchange: a partner sees another partner's participant only when shared with consent."""

from datetime import date

import pytest
from django.urls import reverse

from monitoring.choices import AuditAction, ConsentScope, ProjectKind
from monitoring.models import AccessLogEntry, Consent, Share

from .factories import ParticipantFactory, ProjectFactory, active_organisation, enrol, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def consortium():
    leader, partner = active_organisation(), active_organisation(name="Stowarzyszenie Partner")
    project = ProjectFactory(organisation=leader, kind=ProjectKind.LSW, age_range="6-18")
    project.partners.add(partner)
    child = ParticipantFactory(organisation=leader, first_name="Wiktoria")
    enrol(child, project)
    return leader, partner, project, child


def test_sharing_without_the_consent_is_refused(sign_in, consortium):
    leader, partner, project, child = consortium
    client = sign_in(staff_member(leader))
    page = client.post(
        reverse("monitoring:participant_share", args=[child.pk]),
        {"project": project.pk, "partner": partner.pk},
        follow=True,
    )
    assert "Najpierw zapisz zgodę na udostępnianie partnerom konsorcjum" in page.content.decode()
    assert not Share.objects.exists()
    assert (
        sign_in(staff_member(partner))
        .get(reverse("monitoring:participant_detail", args=[child.pk]))
        .status_code
        == 404
    )


def test_a_share_with_consent_opens_a_logged_view_until_the_consent_is_withdrawn(sign_in, consortium):
    leader, partner, project, child = consortium
    consent = Consent.objects.create(
        participant=child, scope=ConsentScope.CONSORTIUM, given_on=date(2026, 1, 5), given_by="matka"
    )
    sign_in(staff_member(leader)).post(
        reverse("monitoring:participant_share", args=[child.pk]),
        {"project": project.pk, "partner": partner.pk},
    )
    share = Share.objects.get()
    viewer = staff_member(partner, first_name="Paweł", last_name="Partnerski")
    client = sign_in(viewer)
    listing = client.get(reverse("monitoring:shared_list")).content.decode()
    assert "Wiktoria" in listing
    assert client.get(reverse("monitoring:shared_detail", args=[share.pk])).status_code == 200
    entry = AccessLogEntry.objects.get(participant=child, action=AuditAction.VIEW, user=viewer)
    assert entry.organisation == leader  # the owner's coordinator reads who of the partner looked
    assert AccessLogEntry.objects.filter(participant=child, what__startswith="shared with").exists()
    # Still not the full record, and nothing of the partner's own pages.
    assert client.get(reverse("monitoring:participant_detail", args=[child.pk])).status_code == 404
    consent.withdrawn_on = date(2026, 2, 1)
    consent.save()
    assert client.get(reverse("monitoring:shared_detail", args=[share.pk])).status_code == 404
    assert "Wiktoria" not in client.get(reverse("monitoring:shared_list")).content.decode()


def test_a_share_is_seen_only_by_the_partner_it_was_made_to(sign_in, consortium):
    leader, partner, project, child = consortium
    Consent.objects.create(
        participant=child, scope=ConsentScope.CONSORTIUM, given_on=date(2026, 1, 5), given_by="x"
    )
    consent = child.consents.get()
    share = Share.objects.create(participant=child, project=project, partner=partner, consent=consent)
    outsider = active_organisation()
    assert (
        sign_in(staff_member(outsider)).get(reverse("monitoring:shared_detail", args=[share.pk])).status_code
        == 404
    )


def test_only_consortium_members_of_a_consortium_project_can_receive_a_share(sign_in, consortium):
    leader, partner, project, child = consortium
    Consent.objects.create(
        participant=child, scope=ConsentScope.CONSORTIUM, given_on=date(2026, 1, 5), given_by="x"
    )
    outsider = active_organisation()
    sign_in(staff_member(leader)).post(
        reverse("monitoring:participant_share", args=[child.pk]),
        {"project": project.pk, "partner": outsider.pk},
    )
    club = ProjectFactory(organisation=leader, kind=ProjectKind.YOUTH_CLUB)
    enrol(child, club)
    sign_in(staff_member(leader)).post(
        reverse("monitoring:participant_share", args=[child.pk]), {"project": club.pk, "partner": partner.pk}
    )
    assert not Share.objects.exists()
