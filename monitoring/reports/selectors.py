"""Reach and attendance figures: per project for its organisation, and city-wide for officials.

Only counts leave this module. The city-wide figures replace any count from 1 to 4 with "<5"
(``SUPPRESSION_THRESHOLD``), so that no child can be singled out from an official's table.
"""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from organisations.choices import District

from ..choices import SUPPRESSION_THRESHOLD, AttendanceStatus, Gender
from ..models import Assessment, Attendance, IndividualSupport, Participant, Project, School, Session

# Age groups of the reports: the Local Support Systems' ranges, without their overlaps.
AGE_GROUPS = [(0, 6, "0–6"), (7, 12, "7–12"), (13, 18, "13–18"), (19, 26, "19–26"), (27, 200, "27+")]


def age_group(age: int) -> str:
    return next((label for low, high, label in AGE_GROUPS if low <= age <= high), AGE_GROUPS[-1][2])


def suppressed(count: int):
    """A count as an official may see it: 1–4 become "<5"."""
    return f"<{SUPPRESSION_THRESHOLD}" if 0 < count < SUPPRESSION_THRESHOLD else count


@dataclass
class Reach:
    participants: int
    families: int
    by_age: list[tuple[str, int]]
    by_gender: list[tuple[str, int]]
    by_district: list[tuple[str, int]]
    by_school: list[tuple[str, int]]
    goals: int
    goals_improved: int
    attendance_rate: float | None
    activities: list[dict]
    group_hours: float
    individual_hours: float


def _breakdowns(participants, year: int):
    rows = list(participants.values_list("birth_year", "gender", "district"))
    ages = Counter(age_group(year - birth_year) for birth_year, _g, _d in rows)
    genders = Counter(gender for _b, gender, _d in rows)
    districts = Counter(district for _b, _g, district in rows if district)
    by_age = [(label, ages.get(label, 0)) for _l, _h, label in AGE_GROUPS]
    by_gender = [(str(Gender(value).label), genders.get(value, 0)) for value in Gender.values]
    by_district = sorted(
        ((str(District(value).label), count) for value, count in districts.items()), key=lambda item: -item[1]
    )
    return len(rows), by_age, by_gender, by_district


def _rate(present: int, total: int) -> float | None:
    return round(100 * present / total, 1) if total else None


def _goal_attainment(project, organisation) -> tuple[int, int]:
    """How many goals were assessed again after the baseline, and how many of them improved."""
    scores = (
        Assessment.objects.filter(goal__project=project, goal__participant__organisation=organisation)
        .order_by("goal_id", "assessed_on", "pk")
        .values_list("goal_id", "score")
    )
    by_goal: dict[int, list[int]] = {}
    for goal_id, score in scores:
        by_goal.setdefault(goal_id, []).append(score)
    reassessed = [s for s in by_goal.values() if len(s) > 1]
    return len(reassessed), sum(1 for s in reassessed if s[-1] > s[0])


def project_reach(project, organisation) -> Reach:
    """The reach of ``project`` among ``organisation``'s participants (the leader's or a partner's)."""
    enrolled = Participant.objects.filter(
        organisation=organisation, enrolments__project=project, anonymised_at__isnull=True
    ).distinct()
    count, by_age, by_gender, by_district = _breakdowns(enrolled, project.starts_on.year)
    families = enrolled.exclude(family=None).values("family").distinct().count()
    schools = Counter(
        str(name) for name in enrolled.exclude(school=None).values_list("school__name", flat=True)
    )
    goals, improved = _goal_attainment(project, organisation)
    attendance = Attendance.objects.filter(
        session__activity__project=project, participant__organisation=organisation
    )
    totals = attendance.aggregate(
        total=Count("pk"), present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT))
    )
    activities = []
    for activity in project.activities.annotate(
        sessions_count=Count("sessions", distinct=True),
        minutes=Sum("sessions__duration_minutes"),
    ).order_by("title"):
        per = attendance.filter(session__activity=activity).aggregate(
            total=Count("pk"), present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT))
        )
        activities.append(
            {
                "title": activity.title,
                "type": activity.get_type_display(),
                "sessions": activity.sessions_count,
                "hours": round((activity.minutes or 0) / 60, 1),
                "rate": _rate(per["present"], per["total"]),
            }
        )
    group_minutes = (
        Session.objects.filter(activity__project=project).aggregate(m=Sum("duration_minutes"))["m"] or 0
    )
    individual_minutes = (
        IndividualSupport.objects.filter(project=project, participant__organisation=organisation).aggregate(
            m=Sum("duration_minutes")
        )["m"]
        or 0
    )
    return Reach(
        participants=count,
        families=families,
        by_age=by_age,
        by_gender=by_gender,
        by_district=by_district,
        by_school=sorted(schools.items(), key=lambda item: -item[1]),
        goals=goals,
        goals_improved=improved,
        attendance_rate=_rate(totals["present"], totals["total"]),
        activities=activities,
        group_hours=round(group_minutes / 60, 1),
        individual_hours=round(individual_minutes / 60, 1),
    )


def city_reach(year: int) -> dict:
    """City-wide reach in projects running in ``year``: aggregates only, small counts suppressed."""
    projects = Project.objects.filter(starts_on__year__lte=year, ends_on__year__gte=year)
    enrolled = Participant.objects.filter(
        enrolments__project__in=projects, anonymised_at__isnull=True
    ).distinct()
    count, by_age, by_gender, by_district = _breakdowns(enrolled, year)
    families = enrolled.exclude(family=None).values("family").distinct().count()
    return {
        "year": year,
        "projects": projects.count(),
        "organisations": projects.values("organisation").distinct().count(),
        "participants": suppressed(count),
        "families": suppressed(families),
        "by_age": [(label, suppressed(n)) for label, n in by_age],
        "by_gender": [(label, suppressed(n)) for label, n in by_gender],
        "by_district": [(label, suppressed(n)) for label, n in by_district],
    }


def school_network():
    """For each school: which organisations and projects work around it (no personal data)."""
    schools = School.objects.prefetch_related("projects__organisation").order_by("district", "name")
    network = []
    for school in schools:
        projects = list(school.projects.all())
        if projects:
            organisations = sorted({p.organisation.name for p in projects})
            network.append({"school": school, "projects": projects, "organisations": organisations})
    return network
