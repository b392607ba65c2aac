"""Demo competitions: one open, one small-grant call, one closed and one cancelled."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from organisations.models import PublicBenefitSphere, User

from . import services
from .choices import CompetitionMode, CompetitionState
from .models import Competition, FormalCheckItem, MeritCriterion, PriorFunding, RequiredAttachment

_ANNOUNCEMENT = (
    "<p>Prezydent m.st. Warszawy ogłasza otwarty konkurs ofert na realizację zadania publicznego "
    "w sferze {sphere}. Oferty składa się wyłącznie w formie elektronicznej, przez generator ofert "
    "na portalu.</p><h2>Cel konkursu</h2><p>{goal}</p>"
)

DEMO_COMPETITIONS = [
    {
        "slug": "wakacje-w-miescie-2027",
        "signature": "WSS-KOP/2027/01",
        "title": "Wakacje w mieście 2027: wypoczynek dzieci i młodzieży",
        "sphere": "14",
        "task_type": "Organizacja wypoczynku letniego dla dzieci i młodzieży z Warszawy",
        "goal": "Aktywny, bezpieczny wypoczynek w mieście dla dzieci, które nie wyjeżdżają na wakacje.",
        "funds": "450000",
        "min_grant": "5000",
        "max_grant": "60000",
        "own": "10",
        "deadline_days": 25,
        "start": date(2027, 6, 28),
        "end": date(2027, 8, 31),
        "state": CompetitionState.ANNOUNCED,
    },
    {
        "slug": "maly-grant-sasiedzi-2027",
        "signature": "WSS-MG/2027/03",
        "title": "Mały grant: święta sąsiedzkie na Targówku",
        "sphere": "12",
        "task_type": "Organizacja świąt sąsiedzkich",
        "goal": "Integracja mieszkańców osiedli i budowanie lokalnych więzi.",
        "funds": "40000",
        "min_grant": "1000",
        "max_grant": "10000",
        "own": "0",
        "deadline_days": 10,
        "start": date(2027, 5, 1),
        "end": date(2027, 6, 29),
        "mode": CompetitionMode.SMALL_GRANT,
        "state": CompetitionState.ANNOUNCED,
    },
    {
        "slug": "seniorzy-aktywni-2026",
        "signature": "WSS-KOP/2026/14",
        "title": "Aktywni seniorzy 2026",
        "sphere": "9",
        "task_type": "Zajęcia aktywizujące dla osób w wieku emerytalnym",
        "goal": "Przeciwdziałanie samotności i wykluczeniu cyfrowemu seniorów.",
        "funds": "200000",
        "min_grant": "5000",
        "max_grant": "40000",
        "own": "5",
        "deadline_days": -20,
        "start": date(2026, 1, 15),
        "end": date(2026, 12, 15),
        "state": CompetitionState.CLOSED,
    },
    {
        "slug": "ekologia-podworek-2026",
        "signature": "WSS-KOP/2026/09",
        "title": "Zielone podwórka 2026",
        "sphere": "17",
        "task_type": "Edukacja ekologiczna i zazielenianie podwórek",
        "goal": "Wspólne zazielenianie podwórek z mieszkańcami.",
        "funds": "120000",
        "min_grant": "3000",
        "max_grant": "20000",
        "own": "10",
        "deadline_days": 30,
        "start": date(2026, 4, 1),
        "end": date(2026, 10, 31),
        "state": CompetitionState.CANCELLED,
    },
]


@transaction.atomic
def seed_competitions() -> None:
    official = User.objects.get(email="urzednik@demo.waw.pl")
    now = timezone.now()
    for spec in DEMO_COMPETITIONS:
        if Competition.objects.filter(slug=spec["slug"]).exists():
            continue
        sphere = PublicBenefitSphere.objects.get(code=spec["sphere"])
        days = (
            spec["deadline_days"]
            if spec.get("mode") == CompetitionMode.SMALL_GRANT
            else max(spec["deadline_days"], 22)
        )
        # 16:00 Warsaw time, as announcements usually say.
        deadline = timezone.localtime(now + timedelta(days=days)).replace(
            hour=16, minute=0, second=0, microsecond=0
        )
        competition = Competition.objects.create(
            slug=spec["slug"],
            signature=spec["signature"],
            title=spec["title"],
            mode=spec.get("mode", CompetitionMode.OPEN),
            sphere=sphere,
            task_type=spec["task_type"],
            announcement=_ANNOUNCEMENT.format(sphere=sphere.name, goal=spec["goal"]),
            funds_allotted=Decimal(spec["funds"]),
            granting_rules="Dotacja pokrywa do 90% kosztów zadania; koszty administracyjne do 10%.",
            implementation_conditions="Zadanie realizowane na rzecz mieszkańców Warszawy, z dostępnością "
            "dla osób ze szczególnymi potrzebami.",
            implementation_start=spec["start"],
            implementation_end=spec["end"],
            offer_deadline=deadline,
            selection_procedure="Ocena formalna przez Biuro, ocena merytoryczna przez komisję konkursową.",
            selection_criteria="Jakość projektu, kalkulacja kosztów, doświadczenie oferenta, wkład własny.",
            selection_date=(deadline + timedelta(days=30)).date(),
            min_grant=Decimal(spec["min_grant"]),
            max_grant=Decimal(spec["max_grant"]),
            min_own_contribution=Decimal(spec["own"]),
            joint_offers_allowed=spec.get("mode") != CompetitionMode.SMALL_GRANT,
        )
        RequiredAttachment.objects.create(
            competition=competition, name="Aktualny statut organizacji", sort_order=0
        )
        FormalCheckItem.objects.create(
            competition=competition, text="Oferta złożona w terminie", sort_order=0
        )
        FormalCheckItem.objects.create(competition=competition, text="Oferent jest uprawniony", sort_order=1)
        MeritCriterion.objects.create(
            competition=competition, name="Jakość projektu", max_points=20, sort_order=0
        )
        MeritCriterion.objects.create(
            competition=competition, name="Kalkulacja kosztów", max_points=10, sort_order=1
        )
        PriorFunding.objects.create(
            competition=competition,
            year=spec["start"].year - 1,
            task=spec["task_type"],
            amount=Decimal(spec["funds"]),
        )
        if spec["state"] == CompetitionState.DRAFT:
            continue
        services.competition_announce(
            user=official, competition=competition, now=deadline - timedelta(days=25)
        )
        if spec["state"] == CompetitionState.CLOSED:
            offers = _submit_demo_offers(competition)
            Competition.objects.filter(pk=competition.pk).update(
                offer_deadline=now + timedelta(days=spec["deadline_days"])
            )
            services.competition_close(competition=Competition.objects.get(pk=competition.pk))
            _start_evaluation(official, Competition.objects.get(pk=competition.pk), offers)
        elif spec["state"] == CompetitionState.CANCELLED:
            services.competition_cancel(
                user=official,
                competition=Competition.objects.get(pk=competition.pk),
                reason="Zmiana uchwały budżetowej: środki przesunięto na zadania inwestycyjne.",
            )


def _submit_demo_offers(competition) -> list:
    """Four organisations (the demo NGO admin's first) write and submit offers before the deadline."""
    from organisations.models import Membership

    from .demo_offers import DEMO_OFFERS, submit_demo_offer

    memberships = list(
        Membership.objects.filter(organisation__is_suspended=False)
        .select_related("user", "organisation")
        .order_by("-user__email")  # ngo.admin@… sorts before most generated members
    )
    chosen, seen = [], set()
    for membership in sorted(memberships, key=lambda m: m.user.email != "ngo.admin@demo.waw.pl"):
        if membership.organisation_id not in seen and membership.user.is_active:
            chosen.append(membership)
            seen.add(membership.organisation_id)
        if len(chosen) == len(DEMO_OFFERS):
            break
    return [
        submit_demo_offer(
            user=m.user,
            competition=competition,
            organisation=m.organisation,
            title=title,
            hours=hours,
            unit_cost=unit_cost,
            grant=grant,
        )
        for m, (title, hours, unit_cost, grant) in zip(chosen, DEMO_OFFERS, strict=False)
    ]


def _start_evaluation(official, competition, offers) -> None:
    """The demo committee member sits on the committee; one offer has passed the formal check."""
    from .choices import FormalOutcome
    from .formal_services import formal_check

    committee_member = User.objects.filter(email="komisja@demo.waw.pl").first()
    if committee_member is not None:
        competition.committee.add(committee_member)
    if offers:
        answers = {str(item.pk): {"met": True, "note": ""} for item in competition.formal_checklist.all()}
        formal_check(user=official, offer=offers[0], answers=answers, outcome=FormalOutcome.CORRECT)
