"""Results of a competition and the update (aktualizacja) of a reduced grant.

An official proposes an amount for each formally correct offer (``propose_grant``),
then publishes the results with the decision (``publish_results``): offers with an
amount are granted, the others are not, every organisation is told in its feed and
by e-mail. An organisation granted less than it asked for submits an updated cost
calculation and schedule (``save_update``, ``submit_update``), which an official
accepts or returns (``accept_update``, ``return_update``).

Every function checks permission through ``portal.permissions.ensure``, works under
row locks in one transaction, logs each change of state and notifies after commit.
"""

import json
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, can_proceed

from home.cache import invalidate_page_cache
from notifications.services import notify
from organisations.choices import ROLE_GROUPS, Role
from portal.permissions import ensure

from . import budget
from .choices import CompetitionMode, CompetitionState, OfferState, OfferUpdateState
from .committee_services import offer_score
from .models import (
    Competition,
    CompetitionTransition,
    ConflictDeclaration,
    Offer,
    OfferTransition,
    OfferUpdate,
    ScoreSheet,
    WorkflowEvent,
)
from .parsing import AMOUNT_TOO_LARGE, MONEY_MAX, grouped, parse_decimal

AMOUNT_INVALID = _("Enter the amount in złoty, e.g. 12500.00.")
AMOUNT_NEGATIVE = _("The amount cannot be negative.")
AMOUNT_ABOVE_REQUEST = _(
    "The amount %(amount)s is above the %(requested)s the organisation requested; a grant is never "
    "higher than the request."
)
AMOUNT_ABOVE_FUNDS = _(
    "The amounts proposed would add up to %(total)s, above the %(funds)s allotted to the competition. "
    "%(left)s is left for this offer."
)
BELOW_THRESHOLD = _(
    "Offer %(number)s scored %(score)s on average, below the threshold of %(threshold)s: it cannot be "
    "granted an amount."
)
NOT_SCORED = _(
    "Offer %(number)s has no submitted scores yet; it needs an average of at least %(threshold)s to be "
    "granted an amount."
)
NOT_PROPOSABLE = _("Amounts can be proposed only for formally correct offers, and only before the results.")
COMPETITION_NOT_CLOSED = _(
    "Amounts are proposed and results published after the deadline, before publication."
)
SCORES_MISSING = _(
    "The results cannot be published yet: every committee member without a conflict of interest must "
    "submit a score sheet for every formally correct offer. Missing: %(missing)s."
)
NO_ONE_SCORED = _("no committee member has scored it")
CHANGED_MEANWHILE = _("Someone else changed this meanwhile. Reload the page and try again.")
DECISION_REQUIRED = _("Enter the decision on the results, e.g. the number and date of the Mayor's order.")
DECISION_TOO_LONG = _("The decision may have at most 300 characters.")
CHECK_UNFINISHED = _("The formal check is not finished: %(offers)s. Decide on these offers first.")
PROPOSALS_INVALID = _("Correct the proposed amounts first: %(problems)s")
NO_UPDATE_NEEDED = _("No update is needed: the grant was not reduced.")
UPDATE_NOT_EDITABLE = _("The update has been submitted; it can be changed only when it is returned.")
UPDATE_NOT_SUBMITTED = _("Only a submitted update can be accepted or returned.")
UPDATE_NOT_SUBMITTABLE = _("This update has already been submitted.")
UPDATE_INCOMPLETE = _("Fill in %(sections)s before submitting the update.")
UPDATE_GRANT_MISMATCH = _(
    "The grant in the update is %(grant)s; it must equal the %(granted)s granted. Reduce the costs or add "
    "own contribution."
)
UPDATE_ACTIVITY_OUTSIDE = _("Activity “%(name)s”: %(problem)s")
COMMENT_REQUIRED = _("Say what the organisation should change; the comment is sent to it.")

UPDATE_SECTIONS = {
    "costs": _("the cost calculation"),
    "financing": _("the sources of financing"),
    "schedule": _("the schedule of activities"),
}


# --- reading ---------------------------------------------------------------------------------------

# ``offer_score`` (the average of submitted sheets) is the committee's rule, imported above.


