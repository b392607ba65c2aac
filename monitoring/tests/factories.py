"""Factories and helpers for the monitoring base's tests: organisations with active access and staff."""

from datetime import date
from decimal import Decimal

import factory
from django.utils import timezone

from competitions.choices import ContractState, OfferState
from competitions.models import Contract, ContractTemplate, Offer
from competitions.tests.factories import CompetitionFactory
from monitoring.choices import AccessState, Gender, MonitoringRole, ProjectKind
from monitoring.models import (
    Activity,
    CoControllerAgreement,
    Enrolment,
    Family,
    MonitoringAccess,
    Participant,
    Project,
    School,
    Session,
    StaffRole,
)
from organisations.choices import District
from organisations.models import PublicBenefitSphere
from organisations.tests.factories import MembershipFactory, OrganisationFactory, UserFactory


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Szkoła Podstawowa nr {n + 1}")
    district = District.WOLA


def active_organisation(**fields):
    """An organisation whose co-controller agreement is recorded and access active."""
    organisation = OrganisationFactory(**fields)
    CoControllerAgreement.objects.create(
        organisation=organisation, version="1.0", signed_on=date(2026, 1, 10), signatory="Jan Kowalski"
    )
    MonitoringAccess.objects.create(
        organisation=organisation, state=AccessState.ACTIVE, activated_at=timezone.now()
    )
    return organisation


def staff_member(organisation, role=MonitoringRole.COORDINATOR, *, is_admin=False, **fields):
    """A member of ``organisation`` with a monitoring role (None: a member without one)."""
    user = UserFactory(**fields)
    MembershipFactory(user=user, organisation=organisation, is_admin=is_admin)
    if role:
        StaffRole.objects.create(organisation=organisation, user=user, role=role)
    return user


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    organisation = factory.LazyFunction(active_organisation)
    title = factory.Sequence(lambda n: f"Podwórko Talentów {n}")
    kind = ProjectKind.YOUTH_CLUB
    starts_on = date(2026, 1, 1)
    ends_on = date(2026, 12, 31)


class FamilyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Family

    organisation = factory.LazyFunction(active_organisation)
    name = factory.Sequence(lambda n: f"Rodzina Nowaków {n}")
    district = District.WOLA


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    organisation = factory.LazyFunction(active_organisation)
    first_name = "Zosia"
    last_name = factory.Sequence(lambda n: f"Nowak{n}")
    birth_date = date(2015, 3, 14)
    birth_year = 2015
    gender = Gender.FEMALE
    district = District.WOLA


def enrol(participant, project, starts_on=date(2026, 1, 1), ends_on=None):
    return Enrolment.objects.create(
        participant=participant, project=project, starts_on=starts_on, ends_on=ends_on
    )


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity

    project = factory.SubFactory(ProjectFactory)
    title = factory.Sequence(lambda n: f"Zajęcia plastyczne {n}")
    type = "art"
    schedule = "wtorki 16:00–17:30"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    activity = factory.SubFactory(ActivityFactory)
    date = date(2026, 3, 10)
    starts_at = "16:00"
    duration_minutes = 90


def signed_contract(organisation, sphere_code="31"):
    """A signed contract of a competition in the sphere ``sphere_code`` for ``organisation``."""
    competition = CompetitionFactory(sphere=PublicBenefitSphere.objects.get(code=sphere_code))
    offer = Offer.objects.create(
        competition=competition,
        organisation=organisation,
        title="Bezpieczne podwórko 2027",
        content={},
        requested_grant=Decimal("19800.00"),
        total_cost=Decimal("22000.00"),
        number=f"{competition.signature}/001",
        submitted_at=timezone.now(),
        granted_amount=Decimal("19800.00"),
    )
    Offer.objects.filter(pk=offer.pk).update(state=OfferState.GRANTED)
    return Contract.objects.create(
        offer=offer,
        template=ContractTemplate.objects.order_by("pk").first(),
        number=f"UMOWA/{offer.pk}/2027",
        state=ContractState.SIGNED,
        grant_amount=offer.granted_amount,
        bank_account="PL61109010140000071219812874",
        task_start=date(2027, 7, 1),
        task_end=date(2027, 8, 31),
        report_due=date(2027, 9, 30),
        signatory_organisation="Jan Kowalski, Prezes Zarządu",
        signed_by_organisation_on=date(2027, 6, 1),
    )
