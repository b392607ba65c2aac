"""The committee's work: declarations on conflicts of interest, score sheets, the ranking.

Art. 15 sec. 2d of the public-benefit act applies art. 24 of the administrative
procedure code to committee members: before seeing any offer a member signs a
declaration for the whole competition, and may declare a conflict with one
offer, which takes them off that offer. Members score formally correct offers
on the competition's merit criteria; a sheet, once submitted, is final, and
only then does its author see the other members' sheets. The offer's score is
the average of the submitted sheets' totals.
"""

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.services import notify
from organisations.choices import ROLE_GROUPS, Role
from portal.permissions import can, ensure

from .choices import CompetitionState, OfferState
from .models import Competition, ConflictDeclaration, MeritCriterion, Offer, Score, ScoreSheet

TWO_PLACES = Decimal("0.01")

# The text a member signs, kept with the declaration so the record shows what was declared.
DECLARATION_TEXT = _(
    "Pursuant to art. 15 sec. 2d of the Act of 24 April 2003 on public benefit activity and "
    "volunteering, in connection with art. 24 § 1 and 2 of the Code of Administrative Procedure, "
    "I declare that in relation to the offerors taking part in this competition:\n"
    "1. I am not an offeror, nor do I remain in such a legal relationship with any offeror that the "
    "result of the competition could affect my rights or obligations;\n"
    "2. I am not a spouse, relative or in-law up to the second degree of a person who represents an "
    "offeror or is a member of its bodies;\n"
    "3. I am not related by adoption, custody or guardianship to a person who represents an offeror "
    "or is a member of its bodies;\n"
    "4. within the last three years I have not been, and I am not now, an employee, a member of the "
    "bodies, a volunteer or a representative of any offeror;\n"
    "5. there are no other circumstances that could cause reasonable doubt as to my impartiality.\n"
    "Should any of these circumstances arise for a given offer, I will declare a conflict of interest "
    "with that offer and will not score it. I am aware that I must keep the content of the offers "
    "and the committee's work confidential."
)

ALREADY_SIGNED = _("You have already signed the declaration for this competition.")
NOT_CONFIRMED = _("Tick the box to confirm that you make this declaration.")
DECLARATION_CLOSED = _("Declarations can be signed while the competition is open or closed for offers.")
NOT_SIGNED = _("Sign the declaration of no conflict of interest for this competition first.")
CONFLICT_ALREADY = _("You have already declared a conflict of interest with this offer.")
CONFLICT_AFTER_SCORING = _(
    "You have already submitted your scores for this offer. Contact the official running the "
    "competition to record a conflict of interest."
)
CONFLICT_STATEMENT_REQUIRED = _("Say briefly what the conflict of interest is.")
NOT_SCORABLE = _("Only formally correct offers of a competition closed for offers are scored.")
SHEET_FINAL = _("You have submitted your scores for this offer; they can no longer be changed.")
CHANGED_MEANWHILE = _(
    "Your scores for this offer were saved meanwhile in another window. Nothing was saved; "
    "the page shows the saved version."
)
NO_CRITERIA = _("This competition has no merit criteria to score.")
UNKNOWN_CRITERION = _("This criterion does not belong to the competition.")
POINTS_REQUIRED = _("Enter the points for this criterion.")
POINTS_NOT_A_NUMBER = _("Enter the points as a number, e.g. 7 or 7.5.")
POINTS_NEGATIVE = _("The points cannot be negative.")
POINTS_ABOVE_MAX = _("At most %(max)s points for this criterion.")
POINTS_DECIMALS = _("Give the points with at most two decimal places.")
JUSTIFICATION_REQUIRED = _("Justify the points for this criterion.")
JUSTIFICATION_WITHOUT_POINTS = _("Enter the points as well, or clear the justification, to save the draft.")

# Offers that passed the formal check stay in the ranking after the decision on the results.
RANKED_STATES = (
    OfferState.FORMALLY_CORRECT,
    OfferState.GRANTED,
    OfferState.NOT_GRANTED,
    OfferState.CONTRACTED,
    OfferState.SETTLED,
    OfferState.TERMINATED,
)


class ScoresChangedMeanwhile(Exception):
    """The member's sheet was saved after this form was opened (another tab, a double click)."""

    def __init__(self, sheet: ScoreSheet):
        super().__init__("score sheet changed meanwhile")
        self.sheet = sheet


def _officials():
    return get_user_model().objects.filter(groups__name=ROLE_GROUPS[Role.OFFICIAL], is_active=True)


