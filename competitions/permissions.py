"""Who may do what with competitions (see ``portal.permissions``)."""

from django.utils.translation import gettext_lazy as _

from organisations.choices import Role
from portal.permissions import Decision, rule

NOT_OFFICIAL = _("Only an official of the city hall can manage competitions.")


def _is_official(user) -> bool:
    return user.is_superuser or user.has_role(Role.OFFICIAL)


@rule("competition.manage")
def manage_competitions(user, obj=None):
    """Create, edit, announce, close and cancel competitions."""
    return Decision.allow() if _is_official(user) else Decision.deny(NOT_OFFICIAL)


NOT_IN_AN_ORGANISATION = _("Offers are written by members of a registered organisation.")
NOT_YOUR_OFFER = _("This offer belongs to another organisation.")


def _member_of(user, organisation_id) -> bool:
    return any(m.organisation_id == organisation_id for m in user.memberships.all())


@rule("offer.create")
def create_offer(user, organisation=None):
    if organisation is not None and _member_of(user, organisation.pk) and not organisation.is_suspended:
        return Decision.allow()
    return Decision.deny(NOT_IN_AN_ORGANISATION)


@rule("offer.edit")
def edit_offer(user, offer):
    """Write, submit, withdraw: members of the offering organisation only."""
    return Decision.allow() if _member_of(user, offer.organisation_id) else Decision.deny(NOT_YOUR_OFFER)


@rule("offer.view")
def view_offer(user, offer):
    """Read an offer and download its PDF and attachments: the organisation and officials."""
    if _is_official(user) or _member_of(user, offer.organisation_id):
        return Decision.allow()
    return Decision.deny(NOT_YOUR_OFFER)


# --- Part 2: formal check, committee, results, contracts, reports ---------------------------------

NOT_ON_THE_COMMITTEE = _("Only members of this competition's committee can do this.")
NO_DECLARATION = _("Sign the declaration of no conflict of interest for this competition first.")
CONFLICTED = _("You declared a conflict of interest with this offer, so you do not score it.")


def _on_committee(user, competition) -> bool:
    return any(member.pk == user.pk for member in competition.committee.all())


@rule("offer.check_formally")
def check_offer_formally(user, offer=None):
    """Record the formal check of an offer: officials."""
    return Decision.allow() if _is_official(user) else Decision.deny(NOT_OFFICIAL)


@rule("offer.correct")
def correct_offer(user, offer):
    """Correct a returned offer: members of the offering organisation."""
    return edit_offer(user, offer)


@rule("competition.declare")
def declare_no_conflict(user, competition):
    """Sign the competition's declaration or declare a conflict with an offer: committee members."""
    return Decision.allow() if _on_committee(user, competition) else Decision.deny(NOT_ON_THE_COMMITTEE)


@rule("offer.score")
def score_offer(user, offer):
    """Score an offer: a committee member who signed the declaration and has no conflict with it."""
    from .models import ConflictDeclaration

    competition = offer.competition
    if not _on_committee(user, competition):
        return Decision.deny(NOT_ON_THE_COMMITTEE)
    declarations = {
        d.offer_id: d.has_conflict
        for d in ConflictDeclaration.objects.filter(competition=competition, member=user)
    }
    if None not in declarations or declarations[None]:
        return Decision.deny(NO_DECLARATION)
    if declarations.get(offer.pk):
        return Decision.deny(CONFLICTED)
    return Decision.allow()


@rule("competition.decide")
def decide_results(user, competition=None):
    """Propose granted amounts, record the decision and publish results: officials."""
    return Decision.allow() if _is_official(user) else Decision.deny(NOT_OFFICIAL)


@rule("contract.manage")
def manage_contract(user, contract=None):
    """Prepare, send, record signatures, terminate: officials."""
    return Decision.allow() if _is_official(user) else Decision.deny(NOT_OFFICIAL)


@rule("offer.report")
def report_on_offer(user, offer):
    """Write and submit the update (aktualizacja) and reports: members of the offering organisation."""
    return edit_offer(user, offer)


@rule("report.review")
def review_report(user, report=None):
    """Accept or return an update or a report: officials."""
    return Decision.allow() if _is_official(user) else Decision.deny(NOT_OFFICIAL)
