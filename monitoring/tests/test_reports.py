"""Reach reports: a project's figures for its organisation; city-wide aggregates with small counts hidden."""

from datetime import date

import pytest
from django.urls import reverse

from monitoring.choices import AttendanceStatus, Gender, MonitoringRole
from monitoring.models import Assessment, Attendance, Goal, IndividualSupport, Participant
from monitoring.reports.selectors import city_reach, project_reach, suppressed
from organisations.choices import Role

from .factories import (
    ActivityFactory,
    FamilyFactory,
    ParticipantFactory,
    ProjectFactory,
    SchoolFactory,
    SessionFactory,
    active_organisation,
    enrol,
    staff_member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def project():
    organisation = active_organisation()
    project = ProjectFactory(
        organisation=organisation, title="Świetlica Pod Lipą", starts_on=date(2026, 1, 1)
    )
    family = FamilyFactory(organisation=organisation)
    kids = [
        ParticipantFactory(
            organisation=organisation, birth_year=2015, birth_date=None, gender=Gender.FEMALE, family=family
        ),
        ParticipantFactory(
            organisation=organisation, birth_year=2018, birth_date=None, gender=Gender.MALE, family=family
        ),
        ParticipantFactory(
            organisation=organisation,
            birth_year=2009,
            birth_date=None,
            gender=Gender.FEMALE,
            district="ochota",
        ),
    ]
    for kid in kids:
        enrol(kid, project)
    activity = ActivityFactory(project=project, title="Plastyka")
    activity.members.set(kids)
    first = SessionFactory(activity=activity, date=date(2026, 3, 10), duration_minutes=90)
    second = SessionFactory(activity=activity, date=date(2026, 3, 17), duration_minutes=90)
    Attendance.objects.create(session=first, participant=kids[0], status=AttendanceStatus.PRESENT)
    Attendance.objects.create(session=first, participant=kids[1], status=AttendanceStatus.PRESENT)
    Attendance.objects.create(session=second, participant=kids[0], status=AttendanceStatus.PRESENT)
    Attendance.objects.create(session=second, participant=kids[1], status=AttendanceStatus.ABSENT)
    school = SchoolFactory(name="Szkoła Podstawowa nr 7")
    Participant.objects.filter(pk__in=[kids[0].pk, kids[1].pk]).update(school=school)
    goal = Goal.objects.create(
        participant=kids[0], project=project, description="Czyta", created_on=date(2026, 2, 1)
    )
    Assessment.objects.create(goal=goal, assessed_on=date(2026, 2, 1), score=2)
    Assessment.objects.create(goal=goal, assessed_on=date(2026, 6, 1), score=4)
    flat = Goal.objects.create(
        participant=kids[1], project=project, description="Liczy", created_on=date(2026, 2, 1)
    )
    Assessment.objects.create(goal=flat, assessed_on=date(2026, 2, 1), score=3)
    Assessment.objects.create(goal=flat, assessed_on=date(2026, 6, 1), score=3)
    IndividualSupport.objects.create(
        project=project, participant=kids[2], type="psychological", date=date(2026, 3, 3), duration_minutes=90
    )
    return project


def test_the_project_report_shows_reach_attendance_and_hours(sign_in, project):
    reach = project_reach(project, project.organisation)
    assert (reach.participants, reach.families) == (3, 1)
    assert dict(reach.by_age) == {"0–6": 0, "7–12": 2, "13–18": 1, "19–26": 0, "27+": 0}
    assert dict(reach.by_gender)["Kobieta"] == 2
    assert reach.attendance_rate == 75.0 and reach.group_hours == 3.0 and reach.individual_hours == 1.5
    assert reach.by_school == [("Szkoła Podstawowa nr 7", 2)]
    assert (reach.goals, reach.goals_improved) == (2, 1)
    page = sign_in(staff_member(project.organisation, MonitoringRole.EDUCATOR)).get(
        reverse("monitoring:project_report", args=[project.pk])
    )
    text = page.content.decode()
    assert (
        "Raport zasięgu" in text
        and "75.0%" in text.replace(",", ".")
        and "<caption>Według wieku</caption>" in text
    )


def test_another_organisation_cannot_open_the_project_report(sign_in, project):
    stranger = sign_in(staff_member(active_organisation()))
    assert stranger.get(reverse("monitoring:project_report", args=[project.pk])).status_code == 404


def test_small_counts_are_suppressed_in_the_city_view():
    assert [suppressed(n) for n in (0, 1, 4, 5, 12)] == [0, "<5", "<5", 5, 12]


def test_an_official_sees_city_wide_aggregates_and_the_school_network(sign_in, make_user, project):
    school = SchoolFactory(name="Szkoła Podstawowa nr 12")
    project.schools.add(school)
    more = [ParticipantFactory(organisation=project.organisation, gender=Gender.FEMALE) for _ in range(5)]
    for kid in more:
        enrol(kid, project)
    figures = city_reach(2026)
    assert figures["participants"] == 8
    assert dict(figures["by_gender"])["Kobieta"] == 7 and dict(figures["by_gender"])["Mężczyzna"] == "<5"
    assert figures["families"] == "<5"
    page = (
        sign_in(make_user(Role.OFFICIAL))
        .get(reverse("monitoring:city_report"), {"rok": "2026"})
        .content.decode()
    )
    assert "&lt;5" in page and "Szkoła Podstawowa nr 12" in page and project.organisation.name in page
    assert all(kid.last_name not in page for kid in more)


def test_only_officials_and_the_monitoring_administrator_see_the_city_view(sign_in, make_user, project):
    assert sign_in(make_user(Role.MONITORING_ADMIN)).get(reverse("monitoring:city_report")).status_code == 200
    for user in (staff_member(project.organisation), make_user(Role.COMMITTEE_MEMBER), make_user()):
        assert sign_in(user).get(reverse("monitoring:city_report")).status_code == 403


def test_the_reach_report_downloads_as_xlsx_and_pdf(sign_in, project):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    client = sign_in(staff_member(project.organisation))
    xlsx = client.get(reverse("monitoring:project_report_file", args=[project.pk, "xlsx"]))
    book = load_workbook(io.BytesIO(xlsx.content))
    summary = {row[0]: row[1] for row in book["Podsumowanie"].iter_rows(min_row=2, values_only=True)}
    assert summary["Unikalni uczestnicy"] == 3 and summary["Frekwencja"] == 75.0
    pdf = client.get(reverse("monitoring:project_report_file", args=[project.pk, "pdf"]))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Świetlica Pod Lipą" in text and "Unikalni uczestnicy" in text
    assert client.get(reverse("monitoring:project_report_file", args=[project.pk, "exe"])).status_code == 404
    stranger = sign_in(staff_member(active_organisation()))
    assert (
        stranger.get(reverse("monitoring:project_report_file", args=[project.pk, "pdf"])).status_code == 404
    )


def test_nothing_of_the_monitoring_base_is_searchable(client, project):
    from search.registry import all_types

    for search_type in all_types().values():
        labels = {getattr(search_type, "model", None) and search_type.model._meta.app_label}
        labels |= {label.split(".")[0] for label in getattr(search_type, "watch", {})}
        assert "monitoring" not in labels, search_type
    participant = project.enrolments.first().participant
    page = client.get("/szukaj/", {"q": participant.last_name}).content.decode()
    assert reverse("monitoring:participant_detail", args=[participant.pk]) not in page