def _round(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(value).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


# --- Declarations ---------------------------------------------------------------------------------


def competition_declaration(user, competition: Competition) -> ConflictDeclaration | None:
    """The member's signed declaration for the whole competition, if any."""
    if not user.is_authenticated:
        return None
    return ConflictDeclaration.objects.filter(
        competition=competition, member=user, offer__isnull=True, has_conflict=False
    ).first()


@transaction.atomic
def declare_no_conflict(*, user, competition: Competition, statement_text=None) -> ConflictDeclaration:
    """Sign the competition's declaration of no conflict of interest (once per member).

    ``statement_text``: the text the member saw and signed; the statutory text by default.
    """
    ensure(user, "competition.declare", competition)
    if competition.state not in (CompetitionState.ANNOUNCED, CompetitionState.CLOSED):
        raise ValidationError(DECLARATION_CLOSED, code="closed")
    text = str(statement_text or DECLARATION_TEXT).strip()
    if competition_declaration(user, competition) is not None:
        raise ValidationError(ALREADY_SIGNED, code="already_signed")
    try:
        # A double click races here; the unique constraint keeps one declaration.
        with transaction.atomic():
            return ConflictDeclaration.objects.create(
                competition=competition, member=user, offer=None, has_conflict=False, statement=text
            )
    except IntegrityError:
        raise ValidationError(ALREADY_SIGNED, code="already_signed") from None


@transaction.atomic
def declare_conflict(*, user, offer: Offer, statement: str) -> ConflictDeclaration:
    """Declare a conflict of interest with one offer: the member will not score it.

    A draft sheet the member started is discarded; a submitted one stays and the
    declaration is refused, since only the official may then undo the scores.
    """
    ensure(user, "competition.declare", offer.competition)
    # The offer's row serialises this with the member's own scoring and the decision on results.
    offer = Offer.objects.select_for_update(of=("self",)).select_related("competition").get(pk=offer.pk)
    competition = offer.competition
    if competition_declaration(user, competition) is None:
        raise ValidationError(NOT_SIGNED, code="not_signed")
    if offer.state != OfferState.FORMALLY_CORRECT or competition.state != CompetitionState.CLOSED:
        raise ValidationError(NOT_SCORABLE, code="not_scorable")
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError(CONFLICT_STATEMENT_REQUIRED, code="statement_required")
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).filter(offer=offer, member=user).first()
    if sheet is not None and sheet.submitted_at is not None:
        raise ValidationError(CONFLICT_AFTER_SCORING, code="already_scored")
    try:
        with transaction.atomic():
            declaration = ConflictDeclaration.objects.create(
                competition=competition, member=user, offer=offer, has_conflict=True, statement=statement
            )
    except IntegrityError:
        raise ValidationError(CONFLICT_ALREADY, code="already_declared") from None
    if sheet is not None:
        sheet.delete()
    notify(
        recipients=_officials(),
        event="committee.conflict_declared",
        title=_("%(member)s declared a conflict of interest with offer %(offer)s")
        % {"member": user, "offer": offer.display_number or offer.title},
        body=_("Competition: %(competition)s. Statement: %(statement)s")
        % {"competition": competition, "statement": statement},
        url=reverse("committee_admin:competition_ranking", args=[competition.pk]),
    )
    return declaration


def conflicted_offer_ids(user, competition: Competition) -> set[int]:
    return set(
        ConflictDeclaration.objects.filter(
            competition=competition, member=user, has_conflict=True, offer__isnull=False
        ).values_list("offer_id", flat=True)
    )


# --- Scores ---------------------------------------------------------------------------------------


def _parse_points(raw) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, float):
        raw = repr(raw)
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        raise ValidationError(POINTS_NOT_A_NUMBER, code="not_a_number") from None
    if not value.is_finite():
        raise ValidationError(POINTS_NOT_A_NUMBER, code="not_a_number")
    return value


def _check_points(value: Decimal, criterion: MeritCriterion) -> None:
    if value < 0:
        raise ValidationError(POINTS_NEGATIVE, code="negative")
    if value > criterion.max_points:
        raise ValidationError(POINTS_ABOVE_MAX, code="above_max", params={"max": criterion.max_points})
    if value != value.quantize(TWO_PLACES):
        raise ValidationError(POINTS_DECIMALS, code="decimals")


