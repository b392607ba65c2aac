"""Demo people and organisations: one account per role, organisations with members."""

import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from stdnum.pl import regon

from .choices import District, LegalForm, PlaceKind, Role
from .models import Membership, Organisation, Place, PublicBenefitSphere, User
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


# More organisations, so the directory and the map look like a city: (form, name pattern).
_THEMES = [
    ("Dzieci", ["14", "30", "13"]),
    ("Seniorzy", ["9", "1"]),
    ("Sport", ["16", "14"]),
    ("Kultura", ["15", "3"]),
    ("Ekologia", ["17", "12"]),
    ("Rodzina", ["1a", "30", "1"]),
    ("Zdrowie", ["5", "6"]),
    ("Sąsiedzi", ["12", "26"]),
    ("Prawa", ["21", "1b"]),
    ("Praca", ["7", "10"]),
    ("Integracja", ["4a", "25"]),
    ("Wolontariat", ["26", "2"]),
    ("Uzależnienia", ["31", "5"]),
]
_FORM_NAMES = [
    (LegalForm.ASSOCIATION, "Stowarzyszenie"),
    (LegalForm.FOUNDATION, "Fundacja"),
    (LegalForm.FOUNDATION, "Fundacja"),
    (LegalForm.SOCIAL_COOPERATIVE, "Spółdzielnia Socjalna"),
    (LegalForm.SPORTS_CLUB, "Klub Sportowy"),
    (LegalForm.ORDINARY_ASSOCIATION, "Stowarzyszenie Zwykłe"),
]
_SUFFIXES = ["Razem", "Na Start", "Bez Granic", "Otwarte Drzwi", "Dobry Kierunek", "Wspólna Sprawa"]
DEMO_ORGANISATION_COUNT = 60

# Roughly the middle of each district; places are scattered around it.
DISTRICT_CENTRES = {
    District.BEMOWO: (52.2500, 20.9100),
    District.BIALOLEKA: (52.3200, 20.9900),
    District.BIELANY: (52.2900, 20.9400),
    District.MOKOTOW: (52.1900, 21.0300),
    District.OCHOTA: (52.2150, 20.9750),
    District.PRAGA_POLUDNIE: (52.2400, 21.0850),
    District.PRAGA_POLNOC: (52.2550, 21.0350),
    District.REMBERTOW: (52.2600, 21.1600),
    District.SRODMIESCIE: (52.2310, 21.0100),
    District.TARGOWEK: (52.2900, 21.0500),
    District.URSUS: (52.1950, 20.8850),
    District.URSYNOW: (52.1450, 21.0450),
    District.WAWER: (52.2000, 21.1700),
    District.WESOLA: (52.2400, 21.2300),
    District.WILANOW: (52.1600, 21.0900),
    District.WLOCHY: (52.1900, 20.9400),
    District.WOLA: (52.2350, 20.9650),
    District.ZOLIBORZ: (52.2700, 20.9850),
}
_STREETS = [
    "ul. Targowa",
    "ul. Grochowska",
    "ul. Puławska",
    "ul. Wolska",
    "al. Jana Pawła II",
    "ul. Marszałkowska",
]


def _demo_organisation_specs():
    """The eight hand-written organisations, then generated ones up to 60, over all 18 districts."""
    specs = list(DEMO_ORGANISATIONS)
    districts = list(District)
    n = 0
    while len(specs) < DEMO_ORGANISATION_COUNT:
        theme, _ = _THEMES[n % len(_THEMES)]
        form, form_name = _FORM_NAMES[n % len(_FORM_NAMES)]
        district = districts[(n + 3) % len(districts)]
        suffix = _SUFFIXES[(n // len(_THEMES)) % len(_SUFFIXES)]
        short = f"{theme} {suffix} {district.label}"
        specs.append((f"{form_name} {short}", short, form, district))
        n += 1
    return specs


def _spheres_for(index: int, by_code) -> list:
    codes = _THEMES[index % len(_THEMES)][1]
    return [by_code[code] for code in codes if code in by_code]


def _places_for(organisation, index: int, rng: random.Random) -> list[Place]:
    lat0, lng0 = DISTRICT_CENTRES[organisation.district]
    kinds = [PlaceKind.SEAT] + [PlaceKind.FACILITY, PlaceKind.ACTIVITY_POINT][: 1 + index % 2]
    places = []
    for number, kind in enumerate(kinds):
        places.append(
            Place(
                organisation=organisation,
                kind=kind,
                name=organisation.short_name
                if kind == PlaceKind.SEAT
                else f"{kind.label} {organisation.short_name}",
                street_address=f"{_STREETS[(index + number) % len(_STREETS)]} {rng.randint(1, 120)}",
                postal_code=f"0{rng.randint(0, 4)}-{rng.randint(100, 999)}",
                district=organisation.district,
                latitude=Decimal(f"{lat0 + rng.uniform(-0.012, 0.012):.6f}"),
                longitude=Decimal(f"{lng0 + rng.uniform(-0.018, 0.018):.6f}"),
            )
        )
    return places


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
    by_code = {sphere.code: sphere for sphere in PublicBenefitSphere.objects.all()}
    member_password = make_password(DEMO_PASSWORD)  # hashed once for the many demo members
    for index, (name, short, form, district) in enumerate(_demo_organisation_specs()):
        organisation, created = Organisation.objects.get_or_create(
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
                "street_address": f"{_STREETS[index % len(_STREETS)]} {index + 1}",
                "postal_code": f"0{index % 5}-{100 + index:03d}",
                "phone": f"22 {500 + index} {10 + index % 90:02d} {20 + index % 70:02d}",
            },
        )
        if created:
            organisation.spheres.set(_spheres_for(index, by_code))
            Place.objects.bulk_create(_places_for(organisation, index, rng))
            if index > 0:  # the first one gets the printed demo accounts below
                admin, _ = User.objects.get_or_create(
                    email=f"ngo{index + 1}@demo.waw.pl",
                    defaults={"first_name": "Członek", "last_name": short, "password": member_password},
                )
                Membership.objects.get_or_create(
                    user=admin, organisation=organisation, defaults={"is_admin": True}
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
