"""The authorisation matrix: every registered action against every role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from organisations.choices import Role
from organisations.tests.factories import OrganisationFactory
from portal.permissions import NO_SUCH_ACTION, NOT_SIGNED_IN, can, ensure, registered_actions

pytestmark = pytest.mark.django_db

ROLES = [
    "superuser",
    Role.EDITOR,
    Role.OFFICIAL,
    Role.COMMITTEE_MEMBER,
    Role.FACILITY_MANAGER,
    Role.MONITORING_ADMIN,
    "ngo_admin",
    Role.NGO_MEMBER,
    None,
]

# action -> roles allowed (for organisation actions: acting on their own organisation)
EXPECTED = {
    "admin.access": {"superuser", Role.EDITOR, Role.OFFICIAL, Role.MONITORING_ADMIN},
    "organisation.manage": {"superuser", Role.OFFICIAL},
    "organisation.delete": {"superuser"},
    "organisation.suspend": {"superuser", Role.OFFICIAL},
    "organisation.edit": {"superuser", Role.OFFICIAL, "ngo_admin", Role.NGO_MEMBER},
    "organisation.invite": {"ngo_admin"},
    "audit.view": {"superuser", Role.OFFICIAL},
    "competition.manage": {"superuser", Role.OFFICIAL},
    "offer.create": {"ngo_admin", Role.NGO_MEMBER},
    "offer.edit": {"ngo_admin", Role.NGO_MEMBER},
    "offer.view": {"superuser", Role.OFFICIAL, "ngo_admin", Role.NGO_MEMBER},
    "offer.check_formally": {"superuser", Role.OFFICIAL},
    "offer.correct": {"ngo_admin", Role.NGO_MEMBER},
    # Committee actions: the committee member sits on this competition's committee (and, to
    # score, signed the declaration); an official who does not sit on it may not score.
    "competition.declare": {Role.COMMITTEE_MEMBER},
    "offer.score": {Role.COMMITTEE_MEMBER},
    "competition.decide": {"superuser", Role.OFFICIAL},
    "contract.manage": {"superuser", Role.OFFICIAL},
    "offer.report": {"ngo_admin", Role.NGO_MEMBER},
    "report.review": {"superuser", Role.OFFICIAL},
    # Monitoring base: against an organisation whose access is not yet active, only the
    # administrator activates it and its own people may ask; working with participants needs an
    # active agreement and a monitoring role (tested in monitoring/tests).
    "monitoring.administer": {"superuser", Role.MONITORING_ADMIN},
    "monitoring.request_access": {"ngo_admin", Role.NGO_MEMBER},
    "monitoring.manage_staff": set(),
    "monitoring.use": set(),
    "monitoring.manage": set(),
    "monitoring.city_report": {"superuser", Role.OFFICIAL, Role.MONITORING_ADMIN},
    # Loyalty programme: officials run it; an organisation's people enrol its facilities; filling
    # the card and claiming need a facility they manage (tested in loyalty/tests).
    "loyalty.manage": {"superuser", Role.OFFICIAL},
    "loyalty.facility.register": {"ngo_admin", Role.NGO_MEMBER},
    "loyalty.facility.view": {"superuser", Role.OFFICIAL},
    "loyalty.evaluation.fill": set(),
    "loyalty.reward.claim": set(),
    "loyalty.reward.cancel": {"superuser", Role.OFFICIAL},
}
OFFER_ACTIONS = (
    "offer.edit",
    "offer.view",
    "offer.check_formally",
    "offer.correct",
    "offer.score",
    "offer.report",
)


@pytest.fixture
def own_organisation():
    return OrganisationFactory()


def _user(make_user, role, organisation):
    if role == "ngo_admin":
        return make_user(Role.NGO_MEMBER, is_admin=True, organisation=organisation)
    if role == Role.NGO_MEMBER:
        return make_user(Role.NGO_MEMBER, organisation=organisation)
    return make_user(role)


def test_every_registered_action_is_in_the_matrix():
    assert set(registered_actions()) == set(EXPECTED)


@pytest.mark.parametrize("role", ROLES, ids=str)
@pytest.mark.parametrize("action", sorted(EXPECTED))
def test_matrix(make_user, own_organisation, role, action):
    user = _user(make_user, role, own_organisation)
    target = own_organisation
    if action in OFFER_ACTIONS or action.startswith("competition.declare"):
        from competitions.models import ConflictDeclaration, Offer
        from competitions.tests.factories import CompetitionFactory

        competition = CompetitionFactory()
        if role == Role.COMMITTEE_MEMBER:
            competition.committee.add(user)
            ConflictDeclaration.objects.create(competition=competition, member=user)
        offer = Offer.objects.create(competition=competition, organisation=own_organisation)
        target = competition if action == "competition.declare" else offer
    decision = can(user, action, target)
    assert bool(decision) == (role in EXPECTED[action])
    if not decision:
        assert str(decision.reason)  # always says why


@pytest.mark.parametrize("action", ["organisation.edit", "organisation.invite"])
def test_members_cannot_act_on_another_organisation(make_user, own_organisation, action):
    admin = make_user(Role.NGO_MEMBER, is_admin=True, organisation=own_organisation)
    other = OrganisationFactory()
    decision = can(admin, action, other)
    assert not decision
    assert decision.reason


def test_anonymous_and_inactive_people_are_refused_with_a_reason(make_user, own_organisation):
    assert can(AnonymousUser(), "organisation.edit", own_organisation).reason == NOT_SIGNED_IN
    inactive = make_user(Role.OFFICIAL, is_active=False)
    assert not can(inactive, "organisation.manage")


def test_unknown_actions_are_refused_not_allowed(make_user):
    decision = can(make_user("superuser"), "no.such.action")
    assert not decision and decision.reason == NO_SUCH_ACTION


def test_ensure_raises_permission_denied_with_the_reason(make_user, own_organisation):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied, match="Tylko urzędnik|Only an official"):
        ensure(make_user(Role.EDITOR), "organisation.manage")