def validate_scores(competition: Competition, scores: dict, *, submit: bool) -> dict:
    """Check ``{criterion_pk: (points, justification)}``; return ``{criterion: (Decimal|None, str)}``.

    Raises one ``ValidationError`` keyed by criterion pk (as a string) with every problem.
    """
    criteria = {c.pk: c for c in competition.merit_criteria.all()}
    if not criteria:
        raise ValidationError(NO_CRITERIA, code="no_criteria")
    errors: dict[str, list] = {}
    cleaned = {}
    given = {}
    for key, pair in (scores or {}).items():
        try:
            pk = int(key)
        except (TypeError, ValueError):
            pk = None
        if pk not in criteria:
            errors.setdefault(str(key), []).append(ValidationError(UNKNOWN_CRITERION, code="unknown"))
            continue
        given[pk] = pair
    for pk, criterion in criteria.items():
        raw_points, justification = given.get(pk) or (None, "")
        justification = (justification or "").strip()
        try:
            points = _parse_points(raw_points)
            if points is None:
                if submit:
                    raise ValidationError(POINTS_REQUIRED, code="required")
                if justification:
                    raise ValidationError(JUSTIFICATION_WITHOUT_POINTS, code="justification_only")
            else:
                _check_points(points, criterion)
        except ValidationError as error:
            errors.setdefault(str(pk), []).append(error)
            points = None
        if submit and not justification:
            errors.setdefault(str(pk), []).append(
                ValidationError(JUSTIFICATION_REQUIRED, code="justification_required")
            )
        cleaned[criterion] = (points, justification)
    if errors:
        raise ValidationError(errors)
    return cleaned


def sheet_of(user, offer: Offer) -> ScoreSheet | None:
    if not user.is_authenticated:
        return None
    return ScoreSheet.objects.filter(offer=offer, member=user).prefetch_related("scores").first()


@transaction.atomic
def save_scores(*, user, offer: Offer, scores: dict, submit: bool, revision: int) -> ScoreSheet:
    """Save the member's scores of ``offer`` as a draft, or submit them (final).

    ``scores``: ``{criterion_pk: (points, justification)}``; ``revision``: the sheet's
    revision the form was opened at (0 for a new sheet). Bad input raises
    ``ValidationError`` keyed by criterion pk and saves nothing; a sheet saved
    meanwhile raises ``ScoresChangedMeanwhile``.
    """
    ensure(user, "offer.score", offer)
    # Lock the offer, then ask again: a conflict declared or a decision taken while this
    # request waited must win.
    offer = Offer.objects.select_for_update(of=("self",)).select_related("competition").get(pk=offer.pk)
    ensure(user, "offer.score", offer)
    competition = offer.competition
    if offer.state != OfferState.FORMALLY_CORRECT or competition.state != CompetitionState.CLOSED:
        raise ValidationError(NOT_SCORABLE, code="not_scorable")
    sheet = ScoreSheet.objects.select_for_update(of=("self",)).filter(offer=offer, member=user).first()
    if sheet is not None and sheet.submitted_at is not None:
        raise ValidationError(SHEET_FINAL, code="final")
    current_revision = sheet.revision if sheet is not None else 0
    if current_revision != revision:
        raise ScoresChangedMeanwhile(sheet)
    cleaned = validate_scores(competition, scores, submit=submit)
    if sheet is None:
        try:
            with transaction.atomic():
                sheet = ScoreSheet.objects.create(offer=offer, member=user)
        except IntegrityError:
            # The first save from another tab created the sheet a moment ago.
            raise ScoresChangedMeanwhile(ScoreSheet.objects.get(offer=offer, member=user)) from None
    for criterion, (points, justification) in cleaned.items():
        if points is None:
            Score.objects.filter(sheet=sheet, criterion=criterion).delete()
        else:
            Score.objects.update_or_create(
                sheet=sheet, criterion=criterion, defaults={"points": points, "justification": justification}
            )
    total = sheet.scores.aggregate(total=Sum("points"))["total"] or Decimal("0")
    now = timezone.now()
    updated = ScoreSheet.objects.filter(pk=sheet.pk, revision=current_revision).update(
        total=total, revision=current_revision + 1, submitted_at=now if submit else None, updated_at=now
    )
    if not updated:  # pragma: no cover - the row lock makes this unreachable on PostgreSQL
        raise ScoresChangedMeanwhile(sheet)
    sheet.refresh_from_db()
    if submit:
        _notify_when_scoring_complete(competition)
    return sheet