def threshold_applies(competition) -> bool:
    """Small grants (art. 19a) have no committee, so no score threshold."""
    return competition.mode != CompetitionMode.SMALL_GRANT


def current_offers(competition):
    return Offer.objects.current().filter(competition=competition)


def proposed_total(competition, *, exclude_pk=None) -> Decimal:
    """The sum of amounts proposed for the competition's formally correct offers (in the database)."""
    offers = current_offers(competition).filter(state=OfferState.FORMALLY_CORRECT)
    if exclude_pk is not None:
        offers = offers.exclude(pk=exclude_pk)
    return offers.aggregate(total=Sum("granted_amount"))["total"] or Decimal("0.00")


def parse_amount(value) -> Decimal:
    """A Decimal in złoty from what an official typed ("12 500,00" too); ValidationError otherwise."""
    if isinstance(value, Decimal):
        amount = value
    else:
        # The one parser of amounts (competitions.parsing): "12 500,00" yes, "12,500.00" never.
        text = str(value if value is not None else "").strip().removesuffix("zł").strip()
        amount = parse_decimal(text)
    if not amount.is_finite():
        raise ValidationError(AMOUNT_INVALID, code="invalid")
    if amount < 0:
        raise ValidationError(AMOUNT_NEGATIVE, code="negative")
    if amount > MONEY_MAX:
        # The granted amount's column holds no more (and quantize would fail past 28 digits).
        raise ValidationError(
            AMOUNT_TOO_LARGE, code="too_large", params={"limit": f"{grouped(MONEY_MAX)} zł"}
        )
    if amount != amount.quantize(budget.GROSZ):
        raise ValidationError(AMOUNT_INVALID, code="invalid")
    return amount.quantize(budget.GROSZ)


def amount_problems(offer, amount: Decimal, *, others_total: Decimal) -> list[ValidationError]:
    """Why ``amount`` cannot be proposed for ``offer`` with ``others_total`` proposed for the rest."""
    competition = offer.competition
    problems = []
    if amount > offer.requested_grant:
        problems.append(
            ValidationError(
                AMOUNT_ABOVE_REQUEST,
                code="above_request",
                params={"amount": budget.pln(amount), "requested": budget.pln(offer.requested_grant)},
            )
        )
    if others_total + amount > competition.funds_allotted:
        problems.append(
            ValidationError(
                AMOUNT_ABOVE_FUNDS,
                code="above_funds",
                params={
                    "total": budget.pln(others_total + amount),
                    "funds": budget.pln(competition.funds_allotted),
                    "left": budget.pln(max(competition.funds_allotted - others_total, Decimal("0"))),
                },
            )
        )
    if amount > 0 and threshold_applies(competition) and competition.score_threshold > 0:
        score = offer_score(offer)
        params = {
            "number": offer.display_number,
            "threshold": f"{competition.score_threshold:.2f}",
            "score": "" if score is None else f"{score:.2f}",
        }
        if score is None:
            problems.append(ValidationError(NOT_SCORED, code="not_scored", params=params))
        elif score < competition.score_threshold:
            problems.append(ValidationError(BELOW_THRESHOLD, code="below_threshold", params=params))
    return problems


def _in_polish(func):
    """Notifications are written in Polish, the interface's first language, whoever triggers them."""

    def wrapper(*args, **kwargs):
        with translation.override("pl"):
            return func(*args, **kwargs)

    return wrapper


def _members(organisation):
    return [m.user for m in organisation.memberships.select_related("user")]


def _officials():
    return get_user_model().objects.filter(groups__name=ROLE_GROUPS[Role.OFFICIAL], is_active=True)


# --- proposing amounts and publishing --------------------------------------------------------------


