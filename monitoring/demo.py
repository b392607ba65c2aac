"""Demo data of the monitoring base: invented people only, every record marked ``is_demo``.

Two active organisations, one consortium (a Local Support System 6–18) and a day-support
facility, a few hundred participants in families, a school year of weekly attendance, some
individual support and goals. Safe to run again: nothing is added when the demo projects exist.
"""

import random
from datetime import date, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from organisations.choices import District
from organisations.demo import DEMO_PASSWORD
from organisations.models import Membership, Organisation, User

from .choices import AccessRoute, AccessState, AttendanceStatus, Gender, MonitoringRole, ProjectKind
from .models import (
    Activity,
    Assessment,
    Attendance,
    CoControllerAgreement,
    Enrolment,
    Family,
    Goal,
    IndividualSupport,
    MonitoringAccess,
    Participant,
    Project,
    School,
    Session,
    StaffRole,
)

LEADER = "Fundacja Razem dla Pragi"
PARTNER = "Fundacja Świetlica pod Dębem"
CONSORTIUM_TITLE = "LSW Praga 6–18 (dane demonstracyjne)"
FACILITY_TITLE = "Świetlica pod Dębem 2026 (dane demonstracyjne)"
# (e-mail, first name, last name, organisation, role)
DEMO_STAFF = [
    ("koordynator@demo.waw.pl", "Beata", "Koordynująca", LEADER, MonitoringRole.COORDINATOR),
    ("wychowawca@demo.waw.pl", "Marcin", "Wychowawczy", LEADER, MonitoringRole.EDUCATOR),
    ("koordynator.debowa@demo.waw.pl", "Irena", "Dębowa", PARTNER, MonitoringRole.COORDINATOR),
]
GIRLS = ["Zofia", "Julia", "Maja", "Lena", "Hanna", "Alicja", "Oliwia", "Pola", "Laura", "Nina"]
BOYS = ["Jan", "Antoni", "Franciszek", "Aleksander", "Nikodem", "Szymon", "Leon", "Filip", "Kacper", "Tymon"]
SURNAMES = ["Demowsk", "Przykładowsk", "Testowsk", "Wzorcow", "Próbn", "Fikcyjn", "Zmyśl", "Umown"]
SCHOOLS = [
    ("Szkoła Podstawowa nr 1 (demo)", District.PRAGA_POLNOC),
    ("Szkoła Podstawowa nr 2 (demo)", District.PRAGA_POLNOC),
    ("Liceum Demonstracyjne (demo)", District.BIALOLEKA),
]


def _surname(stem: str, female: bool) -> str:
    if stem.endswith("sk"):
        return stem + ("a" if female else "i")
    return stem + ("a" if female else "y")


def _staff(rng) -> dict[str, User]:
    people = {}
    for email, first, last, organisation_name, role in DEMO_STAFF:
        organisation = Organisation.objects.get(name=organisation_name)
        user, _created = User.objects.get_or_create(
            email=email,
            defaults={"first_name": first, "last_name": last, "password": make_password(DEMO_PASSWORD)},
        )
        Membership.objects.get_or_create(user=user, organisation=organisation)
        StaffRole.objects.get_or_create(organisation=organisation, user=user, defaults={"role": role})
        people[email] = user
    return people


def _activate(organisation) -> None:
    if not CoControllerAgreement.objects.filter(organisation=organisation).exists():
        CoControllerAgreement.objects.create(
            organisation=organisation,
            version="DEMO-1",
            signed_on=date(2026, 1, 5),
            signatory="Osoba Demonstracyjna",
        )
    MonitoringAccess.objects.update_or_create(
        organisation=organisation,
        defaults={"state": AccessState.ACTIVE, "route": AccessRoute.REQUEST, "activated_at": timezone.now()},
    )


def _participants(rng, organisation, count: int, district) -> list[Participant]:
    families, people = [], []
    while len(people) < count:
        stem = rng.choice(SURNAMES)
        family = Family(
            organisation=organisation, name=f"Rodzina {stem}ich (demo)", district=district, is_demo=True
        )
        families.append(family)
        for _child in range(rng.choice([1, 1, 2, 2, 3])):
            female = rng.random() < 0.5
            born = date(rng.randint(2009, 2019), rng.randint(1, 12), rng.randint(1, 28))
            first = rng.choice(GIRLS if female else BOYS)
            last = _surname(stem, female)
            people.append(
                Participant(
                    organisation=organisation,
                    family=family,
                    first_name=first,
                    last_name=last,
                    name_key=f"{first} {last}".casefold(),
                    birth_date=born,
                    birth_year=born.year,
                    gender=Gender.FEMALE if female else Gender.MALE,
                    district=district,
                    is_demo=True,
                )
            )
    Family.objects.bulk_create(families)
    for person in people:
        person.family_id = person.family.pk
    return Participant.objects.bulk_create(people[:count])


