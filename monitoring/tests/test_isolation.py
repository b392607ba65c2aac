"""One organisation never reaches another's participants: not by list, search, export or a guessed URL."""

import pytest
from django.urls import reverse

from monitoring.choices import AccessState, ConsentScope
from monitoring.models import AccessLogEntry, Consent, MonitoringAccess, Participant
from organisations.tests.factories import OrganisationFactory

from .factories import (
    FamilyFactory,
    ParticipantFactory,
    ProjectFactory,
    active_organisation,
    enrol,
    staff_member,
)

pytestmark = pytest.mark.django_db

SECRET_NAME = "Eustachy"


@pytest.fixture
def theirs():
    """Another organisation's participant with everything around it."""
    organisation = active_organisation()
    family = FamilyFactory(organisation=organisation)
    participant = ParticipantFactory(organisation=organisation, first_name=SECRET_NAME, family=family)
    project = ProjectFactory(organisation=organisation)
    enrolment = enrol(participant, project)
    consent = Consent.objects.create(
        participant=participant, scope=ConsentScope.PARTICIPATION, given_on="2026-01-02", given_by="matka"
    )
    return {
        "participant": participant,
        "family": family,
        "project": project,
        "enrolment": enrolment,
        "consent": consent,
    }


def _urls(t):
    p = t["participant"].pk
    return [
        ("get", reverse("monitoring:participant_detail", args=[p]), {}),
        ("get", reverse("monitoring:participant_edit", args=[p]), {}),
        (
            "post",
            reverse("monitoring:participant_edit", args=[p]),
            {"first_name": "X", "last_name": "Y", "birth_year": "2010", "gender": "x"},
        ),
        (
            "post",
            reverse("monitoring:consent_add", args=[p]),
            {"scope": "image", "given_on": "2026-01-01", "given_by": "x"},
        ),
        (
            "post",
            reverse("monitoring:enrolment_add", args=[p]),
            {"project": t["project"].pk, "starts_on": "2026-02-01"},
        ),
        ("post", reverse("monitoring:family_remove_member", args=[p]), {}),
        (
            "post",
            reverse("monitoring:consent_withdraw", args=[t["consent"].pk]),
            {"withdrawn_on": "2026-02-01"},
        ),
        ("post", reverse("monitoring:enrolment_end", args=[t["enrolment"].pk]), {"ends_on": "2026-02-01"}),
        ("get", reverse("monitoring:family_detail", args=[t["family"].pk]), {}),
        ("post", reverse("monitoring:family_detail", args=[t["family"].pk]), {"participant": p}),
        ("get", reverse("monitoring:participant_copy", args=[p]), {}),
        ("post", reverse("monitoring:participant_erase", args=[p]), {"confirm": "on"}),
        (
            "post",
            reverse("monitoring:participant_share", args=[p]),
            {"project": t["project"].pk, "partner": 1},
        ),
        ("get", reverse("monitoring:goals", args=[p]), {}),
        (
            "post",
            reverse("monitoring:goals", args=[p]),
            {"goal": 1, "assessed_on": "2026-03-01", "score": "3"},
        ),
        ("get", reverse("monitoring:project_detail", args=[t["project"].pk]), {}),
        ("get", reverse("monitoring:project_report", args=[t["project"].pk]), {}),
        ("get", reverse("monitoring:project_report_file", args=[t["project"].pk, "xlsx"]), {}),
        ("get", reverse("monitoring:activity_create", args=[t["project"].pk]), {}),
        ("get", reverse("monitoring:support_add", args=[t["project"].pk]), {}),
        ("get", reverse("monitoring:project_edit", args=[t["project"].pk]), {}),
    ]


def _unchanged(t):
    participant = Participant.objects.get(pk=t["participant"].pk)
    t["consent"].refresh_from_db()
    t["enrolment"].refresh_from_db()
    return (
        participant.first_name == SECRET_NAME
        and participant.family_id == t["family"].pk
        and t["consent"].withdrawn_on is None
        and t["enrolment"].ends_on is None
        and t["participant"].consents.count() == 1
        and t["participant"].enrolments.count() == 1
    )


def test_a_coordinator_of_another_organisation_gets_404_for_every_guessed_url(sign_in, theirs):
    client = sign_in(staff_member(active_organisation()))
    for method, url, data in _urls(theirs):
        response = getattr(client, method)(url, data)
        assert response.status_code == 404, (method, url)
    assert _unchanged(theirs)
    # Nothing was logged against the other organisation's participant either.
    assert not AccessLogEntry.objects.filter(participant=theirs["participant"]).exists()


def test_another_organisation_never_lists_searches_or_exports_the_participant(sign_in, theirs):
    mine = active_organisation()
    ParticipantFactory(organisation=mine, first_name="Bronisław")
    client = sign_in(staff_member(mine))
    listing = client.get(reverse("monitoring:participant_list")).content.decode()
    assert "Bronisław" in listing and SECRET_NAME not in listing
    search = client.get(reverse("monitoring:participant_list"), {"q": SECRET_NAME}).content.decode()
    assert "Nie znaleziono uczestników." in search
    assert reverse("monitoring:participant_detail", args=[theirs["participant"].pk]) not in search
    export = client.get(reverse("monitoring:participant_export")).content.decode("utf-8-sig")
    assert "Bronisław" in export and SECRET_NAME not in export
    families = client.get(reverse("monitoring:family_list")).content.decode()
    assert theirs["family"].name not in families
    projects = client.get(reverse("monitoring:project_list")).content.decode()
    assert theirs["project"].title not in projects
    log = client.get(reverse("monitoring:access_log")).content.decode()
    assert SECRET_NAME not in log


def _every_page(t):
    return [
        ("get", reverse(name), {})
        for name in (
            "monitoring:participant_list",
            "monitoring:participant_export",
            "monitoring:participant_create",
            "monitoring:family_list",
            "monitoring:family_create",
            "monitoring:project_list",
            "monitoring:project_create",
            "monitoring:access_log",
        )
    ] + _urls(t)


@pytest.mark.parametrize("state", [None, AccessState.REQUESTED, AccessState.SUSPENDED])
def test_an_organisation_without_an_active_agreement_sees_nothing(sign_in, theirs, state):
    organisation = OrganisationFactory()
    if state:
        MonitoringAccess.objects.create(organisation=organisation, state=state)
    # Even with a coordinator role, and even for its own participant.
    coordinator = staff_member(organisation)
    own = ParticipantFactory(organisation=organisation)
    client = sign_in(coordinator)
    for method, url, data in _every_page(theirs) + [
        ("get", reverse("monitoring:participant_detail", args=[own.pk]), {}),
        ("get", reverse("monitoring:participant_detail", args=[999999]), {}),
    ]:
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, (method, url)
        assert SECRET_NAME not in response.content.decode("utf-8", "replace")
    assert _unchanged(theirs)


def test_a_member_without_a_role_and_the_monitoring_administrator_see_no_participant(
    sign_in, make_user, theirs
):
    from organisations.choices import Role

    member = staff_member(theirs["participant"].organisation, role=None)
    for user in (member, make_user(Role.MONITORING_ADMIN), make_user(Role.OFFICIAL)):
        client = sign_in(user)
        for method, url, data in _every_page(theirs):
            assert getattr(client, method)(url, data).status_code == 403, (user, url)
    assert _unchanged(theirs)
