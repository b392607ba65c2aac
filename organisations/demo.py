"""Demo people and organisations: one account per role, organisations with members."""

import random

from django.contrib.auth.models import Group
from django.db import transaction
from stdnum.pl import regon

from .choices import District, LegalForm, Role
from .models import Membership, Organisation, User
from .services import user_grant_role

DEMO_PASSWORD = "Warszawa-Demo-2026"  # printed by seed_demo; demo data only

# (e-mail, first name, last name, roles, extra groups, superuser)
DEMO_USERS = [
    ("admin@demo.waw.pl", "Anna", "Administratorska", [], [], True),
    ("redaktor@demo.waw.pl", "Piotr", "Redakcyjny", [Role.EDITOR], [], False),
    ("moderator@demo.waw.pl", "Ewa", "Zatwierdzająca", [Role.EDITOR], ["Moderators"], False),
    ("urzednik@demo.waw.pl", "Marek", "Urzędowy", [Role.OFFICIAL], [], False),
    ("komisja@demo.waw.pl", "Joanna", "Oceniająca", [Role.COMMITTEE_MEMBER], [], False),
    ("placowka@demo.waw.pl", "Tomasz", "Opiekuńczy", [Role.FACILITY_MANAGER], [], False),
    ("monitoring@demo.waw.pl", "Katarzyna", "Monitorująca", [Role.MONITORING_ADMIN], [], False),
    ("ngo.admin@demo.waw.pl", "Magdalena", "Społeczna", [], [], False),
    ("ngo.czlonek@demo.waw.pl", "Jan", "Wolontariusz", [], [], False),
]

DEMO_ORGANISATIONS = [
    ("Fundacja Razem dla Pragi", "Razem dla Pragi", LegalForm.FOUNDATION, District.PRAGA_POLNOC),
    ("Stowarzyszenie Aktywny Ursynów", "Aktywny Ursynów", LegalForm.ASSOCIATION, District.URSYNOW),
    ("Fundacja Zielona Wola", "Zielona Wola", LegalForm.FOUNDATION, District.WOLA),
    (
        "Spółdzielnia Socjalna Smaki Targówka",
        "Smaki Targówka",
        LegalForm.SOCIAL_COOPERATIVE,
        District.TARGOWEK,
    ),
    ("Stowarzyszenie Sąsiedzi z Bielan", "Sąsiedzi z Bielan", LegalForm.ASSOCIATION, District.BIELANY),
    ("Fundacja Świetlica pod Dębem", "Świetlica pod Dębem", LegalForm.FOUNDATION, District.BIALOLEKA),
    ("Klub Sportowy Mokotów Biega", "Mokotów Biega", LegalForm.SPORTS_CLUB, District.MOKOTOW),
    (
        "Stowarzyszenie Seniorzy Śródmieścia",
        "Seniorzy Śródmieścia",
        LegalForm.ASSOCIATION,
        District.SRODMIESCIE,
    ),
]


NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def nip_with_check_digit(body: str) -> str | None:
    """The full NIP for nine leading digits, or None when no check digit exists."""
    check = sum(int(d) * w for d, w in zip(body, NIP_WEIGHTS, strict=True)) % 11
    return None if check == 10 else body + str(check)


def valid_nip(rng: random.Random) -> str:
    while True:
        number = nip_with_check_digit(f"{rng.randint(100, 999)}{rng.randint(0, 999999):06d}")
        if number:
            return number


def valid_regon(rng: random.Random) -> str:
    body = f"{rng.randint(10000000, 99999999)}"
    return body + regon.calc_check_digit(body)


@transaction.atomic
def seed_people_and_organisations() -> list[tuple[str, str]]:
    """Create the demo accounts and organisations; return (e-mail, roles) to print."""
    rng = random.Random(2026)  # the same numbers on every run, so reruns find them
    organisations = []
    for index, (name, short, form, district) in enumerate(DEMO_ORGANISATIONS):
        organisation, _ = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "legal_form": form,
                "district": district,
                "nip": valid_nip(rng),
                "regon": valid_regon(rng),
                "krs": f"{rng.randint(1, 999999):010d}" if form != LegalForm.SOCIAL_COOPERATIVE else "",
                "is_public_benefit": index % 3 == 0,
                "email": f"kontakt{index + 1}@ngo.example.waw.pl",
                "website": f"https://ngo{index + 1}.example.waw.pl",
                "description": f"{name} działa na rzecz mieszkańców dzielnicy {district.label}.",
            },
        )
        organisations.append(organisation)

    printed = []
    for email, first, last, roles, groups, superuser in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            factory = User.objects.create_superuser if superuser else User.objects.create_user
            user = factory(email, DEMO_PASSWORD, first_name=first, last_name=last)
        for role in roles:
            user_grant_role(user=user, role=role)
        for name in groups:
            user.groups.add(Group.objects.get(name=name))
        printed.append(user)

    Membership.objects.get_or_create(
        user=User.objects.get(email="ngo.admin@demo.waw.pl"),
        organisation=organisations[0],
        defaults={"is_admin": True},
    )
    Membership.objects.get_or_create(
        user=User.objects.get(email="ngo.czlonek@demo.waw.pl"),
        organisation=organisations[0],
        defaults={"is_admin": False},
    )
    result = []
    for user in printed:
        user = User.objects.get(pk=user.pk)  # fresh roles after memberships
        labels = [str(role.label) for role in sorted(user.roles)]
        if user.is_superuser:
            labels.insert(0, "superuser")
        result.append((user.email, ", ".join(labels) or "—"))
    return result