@transaction.atomic
def propose_grant(*, user, offer: Offer, amount, revision: int | None = None) -> Offer:
    """Propose the grant for a formally correct offer of a closed competition (no change of state yet).

    ``revision``: the offer's revision the official saw; when someone changed the
    proposal since, the call is refused rather than overwriting it.
    """
    ensure(user, "competition.decide", offer.competition)
    amount = parse_amount(amount)
    # The competition row first: proposals for different offers must not together exceed the funds.
    competition = Competition.objects.select_for_update().get(pk=offer.competition_id)
    locked = Offer.objects.select_for_update(of=("self",)).select_related("competition").get(pk=offer.pk)
    if competition.state != CompetitionState.CLOSED:
        raise ValidationError(COMPETITION_NOT_CLOSED, code="not_closed")
    if locked.state != OfferState.FORMALLY_CORRECT:
        raise ValidationError(NOT_PROPOSABLE, code="not_proposable")
    if revision is not None and locked.revision != revision:
        raise ValidationError(CHANGED_MEANWHILE, code="concurrent")
    problems = amount_problems(locked, amount, others_total=proposed_total(competition, exclude_pk=locked.pk))
    if problems:
        raise ValidationError(problems)
    Offer.objects.filter(pk=locked.pk).update(granted_amount=amount, revision=F("revision") + 1)
    locked.refresh_from_db(fields=["granted_amount", "revision"])
    return locked


@transaction.atomic
def publish_results(*, user, competition: Competition, decision: str, now=None) -> Competition:
    """Grant every formally correct offer with an amount, refuse the rest, publish and notify.

    Refused while the formal check of any current offer is unfinished, or while a
    proposal breaks a rule (above the request or the funds, below the threshold).
    """
    ensure(user, "competition.decide", competition)
    decision = (decision or "").strip()
    if not decision:
        raise ValidationError(DECISION_REQUIRED, code="decision_required")
    if len(decision) > 300:
        raise ValidationError(DECISION_TOO_LONG, code="decision_too_long")
    now = now or timezone.now()
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.state != CompetitionState.CLOSED or not can_proceed(competition.publish_results):
        raise ValidationError(COMPETITION_NOT_CLOSED, code="not_closed")
    offers = list(
        current_offers(competition)
        .select_for_update(of=("self",))
        .select_related("organisation", "competition")
        .order_by("number", "pk")
    )
    unfinished = [o for o in offers if o.state in (OfferState.SUBMITTED, OfferState.RETURNED)]
    if unfinished:
        raise ValidationError(
            CHECK_UNFINISHED,
            code="check_unfinished",
            params={"offers": ", ".join(o.display_number or str(o) for o in unfinished)},
        )
    candidates = [o for o in offers if o.state == OfferState.FORMALLY_CORRECT]
    missing = missing_score_sheets(competition, candidates) if threshold_applies(competition) else {}
    if missing:
        raise ValidationError(
            SCORES_MISSING,
            code="scores_missing",
            params={
                "missing": "; ".join(
                    f"{offer.display_number or offer}: {', '.join(names)}" for offer, names in missing.items()
                )
            },
        )
    total = sum((o.granted_amount or Decimal("0") for o in candidates), Decimal("0"))
    problems = []
    for offer in candidates:
        amount = offer.granted_amount or Decimal("0")
        for error in amount_problems(offer, amount, others_total=total - amount):
            problems.extend(error.messages)
    if problems:
        raise ValidationError(
            PROPOSALS_INVALID,
            code="proposals_invalid",
            params={"problems": " ".join(dict.fromkeys(problems))},
        )

    source = competition.state
    try:
        competition.publish_results()
        competition.results_published_at = now
        competition.results_decision = decision
        competition.save()
    except ConcurrentTransition as error:
        raise ValidationError(CHANGED_MEANWHILE, code="concurrent") from error
    CompetitionTransition.objects.create(
        competition=competition, source=source, target=competition.state, by=user, comment=decision
    )

    granted, refused = [], []
    for offer in candidates:
        amount = offer.granted_amount or Decimal("0")
        try:
            if amount > 0:
                offer.grant()
                granted.append(offer)
            else:
                offer.refuse_grant()
                offer.granted_amount = Decimal("0.00")
                refused.append(offer)
            offer.decided_at = now
            offer.save()
        except ConcurrentTransition as error:
            raise ValidationError(CHANGED_MEANWHILE, code="concurrent") from error
        OfferTransition.objects.create(
            offer=offer, source=OfferState.FORMALLY_CORRECT, target=offer.state, by=user, comment=decision
        )
    for offer in granted:
        reduced = offer.granted_amount < offer.requested_grant
        if reduced:
            OfferUpdate.objects.get_or_create(
                offer=offer, defaults={"content": initial_update_content(offer)}
            )
        _notify_granted(offer, decision, reduced)
    for offer in refused:
        _notify_refused(offer, decision)
    # The public page shows the results: forget cached copies (again on commit, see the helper).
    invalidate_page_cache()
    return competition


