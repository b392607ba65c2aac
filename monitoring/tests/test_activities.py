"""Group activities, sessions and the attendance register; individual support."""

from datetime import date, time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.activities import services
from monitoring.choices import AttendanceStatus, MonitoringRole
from monitoring.models import AccessLogEntry, Activity, Attendance, IndividualSupport, Session

from .factories import (
    ActivityFactory,
    ParticipantFactory,
    ProjectFactory,
    SessionFactory,
    active_organisation,
    enrol,
    staff_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return active_organisation()


@pytest.fixture
def educator(organisation):
    return staff_member(organisation, MonitoringRole.EDUCATOR)


@pytest.fixture
def group(organisation):
    """An activity with a group of 20 enrolled children and one session."""
    project = ProjectFactory(organisation=organisation)
    activity = ActivityFactory(project=project)
    children = [
        ParticipantFactory(organisation=organisation, first_name=f"Dziecko{i:02d}") for i in range(20)
    ]
    for child in children:
        enrol(child, project, starts_on=date(2026, 1, 1))
    activity.members.set(children)
    session = SessionFactory(activity=activity, date=date(2026, 3, 10))
    return activity, children, session


def test_an_educator_fills_the_register_of_twenty_in_one_post(sign_in, educator, group):
    activity, children, session = group
    client = sign_in(educator)
    page = client.get(reverse("monitoring:attendance", args=[session.pk])).content.decode()
    assert page.count('type="radio"') == 60
    assert page.count("<fieldset") == 20 and "<legend" in page
    data = {f"p{child.pk}": AttendanceStatus.PRESENT for child in children}
    data[f"p{children[3].pk}"] = AttendanceStatus.ABSENT
    data[f"p{children[7].pk}"] = AttendanceStatus.EXCUSED
    response = client.post(reverse("monitoring:attendance", args=[session.pk]), data)
    assert response.status_code == 302
    saved = dict(Attendance.objects.filter(session=session).values_list("participant_id", "status"))
    assert len(saved) == 20
    assert (
        saved[children[3].pk] == AttendanceStatus.ABSENT and saved[children[7].pk] == AttendanceStatus.EXCUSED
    )
    assert AccessLogEntry.objects.filter(what=f"attendance: session {session.pk}").count() == 20
    # Correcting one row later changes only that row.
    data[f"p{children[3].pk}"] = AttendanceStatus.EXCUSED
    client.post(reverse("monitoring:attendance", args=[session.pk]), data)
    assert Attendance.objects.get(session=session, participant=children[3]).status == AttendanceStatus.EXCUSED
    assert Attendance.objects.filter(session=session).count() == 20


def test_saving_a_register_of_twenty_takes_a_handful_of_queries(educator, group):
    activity, children, session = group
    statuses = {child.pk: AttendanceStatus.PRESENT for child in children}
    with CaptureQueriesContext(connection) as queries:
        services.attendance_record(user=educator, session=session, statuses=statuses)
    assert len(queries) < 20


def test_a_row_left_empty_is_named_and_nothing_is_saved(sign_in, educator, group):
    activity, children, session = group
    data = {f"p{child.pk}": AttendanceStatus.PRESENT for child in children[1:]}
    page = sign_in(educator).post(reverse("monitoring:attendance", args=[session.pk]), data)
    assert page.status_code == 200
    assert "To pole jest wymagane." in page.content.decode()
    assert not Attendance.objects.exists()


def test_attendance_before_the_enrolment_or_after_its_end_is_refused_with_the_name(educator, group):
    activity, children, session = group
    late, gone = children[0], children[1]
    late.enrolments.update(starts_on=date(2026, 3, 11))
    gone.enrolments.update(ends_on=date(2026, 3, 9))
    statuses = {child.pk: AttendanceStatus.PRESENT for child in children}
    with pytest.raises(ValidationError) as refused:
        services.attendance_record(user=educator, session=session, statuses=statuses)
    messages = refused.value.messages
    assert len(messages) == 2
    assert f"{late} nie był(a) zapisany(a) do projektu 10.03.2026" in messages[0]
    assert not Attendance.objects.exists()


def test_the_register_lists_only_those_enrolled_that_day_and_says_who_is_missing(sign_in, educator, group):
    activity, children, session = group
    children[0].enrolments.update(starts_on=date(2026, 4, 1))
    page = sign_in(educator).get(reverse("monitoring:attendance", args=[session.pk])).content.decode()
    assert page.count("<fieldset") == 19
    assert "nie byli zapisani do projektu tego dnia" in page and str(children[0]) in page


def test_a_duplicate_session_is_refused_with_a_clear_message(sign_in, educator, group):
    activity, children, session = group
    page = sign_in(educator).post(
        reverse("monitoring:session_add", args=[activity.pk]),
        {"date": "2026-03-10", "starts_at": "16:00", "duration_minutes": "90"},
    )
    assert "Te zajęcia mają już spotkanie 10.03.2026 o 16:00." in page.content.decode()
    assert Session.objects.filter(activity=activity).count() == 1
    outside = sign_in(educator).post(
        reverse("monitoring:session_add", args=[activity.pk]),
        {"date": "2027-03-10", "starts_at": "16:00", "duration_minutes": "90"},
    )
    assert "Spotkanie musi odbyć się w okresie realizacji projektu" in outside.content.decode()
    added = sign_in(educator).post(
        reverse("monitoring:session_add", args=[activity.pk]),
        {"date": "2026-03-12", "starts_at": "16:00", "duration_minutes": "90"},
    )
    new = Session.objects.get(activity=activity, date=date(2026, 3, 12))
    assert added["Location"] == reverse("monitoring:attendance", args=[new.pk])


def test_a_coordinator_creates_an_activity_only_with_enrolled_children_and_staff_as_leader(
    sign_in, organisation
):
    coordinator = staff_member(organisation)
    project = ProjectFactory(organisation=organisation)
    enrolled = ParticipantFactory(organisation=organisation)
    enrol(enrolled, project)
    outsider = ParticipantFactory(organisation=organisation)
    client = sign_in(coordinator)
    data = {
        "title": "Socjoterapia",
        "type": "sociotherapy",
        "schedule": "środy 15:00",
        "leader": coordinator.pk,
    }
    refused = client.post(
        reverse("monitoring:activity_create", args=[project.pk]), {**data, "members": [outsider.pk]}
    )
    assert refused.status_code == 200 and not Activity.objects.exists()
    client.post(reverse("monitoring:activity_create", args=[project.pk]), {**data, "members": [enrolled.pk]})
    assert list(Activity.objects.get().members.all()) == [enrolled]
    with pytest.raises(ValidationError, match="rolę|role"):
        services.activity_save(
            user=coordinator,
            activity=Activity(
                project=project,
                title="X",
                type="sport",
                schedule="-",
                leader=staff_member(organisation, None),
            ),
        )


def test_individual_support_needs_an_enrolment_on_its_day(sign_in, educator, organisation):
    project = ProjectFactory(organisation=organisation)
    child = ParticipantFactory(organisation=organisation)
    enrol(child, project, starts_on=date(2026, 2, 1))
    client = sign_in(educator)
    url = reverse("monitoring:support_add", args=[project.pk])
    early = client.post(
        url,
        {"participant": child.pk, "type": "psychological", "date": "2026-01-15", "duration_minutes": "50"},
    )
    assert "nie był(a) zapisany(a) do projektu 15.01.2026" in early.content.decode()
    client.post(
        url,
        {"participant": child.pk, "type": "psychological", "date": "2026-02-15", "duration_minutes": "50"},
    )
    support = IndividualSupport.objects.get()
    assert (support.staff, support.duration_minutes) == (educator, 50)


def test_activities_and_registers_of_another_organisation_answer_404(sign_in, group):
    activity, children, session = group
    stranger = sign_in(staff_member(active_organisation()))
    assert stranger.get(reverse("monitoring:activity_detail", args=[activity.pk])).status_code == 404
    assert stranger.get(reverse("monitoring:attendance", args=[session.pk])).status_code == 404
    data = {f"p{child.pk}": "absent" for child in children}
    assert stranger.post(reverse("monitoring:attendance", args=[session.pk]), data).status_code == 404
    assert (
        stranger.post(
            reverse("monitoring:session_add", args=[activity.pk]),
            {"date": "2026-03-12", "starts_at": "10:00", "duration_minutes": "60"},
        ).status_code
        == 404
    )
    assert stranger.get(reverse("monitoring:support_add", args=[activity.project_id])).status_code == 404
    assert stranger.get(reverse("monitoring:activity_create", args=[activity.project_id])).status_code == 404
    assert not Attendance.objects.exists() and Session.objects.count() == 1


def test_sessions_are_one_per_activity_day_and_time_even_at_the_database(group):
    activity, children, session = group
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(
            activity=activity, date=session.date, starts_at=time(16, 0), duration_minutes=30
        )
