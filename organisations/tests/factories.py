from decimal import Decimal

import factory
from stdnum.pl import regon

from organisations.choices import District, LegalForm, PlaceKind
from organisations.demo import nip_with_check_digit
from organisations.models import Membership, Organisation, Place, PublicBenefitSphere, User


def _nip(n: int) -> str:
    # Walk forward from a seed until the check digit exists (mod 11 == 10 has none).
    body = 500000000 + n * 7
    while True:
        number = nip_with_check_digit(f"{body:09d}")
        if number:
            return number
        body += 1


def _regon(n: int) -> str:
    digits = f"{60000000 + n:08d}"
    return digits + regon.calc_check_digit(digits)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"osoba{n}@example.org")
    first_name = "Jan"
    last_name = factory.Sequence(lambda n: f"Kowalski{n}")
    password = factory.PostGenerationMethodCall("set_password", "haslo-testowe-123")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Fundacja Testowa {n}")
    legal_form = LegalForm.FOUNDATION
    district = District.WOLA
    nip = factory.Sequence(_nip)
    regon = factory.Sequence(_regon)
    krs = factory.Sequence(lambda n: f"{n + 1:010d}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    is_admin = False


class PlaceFactory(factory.django.DjangoModelFactory):
    """A place inside Warsaw; pass latitude/longitude to put it somewhere particular."""

    class Meta:
        model = Place

    organisation = factory.SubFactory(OrganisationFactory)
    kind = PlaceKind.FACILITY
    name = factory.Sequence(lambda n: f"Świetlica nr {n}")
    street_address = factory.Sequence(lambda n: f"ul. Przykładowa {n + 1}")
    postal_code = "01-234"
    district = District.WOLA
    latitude = factory.Sequence(lambda n: Decimal("52.230000") + Decimal(n % 100) / 10000)
    longitude = factory.Sequence(lambda n: Decimal("20.980000") + Decimal(n % 100) / 10000)


def sphere(code: str) -> PublicBenefitSphere:
    """A sphere from the statutory list loaded by the migration, e.g. sphere("14")."""
    return PublicBenefitSphere.objects.get(code=code)