def missing_score_sheets(competition, offers) -> dict:
    """{offer: [who has not submitted a score sheet]} for the formally correct ``offers``.

    A member who declared a conflict of interest for an offer does not score it; an offer that no
    one may score (an empty committee) still needs at least one submitted sheet.
    """
    members = list(competition.committee.order_by("last_name", "first_name", "pk"))
    conflicts = set(
        ConflictDeclaration.objects.filter(
            competition=competition, has_conflict=True, offer__in=offers
        ).values_list("offer_id", "member_id")
    )
    submitted = set(
        ScoreSheet.objects.filter(offer__in=offers, submitted_at__isnull=False).values_list(
            "offer_id", "member_id"
        )
    )
    missing = {}
    for offer in offers:
        expected = [m for m in members if (offer.pk, m.pk) not in conflicts]
        names = [m.get_full_name() or m.get_username() for m in expected if (offer.pk, m.pk) not in submitted]
        if not expected and not any(offer_id == offer.pk for offer_id, _member in submitted):
            names = [str(NO_ONE_SCORED)]
        if names:
            missing[offer] = names
    return missing


@_in_polish
def _notify_granted(offer, decision, reduced):
    params = {
        "number": offer.display_number,
        "title": offer.title,
        "amount": budget.pln(offer.granted_amount),
        "requested": budget.pln(offer.requested_grant),
        "decision": decision,
    }
    body = (
        _(
            "Offer %(number)s “%(title)s” is granted %(amount)s (requested: %(requested)s). "
            "Decision: %(decision)s."
        )
        % params
    )
    url = reverse("offers:detail", args=[offer.pk])
    if reduced:
        body = "{} {}".format(
            body,
            _(
                "The grant is lower than requested: submit an updated cost calculation and schedule "
                "before the contract is prepared."
            ),
        )
        url = reverse("offers:update", args=[offer.pk])
    notify(
        recipients=_members(offer.organisation),
        event="offer.granted",
        title=_("Grant awarded: %(title)s") % params,
        body=body,
        url=url,
    )


@_in_polish
def _notify_refused(offer, decision):
    score = offer_score(offer) if threshold_applies(offer.competition) else None
    params = {"number": offer.display_number, "title": offer.title, "decision": decision}
    if score is not None:
        params["score"] = f"{score:.2f}"
        body = (
            _(
                "Offer %(number)s “%(title)s” was not granted. Its average score: %(score)s. "
                "Decision: %(decision)s."
            )
            % params
        )
    else:
        body = _("Offer %(number)s “%(title)s” was not granted. Decision: %(decision)s.") % params
    notify(
        recipients=_members(offer.organisation),
        event="offer.not_granted",
        title=_("Not granted: %(title)s") % params,
        body=body,
        url=reverse("offers:detail", args=[offer.pk]),
    )


# --- the update (aktualizacja) ---------------------------------------------------------------------


def initial_update_content(offer) -> dict:
    """The offer's own cost calculation, financing and schedule, with the grant set to the amount granted."""
    content = offer.content or {}
    financing = dict(content.get("financing") or {})
    financing["grant"] = str(offer.granted_amount)
    return {
        "costs": list(content.get("costs") or []),
        "financing": financing,
        "schedule": list(content.get("schedule") or []),
    }