def _notify_when_scoring_complete(competition: Competition) -> None:
    """Tell the officials once every eligible member has submitted every formally correct offer."""
    rows = ranking(competition)
    if not rows or any(row.sheets_submitted < row.members_eligible for row in rows):
        return
    notify(
        recipients=_officials(),
        event="committee.scoring_complete",
        title=_("The committee has scored every offer in %(competition)s") % {"competition": competition},
        body=_("The ranking and the protocol of the committee's work are ready in the admin."),
        url=reverse("committee_admin:competition_ranking", args=[competition.pk]),
    )


def visible_sheets(user, offer: Offer) -> list[ScoreSheet]:
    """The sheets of ``offer`` this person may read.

    Officials deciding the results see every sheet. A member sees their own sheet,
    and the other members' submitted sheets only after submitting their own, so
    nobody's points lean on anyone else's.
    """
    sheets = (
        ScoreSheet.objects.filter(offer=offer)
        .select_related("member")
        .prefetch_related("scores__criterion")
        .order_by("member__last_name", "member__first_name", "pk")
    )
    if not user.is_authenticated:
        return []
    if can(user, "competition.decide", offer.competition):
        return list(sheets)
    if not can(user, "competition.declare", offer.competition):
        return []
    own = next((sheet for sheet in sheets if sheet.member_id == user.pk), None)
    if own is None:
        return []
    if own.submitted_at is None:
        return [own]
    return [sheet for sheet in sheets if sheet.member_id == user.pk or sheet.submitted_at is not None]


# --- Score and ranking ----------------------------------------------------------------------------


def offer_score(offer: Offer) -> Decimal | None:
    """The average of the submitted sheets' totals, to two places, or None when none is submitted."""
    average = ScoreSheet.objects.filter(offer=offer, submitted_at__isnull=False).aggregate(
        average=Avg("total")
    )["average"]
    return _round(average)


def meets_threshold(offer: Offer, score: Decimal | None = None) -> bool:
    """Whether the offer's average reaches the competition's threshold (an unscored offer does not)."""
    score = offer_score(offer) if score is None else score
    if score is None:
        return False
    return score >= (offer.competition.score_threshold or Decimal("0"))


@dataclass(frozen=True)
class RankingRow:
    position: int | None  # None while the offer has no submitted sheet
    offer: Offer
    number: str
    organisation: str
    title: str
    requested_grant: Decimal
    average: Decimal | None
    sheets_submitted: int
    members_eligible: int
    below_threshold: bool

    @property
    def complete(self) -> bool:
        return self.sheets_submitted >= self.members_eligible


def ranked_offers(competition: Competition):
    return Offer.objects.current().filter(competition=competition, state__in=RANKED_STATES)


def ranking(competition: Competition) -> list[RankingRow]:
    """The formally correct offers by average score, best first; unscored offers last.

    ``members_eligible``: the committee less the members who declared a conflict with the offer.
    """
    committee_ids = set(competition.committee.values_list("pk", flat=True))
    submitted = Q(score_sheets__submitted_at__isnull=False, score_sheets__member__in=committee_ids)
    offers = (
        ranked_offers(competition)
        .select_related("organisation", "competition")
        .annotate(
            average=Avg("score_sheets__total", filter=submitted),
            sheets=Count("score_sheets", filter=submitted),
        )
    )
    conflicts: dict[int, int] = {}
    for row in (
        ConflictDeclaration.objects.filter(
            competition=competition, has_conflict=True, offer__isnull=False, member__in=committee_ids
        )
        .values("offer_id")
        .annotate(n=Count("pk"))
    ):
        conflicts[row["offer_id"]] = row["n"]
    threshold = competition.score_threshold or Decimal("0")
    rows = []
    for offer in offers:
        average = _round(offer.average)
        rows.append(
            RankingRow(
                position=None,
                offer=offer,
                number=offer.display_number,
                organisation=offer.organisation.name,
                title=offer.title,
                requested_grant=offer.requested_grant,
                average=average,
                sheets_submitted=offer.sheets,
                members_eligible=len(committee_ids) - conflicts.get(offer.pk, 0),
                below_threshold=average is None or average < threshold,
            )
        )
    rows.sort(key=lambda r: (r.average is None, -(r.average or 0), r.number))
    # Equal averages share a position (1, 2, 2, 4), as a protocol would print them.
    ranked, previous, position = [], None, 0
    for index, row in enumerate(rows, start=1):
        if row.average is None:
            ranked.append(row)
            continue
        if row.average != previous:
            position, previous = index, row.average
        ranked.append(replace(row, position=position))
    return ranked
