import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from organisations.choices import Role
from organisations.models import User
from organisations.tests.factories import OrganisationFactory
from portal.validators import validate_krs, validate_nip, validate_regon

pytestmark = pytest.mark.django_db


def test_emails_are_stored_lowercase_and_unique():
    User.objects.create_user("Anna@Example.ORG", "haslo-testowe-123")
    assert User.objects.filter(email="anna@example.org").exists()


def test_roles_come_from_groups_and_memberships(make_user):
    assert make_user(Role.OFFICIAL).roles == {Role.OFFICIAL}
    assert make_user(Role.NGO_MEMBER).roles == {Role.NGO_MEMBER}
    assert make_user().roles == frozenset()


def test_second_factor_is_required_for_staff_only(make_user):
    assert make_user(Role.EDITOR).requires_second_factor
    assert make_user("superuser").requires_second_factor
    assert not make_user(Role.NGO_MEMBER).requires_second_factor
    assert not make_user(Role.FACILITY_MANAGER).requires_second_factor


@pytest.mark.parametrize(
    ("validator", "good", "bad", "message"),
    [
        (validate_nip, "5260250274", "5260250275", "NIP"),
        (validate_regon, "012345675", "012345678", "REGON"),
        (validate_krs, "0000123456", "12345", "KRS"),
    ],
)
def test_registry_numbers_are_validated_with_a_polish_message(validator, good, bad, message):
    validator(good)
    with pytest.raises(ValidationError) as error:
        validator(bad)
    assert message in str(error.value.messages[0])


def test_changes_to_people_are_audited_with_personal_data_masked(make_user):
    user = make_user(phone="600100200")
    user.phone = "600999888"
    user.save()
    entry = LogEntry.objects.get_for_object(user).latest("timestamp")
    assert "600999888" not in str(entry.changes)
    assert "phone" in entry.changes_dict


def test_changes_to_organisations_are_audited():
    organisation = OrganisationFactory(name="Fundacja Przed")
    organisation.name = "Fundacja Po"
    organisation.save()
    entry = LogEntry.objects.get_for_object(organisation).latest("timestamp")
    assert entry.changes_dict["name"] == ["Fundacja Przed", "Fundacja Po"]