def update_problems(update: OfferUpdate) -> list[str]:
    """What stops the update from being submitted: the offer's own rules, with the grant granted."""
    offer = update.offer
    competition = offer.competition
    content = update.content or {}
    missing = [str(label) for key, label in UPDATE_SECTIONS.items() if not content.get(key)]
    if missing:
        return [str(UPDATE_INCOMPLETE % {"sections": ", ".join(missing)})]
    problems = []
    total = budget.total_of(content["costs"])
    financing = content["financing"]
    grant = budget.money(financing.get("grant"))
    if grant != budget.money(offer.granted_amount):
        problems.append(
            str(
                UPDATE_GRANT_MISMATCH
                % {"grant": budget.pln(grant), "granted": budget.pln(offer.granted_amount)}
            )
        )
    # The competition's minimum and maximum grant judged the request; the amount granted is the
    # official's decision, so only the sum and the own-contribution rules apply to it.
    problems += [
        str(message)
        for field, message in budget.financing_problems(competition, total, financing)
        if field != "grant"
    ]
    task = (offer.content or {}).get("task") or {}
    years = budget.years_of(task.get("start"), task.get("end"))
    for row in content["costs"]:
        if years and row.get("year") and int(row["year"]) not in years:
            problems.append(
                str(
                    _("Cost “%(name)s” is in %(year)s; the task runs in %(years)s.")
                    % {
                        "name": row.get("name", ""),
                        "year": row["year"],
                        "years": ", ".join(map(str, sorted(years))),
                    }
                )
            )
    for row in content["schedule"]:
        for _field, message in budget.period_problems(competition, row.get("start"), row.get("end")):
            problems.append(str(UPDATE_ACTIVITY_OUTSIDE % {"name": row.get("name", ""), "problem": message}))
    return problems


def _jsonable(value):
    return json.loads(json.dumps(value, default=str))


def _locked_update(offer_pk) -> OfferUpdate:
    update = (
        OfferUpdate.objects.select_for_update(of=("self",))
        .select_related("offer__competition", "offer__organisation")
        .filter(offer_id=offer_pk)
        .first()
    )
    if update is None:
        raise ValidationError(NO_UPDATE_NEEDED, code="no_update")
    return update


def _log_update(update, source, user, comment=""):
    WorkflowEvent.objects.create(
        offer=update.offer,
        subject="update",
        subject_id=update.pk,
        source=source,
        target=update.state,
        by=user,
        comment=comment,
    )


@transaction.atomic
def save_update(
    *, user, offer: Offer, costs=None, financing=None, schedule=None, revision: int
) -> OfferUpdate:
    """Save the update's sections (those given; None keeps what is saved), refusing a stale revision."""
    ensure(user, "offer.report", offer)
    update = _locked_update(offer.pk)
    if update.state not in (OfferUpdateState.DRAFT, OfferUpdateState.RETURNED):
        raise ValidationError(UPDATE_NOT_EDITABLE, code="not_editable")
    if update.revision != revision:
        raise ValidationError(CHANGED_MEANWHILE, code="concurrent")
    content = dict(update.content or {})
    for key, value in (("costs", costs), ("financing", financing), ("schedule", schedule)):
        if value is not None:
            content[key] = _jsonable(value)
    OfferUpdate.objects.filter(pk=update.pk).update(content=content, revision=F("revision") + 1)
    update.refresh_from_db(fields=["content", "revision"])
    return update


@_in_polish
def _notify_update_submitted(offer):
    params = {"number": offer.display_number, "title": offer.title, "organisation": offer.organisation.name}
    notify(
        recipients=list(_officials()),
        event="update.submitted",
        title=_("Update submitted: %(number)s") % params,
        body=_("%(organisation)s submitted the updated cost calculation and schedule of “%(title)s”.")
        % params,
        url=reverse("offers:update", args=[offer.pk]),
    )
    notify(
        recipients=_members(offer.organisation),
        event="update.submitted",
        title=_("Update submitted: %(number)s") % params,
        body=_("The updated cost calculation and schedule of “%(title)s” is with the city hall.") % params,
        url=reverse("offers:update", args=[offer.pk]),
        email=False,
    )


@transaction.atomic
def submit_update(*, user, update: OfferUpdate, revision: int | None = None) -> OfferUpdate:
    """Submit the update for the official's review once it meets the offer's rules."""
    ensure(user, "offer.report", update.offer)
    locked = _locked_update(update.offer_id)
    if not can_proceed(locked.submit):
        raise ValidationError(UPDATE_NOT_SUBMITTABLE, code="not_submittable")
    if revision is not None and locked.revision != revision:
        raise ValidationError(CHANGED_MEANWHILE, code="concurrent")
    problems = update_problems(locked)
    if problems:
        raise ValidationError(problems, code="rules")
    source = locked.state
    try:
        locked.submit()
        locked.submitted_at = timezone.now()
        locked.save()
    except ConcurrentTransition as error:
        raise ValidationError(CHANGED_MEANWHILE, code="concurrent") from error
    _log_update(locked, source, user)
    _notify_update_submitted(locked.offer)
    return locked


