"""Getting into the monitoring base: both routes, roles, and every refusal."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from competitions.choices import ContractState
from monitoring.access import services
from monitoring.choices import AccessRoute, AccessState, MonitoringRole
from monitoring.models import CoControllerAgreement, MonitoringAccess, StaffRole
from notifications.models import Notification
from organisations.choices import Role
from organisations.tests.factories import OrganisationFactory

from .factories import active_organisation, signed_contract, staff_member

pytestmark = pytest.mark.django_db

AGREEMENT = {"version": "2.1", "signed_on": "2026-11-02", "signatory": "Anna Nowak, Prezes Zarządu"}


@pytest.fixture
def monitoring_admin(make_user):
    return make_user(Role.MONITORING_ADMIN)


@pytest.fixture
def organisation():
    return OrganisationFactory()


# --- before activation ------------------------------------------------------------------------------


def test_a_member_without_access_sees_only_how_to_get_it(sign_in, organisation):
    member = staff_member(organisation, role=None, is_admin=True)
    page = sign_in(member).get(reverse("monitoring:home"))
    assert page.status_code == 200
    assert "Jak uzyskać dostęp do bazy monitorującej" in page.content.decode()
    assert "Poproś o dostęp" in page.content.decode()
    # A role given before activation opens nothing either.
    StaffRole.objects.create(organisation=organisation, user=member, role=MonitoringRole.COORDINATOR)
    assert sign_in(member).get(reverse("monitoring:staff")).status_code == 403


def test_a_member_asks_for_access_and_the_monitoring_administrators_are_told(
    sign_in, organisation, monitoring_admin
):
    member = staff_member(organisation, role=None)
    response = sign_in(member).post(
        reverse("monitoring:request_access"), {"message": "Prowadzimy świetlicę."}
    )
    assert response.status_code == 302
    access = MonitoringAccess.objects.get(organisation=organisation)
    assert (access.state, access.route, access.requested_by) == (
        AccessState.REQUESTED,
        AccessRoute.REQUEST,
        member,
    )
    assert Notification.objects.filter(
        recipient=monitoring_admin, event="monitoring.access_requested"
    ).exists()
    page = sign_in(member).get(reverse("monitoring:home"))
    assert "Administrator bazy monitorującej skontaktuje się z Wami" in page.content.decode()


def test_asking_twice_is_refused_with_the_reason(sign_in, organisation):
    member = staff_member(organisation, role=None)
    sign_in(member).post(reverse("monitoring:request_access"), {})
    again = sign_in(member).post(reverse("monitoring:request_access"), {})
    assert again.status_code == 403
    assert MonitoringAccess.objects.count() == 1


def test_a_person_without_an_organisation_cannot_ask(sign_in, make_user):
    response = sign_in(make_user()).post(reverse("monitoring:request_access"), {})
    assert response.status_code == 403
    assert not MonitoringAccess.objects.exists()


def test_asking_is_never_done_by_a_get(sign_in, organisation):
    member = staff_member(organisation, role=None)
    assert sign_in(member).get(reverse("monitoring:request_access")).status_code == 405
    assert not MonitoringAccess.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(client):
    response = client.get(reverse("monitoring:home"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# --- route I: the administrator records the agreement -----------------------------------------------


def test_the_administrator_records_the_agreement_and_the_representatives_are_told(
    sign_in, organisation, monitoring_admin, committed, mailoutbox
):
    representative = staff_member(organisation, role=None, is_admin=True)
    access = MonitoringAccess.objects.create(organisation=organisation)
    with committed():
        response = sign_in(monitoring_admin).post(
            reverse("monitoring:admin_activate", args=[access.pk]), AGREEMENT
        )
    assert response.status_code == 302
    access.refresh_from_db()
    assert access.state == AccessState.ACTIVE and access.activated_by == monitoring_admin
    agreement = CoControllerAgreement.objects.get(organisation=organisation)
    assert (agreement.version, agreement.signed_on, agreement.signatory) == (
        "2.1",
        date(2026, 11, 2),
        "Anna Nowak, Prezes Zarządu",
    )
    assert [m.to for m in mailoutbox] == [[representative.email]]
    assert "aktywny" in mailoutbox[0].subject


def test_an_agreement_signed_in_the_future_is_refused_and_nothing_changes(
    sign_in, organisation, monitoring_admin
):
    access = MonitoringAccess.objects.create(organisation=organisation)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    page = sign_in(monitoring_admin).post(
        reverse("monitoring:admin_activate", args=[access.pk]), {**AGREEMENT, "signed_on": tomorrow}
    )
    assert page.status_code == 200
    assert "Umowa nie może być podpisana w przyszłości." in page.content.decode()
    access.refresh_from_db()
    assert access.state == AccessState.REQUESTED
    assert not CoControllerAgreement.objects.exists()


def test_an_active_access_is_not_activated_twice(monitoring_admin):
    organisation = active_organisation()
    access = organisation.monitoring_access
    with pytest.raises(ValidationError, match="już aktywny|already active"):
        services.access_activate(
            user=monitoring_admin, access=access, version="3", signed_on=date(2026, 1, 1), signatory="X"
        )
    assert CoControllerAgreement.objects.filter(organisation=organisation).count() == 1


@pytest.mark.parametrize("who", ["official", "coordinator", "org_admin", "plain"])
def test_only_the_monitoring_administrator_reaches_the_administration(sign_in, make_user, organisation, who):
    access = MonitoringAccess.objects.create(organisation=organisation)
    contract = signed_contract(OrganisationFactory())
    people = {
        "official": lambda: make_user(Role.OFFICIAL),
        "coordinator": lambda: staff_member(active_organisation()),
        "org_admin": lambda: staff_member(organisation, role=None, is_admin=True),
        "plain": lambda: make_user(),
    }
    client = sign_in(people[who]())
    assert client.get(reverse("monitoring:admin_overview")).status_code == 403
    assert client.post(reverse("monitoring:admin_activate", args=[access.pk]), AGREEMENT).status_code == 403
    assert (
        client.post(reverse("monitoring:admin_from_contract", args=[contract.pk]), AGREEMENT).status_code
        == 403
    )
    access.refresh_from_db()
    assert access.state == AccessState.REQUESTED
    assert not MonitoringAccess.objects.filter(organisation=contract.offer.organisation).exists()


# --- route II: from a signed contract, in one step ------------------------------------------------------


def test_access_from_a_signed_contract_in_one_step(sign_in, monitoring_admin, committed, mailoutbox):
    organisation = OrganisationFactory()
    representative = staff_member(organisation, role=None, is_admin=True)
    contract = signed_contract(organisation)
    overview = sign_in(monitoring_admin).get(reverse("monitoring:admin_overview"))
    assert contract.number in overview.content.decode()
    form = sign_in(monitoring_admin).get(reverse("monitoring:admin_from_contract", args=[contract.pk]))
    assert "Jan Kowalski, Prezes Zarządu" in form.content.decode()  # the contract's signatory, pre-filled
    with committed():
        sign_in(monitoring_admin).post(
            reverse("monitoring:admin_from_contract", args=[contract.pk]), AGREEMENT
        )
    access = MonitoringAccess.objects.get(organisation=organisation)
    assert (access.state, access.route, access.contract) == (
        AccessState.ACTIVE,
        AccessRoute.CONTRACT,
        contract,
    )
    notification = Notification.objects.get(recipient=representative, event="monitoring.access_active")
    assert "Zaloguj się" in notification.body
    assert [m.to for m in mailoutbox] == [[representative.email]]
    overview = sign_in(monitoring_admin).get(reverse("monitoring:admin_overview"))
    assert "Brak podpisanych umów oczekujących na dostęp." in overview.content.decode()


def test_nobody_is_told_when_the_setup_is_refused(
    monitoring_admin, django_capture_on_commit_callbacks, mailoutbox
):
    contract = signed_contract(OrganisationFactory())
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.access_setup_from_contract(
            user=monitoring_admin,
            contract=contract,
            version="1",
            signed_on=timezone.localdate() + timedelta(days=3),
            signatory="X",
        )
    assert not mailoutbox
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"state": ContractState.SENT}, "Dostęp można założyć tylko na podstawie podpisanej umowy."),
        ({"sphere": "16"}, "Konkurs tej umowy nie należy do sfery objętej bazą monitorującą."),
    ],
)
def test_a_contract_unsigned_or_outside_the_monitored_spheres_is_refused(
    sign_in, monitoring_admin, change, message
):
    contract = signed_contract(OrganisationFactory(), sphere_code=change.get("sphere", "31"))
    if "state" in change:
        type(contract).objects.filter(pk=contract.pk).update(state=change["state"])
    page = sign_in(monitoring_admin).post(
        reverse("monitoring:admin_from_contract", args=[contract.pk]), AGREEMENT
    )
    assert message in page.content.decode()
    assert not MonitoringAccess.objects.exists()


def test_a_contract_of_an_already_active_organisation_is_refused(sign_in, monitoring_admin):
    organisation = active_organisation()
    contract = signed_contract(organisation)
    page = sign_in(monitoring_admin).post(
        reverse("monitoring:admin_from_contract", args=[contract.pk]), AGREEMENT
    )
    assert "Dostęp tej organizacji jest już aktywny." in page.content.decode()
    assert CoControllerAgreement.objects.filter(organisation=organisation).count() == 1


# --- roles given by the organisation's admin -------------------------------------------------------------


def test_the_organisations_admin_gives_and_removes_monitoring_roles(sign_in):
    organisation = active_organisation()
    admin = staff_member(organisation, role=None, is_admin=True)
    colleague = staff_member(organisation, role=None)
    client = sign_in(admin)
    page = client.get(reverse("monitoring:staff"))
    assert colleague.email in page.content.decode()
    client.post(reverse("monitoring:staff"), {"member": colleague.pk, "role": MonitoringRole.EDUCATOR})
    assert StaffRole.objects.get(user=colleague).role == MonitoringRole.EDUCATOR
    client.post(reverse("monitoring:staff"), {"member": colleague.pk, "role": MonitoringRole.COORDINATOR})
    assert StaffRole.objects.get(user=colleague).role == MonitoringRole.COORDINATOR
    client.post(reverse("monitoring:staff"), {"member": colleague.pk, "role": ""})
    assert not StaffRole.objects.filter(user=colleague).exists()


def test_a_member_who_is_not_the_admin_cannot_give_roles(sign_in):
    organisation = active_organisation()
    coordinator = staff_member(organisation)
    colleague = staff_member(organisation, role=None)
    response = sign_in(coordinator).post(
        reverse("monitoring:staff"), {"member": colleague.pk, "role": MonitoringRole.COORDINATOR}
    )
    assert response.status_code == 403
    assert not StaffRole.objects.filter(user=colleague).exists()


def test_a_role_cannot_be_given_to_someone_from_another_organisation(sign_in):
    organisation = active_organisation()
    admin = staff_member(organisation, role=None, is_admin=True)
    stranger = staff_member(active_organisation(), role=None)
    response = sign_in(admin).post(
        reverse("monitoring:staff"), {"member": stranger.pk, "role": "coordinator"}
    )
    assert response.status_code == 404
    assert not StaffRole.objects.filter(user=stranger).exists()
    with pytest.raises(ValidationError, match="nie jest członkiem|not a member"):
        services.staff_role_set(user=admin, organisation=organisation, member=stranger, role="coordinator")


def test_a_member_of_an_active_organisation_without_a_role_is_told_whom_to_ask(sign_in):
    organisation = active_organisation()
    member = staff_member(organisation, role=None)
    page = sign_in(member).get(reverse("monitoring:home"))
    assert "Poproś administratora swojej organizacji o rolę" in page.content.decode()


def test_monitoring_pages_are_neither_cached_nor_indexed(sign_in):
    coordinator = staff_member(active_organisation())
    response = sign_in(coordinator).get(reverse("monitoring:home"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()
