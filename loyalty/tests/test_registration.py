import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from loyalty.choices import FacilityState
from loyalty.models import Facility
from loyalty.registration.services import PLACE_NOT_YOURS, PLACE_TAKEN, facility_register
from notifications.models import Notification
from organisations.choices import Role
from organisations.tests.factories import MembershipFactory, PlaceFactory
from tests.second_factor_helpers import verified_login

from .factories import FacilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_user):
    return make_user(Role.NGO_MEMBER)


def test_a_member_enrols_a_facility_in_one_step_and_officials_hear_of_it(client, member, make_user):
    official = make_user(Role.OFFICIAL)
    place = PlaceFactory(organisation=member.memberships.get().organisation)
    client.force_login(member)
    response = client.post(
        reverse("loyalty:register"),
        {"place": place.pk, "name": "Świetlica Promyk", "manager": member.pk},
        follow=True,
    )
    facility = Facility.objects.get()
    assert (facility.name, facility.place, facility.state) == (
        "Świetlica Promyk",
        place,
        FacilityState.PENDING,
    )
    assert list(facility.managers.values_list("user", flat=True)) == [member.pk]
    assert "Urząd zatwierdzi zgłoszenie" in response.content.decode()
    assert Notification.objects.filter(recipient=official, event="loyalty.facility_enrolled").exists()


def test_the_form_offers_only_free_places_of_ones_own_organisations(client, member):
    own = PlaceFactory(organisation=member.memberships.get().organisation)
    taken = PlaceFactory(organisation=own.organisation)
    FacilityFactory(place=taken)
    foreign = PlaceFactory()
    client.force_login(member)
    page = client.get(reverse("loyalty:register")).content.decode()
    assert own.name in page and taken.name not in page and foreign.name not in page
    response = client.post(
        reverse("loyalty:register"), {"place": foreign.pk, "name": "X", "manager": member.pk}
    )
    assert "error-summary" in response.content.decode()
    assert not Facility.objects.filter(place=foreign).exists()


def test_the_service_refuses_a_foreign_place_and_a_taken_one(member):
    with pytest.raises(ValidationError) as refused:
        facility_register(user=member, place=PlaceFactory(), name="X", manager=member)
    assert str(PLACE_NOT_YOURS) in str(refused.value)
    taken = PlaceFactory(organisation=member.memberships.get().organisation)
    FacilityFactory(place=taken)
    with pytest.raises(ValidationError) as refused:
        facility_register(user=member, place=taken, name="Y", manager=member)
    assert str(PLACE_TAKEN) in str(refused.value)


def test_the_manager_must_belong_to_the_running_organisation(client, member, make_user):
    outsider = make_user(Role.NGO_MEMBER)  # a member of another organisation
    colleague = MembershipFactory(organisation=member.memberships.get().organisation).user
    place = PlaceFactory(organisation=member.memberships.get().organisation)
    client.force_login(member)
    client.post(reverse("loyalty:register"), {"place": place.pk, "name": "X", "manager": outsider.pk})
    assert not Facility.objects.exists()
    client.post(reverse("loyalty:register"), {"place": place.pk, "name": "X", "manager": colleague.pk})
    assert Facility.objects.get().managers.get().user == colleague


def test_a_person_without_an_organisation_cannot_enrol(client, make_user):
    client.force_login(make_user())
    assert client.get(reverse("loyalty:register")).status_code == 403


def test_an_official_approves_and_the_manager_is_notified(client, member, make_user):
    facility = FacilityFactory(
        state=FacilityState.PENDING,
        organisation=member.memberships.get().organisation,
        place=PlaceFactory(organisation=member.memberships.get().organisation),
    )
    facility.managers.create(user=member)
    official = make_user(Role.OFFICIAL)
    verified_login(client, official)
    assert facility.name in client.get(reverse("loyalty:approvals")).content.decode()
    client.post(reverse("loyalty:approve", args=[facility.pk]))
    facility.refresh_from_db()
    assert facility.state == FacilityState.APPROVED and facility.approved_by == official
    notice = Notification.objects.get(recipient=member, event="loyalty.facility_approved")
    assert facility.name in notice.title
    page = client.get(reverse("loyalty:approvals")).content.decode()
    assert "Żadna placówka nie czeka na zatwierdzenie." in page


def test_only_officials_approve(client, member):
    facility = FacilityFactory(state=FacilityState.PENDING)
    client.force_login(member)
    assert client.get(reverse("loyalty:approvals")).status_code == 403
    assert client.post(reverse("loyalty:approve", args=[facility.pk])).status_code == 403
    facility.refresh_from_db()
    assert facility.state == FacilityState.PENDING


def test_the_list_has_an_empty_state(client, member):
    client.force_login(member)
    assert (
        "Nie zarządzasz jeszcze żadną placówką w programie."
        in client.get(reverse("loyalty:facilities")).content.decode()
    )


def test_facility_rules_given_something_else_refuse_with_a_reason(member):
    from portal.permissions import can

    organisation = member.memberships.get().organisation
    for action in (
        "loyalty.facility.view",
        "loyalty.evaluation.fill",
        "loyalty.reward.claim",
        "loyalty.reward.cancel",
    ):
        decision = can(member, action, organisation)
        assert not decision and decision.reason