def _review(user, update, method, comment):
    ensure(user, "report.review", update)
    locked = _locked_update(update.offer_id)
    if locked.state != OfferUpdateState.SUBMITTED:
        raise ValidationError(UPDATE_NOT_SUBMITTED, code="not_submitted")
    source = locked.state
    try:
        getattr(locked, method)()
        locked.reviewed_at = timezone.now()
        locked.reviewed_by = user
        locked.review_comment = comment
        locked.save()
    except ConcurrentTransition as error:
        raise ValidationError(CHANGED_MEANWHILE, code="concurrent") from error
    _log_update(locked, source, user, comment)
    return locked


@_in_polish
def _notify_update_accepted(offer):
    notify(
        recipients=_members(offer.organisation),
        event="update.accepted",
        title=_("Update accepted: %(number)s") % {"number": offer.display_number},
        body=_(
            "The updated cost calculation and schedule of “%(title)s” is accepted; the contract "
            "will be prepared on it."
        )
        % {"title": offer.title},
        url=reverse("offers:update", args=[offer.pk]),
    )


@transaction.atomic
def accept_update(*, user, update: OfferUpdate, comment: str = "") -> OfferUpdate:
    """Accept the update: the contract is prepared on its figures."""
    locked = _review(user, update, "accept", (comment or "").strip())
    _notify_update_accepted(locked.offer)
    return locked


@_in_polish
def _notify_update_returned(offer, comment):
    notify(
        recipients=_members(offer.organisation),
        event="update.returned",
        title=_("Update returned: %(number)s") % {"number": offer.display_number},
        body=_("Correct the update of “%(title)s” and submit it again. Comments: %(comment)s")
        % {"title": offer.title, "comment": comment},
        url=reverse("offers:update", args=[offer.pk]),
    )


@transaction.atomic
def return_update(*, user, update: OfferUpdate, comment: str) -> OfferUpdate:
    """Return the update with comments (required) for the organisation to correct and submit again."""
    comment = (comment or "").strip()
    if not comment:
        ensure(user, "report.review", update)
        raise ValidationError(COMMENT_REQUIRED, code="comment_required")
    locked = _review(user, update, "return_with_comments", comment)
    _notify_update_returned(locked.offer, comment)
    return locked


# --- messages to organisations ----------------------------------------------------------------------

MESSAGE_TITLE_REQUIRED = _("Give the message a subject.")
MESSAGE_BODY_REQUIRED = _("Write the message.")
NO_OFFERS_SELECTED = _("Select at least one offer.")


@transaction.atomic
def message_organisations(*, user, competition: Competition, offers, title: str, body: str) -> int:
    """Send a message from the city hall to the organisations of ``offers`` (feed and e-mail).

    Returns how many people it reached; each organisation is told once, whatever
    the number of its offers selected.
    """
    ensure(user, "competition.manage", competition)
    title, body = (title or "").strip(), (body or "").strip()
    if not title:
        raise ValidationError(MESSAGE_TITLE_REQUIRED, code="title_required")
    if not body:
        raise ValidationError(MESSAGE_BODY_REQUIRED, code="body_required")
    offers = list(offers.filter(competition=competition).select_related("organisation"))
    if not offers:
        raise ValidationError(NO_OFFERS_SELECTED, code="nothing_selected")
    recipients, seen = [], set()
    for offer in offers:
        if offer.organisation_id in seen:
            continue
        seen.add(offer.organisation_id)
        recipients += _members(offer.organisation)
    created = notify(
        recipients=recipients,
        event="competition.message",
        title=f"{competition.signature}: {title[:250]}",
        body=body,
        url=reverse("competition_pages:detail", args=[competition.slug]),
    )
    return len(created)