def _activities(rng, project, children, leader, schedule) -> None:
    """Weekly sessions of each group from September to June, with attendance."""
    attendance = []
    for index, (title, kind) in enumerate(schedule):
        group = children[index * 20 : index * 20 + 20]
        activity = Activity.objects.create(
            project=project, title=title, type=kind, schedule="raz w tygodniu", leader=leader
        )
        activity.members.set(group)
        day = date(2026, 1, 7) + timedelta(days=index)
        while day <= min(project.ends_on, date(2026, 12, 16)):
            if day.month not in (7, 8):
                session = Session.objects.create(
                    activity=activity, date=day, starts_at=time(16, 0), duration_minutes=90
                )
                for child in group:
                    roll = rng.random()
                    status = (
                        AttendanceStatus.PRESENT
                        if roll < 0.82
                        else (AttendanceStatus.ABSENT if roll < 0.94 else AttendanceStatus.EXCUSED)
                    )
                    attendance.append(Attendance(session=session, participant=child, status=status))
            day += timedelta(days=7)
    Attendance.objects.bulk_create(attendance, batch_size=2000)


@transaction.atomic
def seed_monitoring() -> list[tuple[str, str]]:
    """Load the monitoring demo; returns the demo logins it adds as (e-mail, roles)."""
    rng = random.Random(15)
    leader, partner = Organisation.objects.get(name=LEADER), Organisation.objects.get(name=PARTNER)
    for organisation in (leader, partner):
        _activate(organisation)
    staff = _staff(rng)
    logins = [(email, f"monitoring {role.label.lower()}, {org}") for email, _f, _l, org, role in DEMO_STAFF]
    if Project.objects.filter(title=CONSORTIUM_TITLE).exists():
        return logins
    schools = [
        School.objects.get_or_create(name=name, defaults={"district": district})[0]
        for name, district in SCHOOLS
    ]
    consortium = Project.objects.create(
        organisation=leader,
        title=CONSORTIUM_TITLE,
        kind=ProjectKind.LSW,
        age_range="6-18",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        is_demo=True,
    )
    consortium.partners.add(partner)
    consortium.schools.set(schools[:2])
    facility = Project.objects.create(
        organisation=partner,
        title=FACILITY_TITLE,
        kind=ProjectKind.OTHER,
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        is_demo=True,
    )
    facility.schools.set(schools[1:])
    ours = _participants(rng, leader, 200, District.PRAGA_POLNOC)
    theirs = _participants(rng, partner, 100, District.BIALOLEKA)
    enrolments = [Enrolment(participant=p, project=consortium, starts_on=date(2026, 1, 1)) for p in ours]
    enrolments += [
        Enrolment(participant=p, project=consortium, starts_on=date(2026, 1, 1)) for p in theirs[:40]
    ]
    enrolments += [Enrolment(participant=p, project=facility, starts_on=date(2026, 1, 1)) for p in theirs]
    Enrolment.objects.bulk_create(enrolments)
    coordinator = staff["koordynator@demo.waw.pl"]
    _activities(
        rng,
        consortium,
        ours,
        staff["wychowawca@demo.waw.pl"],
        [
            ("Zajęcia plastyczne", "art"),
            ("Socjoterapia", "sociotherapy"),
            ("Piłka nożna", "sport"),
            ("Korepetycje z matematyki", "tutoring"),
        ],
    )
    _activities(
        rng, facility, theirs, staff["koordynator.debowa@demo.waw.pl"], [("Odrabianie lekcji", "tutoring")]
    )
    support = [
        IndividualSupport(
            project=consortium,
            participant=child,
            type=rng.choice(["psychological", "pedagogical", "family"]),
            date=date(2026, rng.randint(1, 11), rng.randint(1, 28)),
            duration_minutes=rng.choice([45, 60, 90]),
            staff=coordinator,
        )
        for child in rng.sample(ours, 40)
    ]
    IndividualSupport.objects.bulk_create(support)
    for child in rng.sample(ours, 25):
        goal = Goal.objects.create(
            participant=child,
            project=consortium,
            description="Lepsze wyniki w nauce",
            created_on=date(2026, 2, 1),
        )
        start = rng.randint(1, 3)
        Assessment.objects.bulk_create(
            [
                Assessment(goal=goal, assessed_on=date(2026, 2, 1), score=start),
                Assessment(goal=goal, assessed_on=date(2026, 6, 20), score=min(5, start + rng.randint(0, 2))),
            ]
        )
    return logins
