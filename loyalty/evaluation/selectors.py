from django.db.models import Count

from ..choices import EvaluationState, RoundState
from ..models import Answer, Category, Criterion, Evaluation, EvaluationRound, StatusRule
from ..rules import DEFAULT_THRESHOLDS, Thresholds


def current_thresholds() -> Thresholds:
    """The newest status rule, or the seed's defaults before the city has set one."""
    rule = StatusRule.objects.order_by("-created_at", "-pk").first()
    return rule.thresholds if rule else DEFAULT_THRESHOLDS


def open_round():
    return EvaluationRound.objects.filter(state=RoundState.OPEN).order_by("-opens_at").first()


def next_round():
    return EvaluationRound.objects.filter(state=RoundState.SCHEDULED).order_by("opens_at").first()


def card_categories():
    """The card's categories with their criteria in use, in order."""
    criteria = Criterion.objects.active().order_by("order", "pk")
    categories = list(Category.objects.order_by("order", "pk"))
    by_category: dict[int, list] = {c.pk: [] for c in categories}
    for criterion in criteria:
        by_category.setdefault(criterion.category_id, []).append(criterion)
    return [(category, by_category[category.pk]) for category in categories if by_category[category.pk]]


def criteria_totals() -> dict[str, int]:
    rows = Criterion.objects.active().values("level").annotate(n=Count("pk"))
    return {row["level"]: row["n"] for row in rows}


def met_counts(*, evaluation) -> dict[str, int]:
    """Criteria in use that the evaluation marks as met, per level (counted in SQL)."""
    rows = (
        Answer.objects.filter(evaluation=evaluation, meets=True, criterion__is_active=True)
        .values("criterion__level")
        .annotate(n=Count("pk"))
    )
    return {row["criterion__level"]: row["n"] for row in rows}


def declared_evaluations(*, facility):
    """The facility's status history, newest first."""
    return (
        Evaluation.objects.filter(facility=facility)
        .exclude(state=EvaluationState.DRAFT)
        .select_related("round", "verified_by")
        .order_by("-declared_at", "-pk")
    )


def current_evaluation(*, facility):
    """The declaration that gives the facility its status now (None before its first)."""
    return declared_evaluations(facility=facility).first()


def card_target(*, facility):
    """(can_fill, round) for the card the facility fills in now: the open round's, or its entry
    evaluation outside a round while it has no declaration yet."""
    round_ = open_round()
    if round_ is not None:
        return True, round_
    if not Evaluation.objects.filter(facility=facility).exclude(state=EvaluationState.DRAFT).exists():
        return True, None
    return False, None


def evaluations_to_verify():
    return (
        Evaluation.objects.filter(state=EvaluationState.DECLARED)
        .select_related("facility__organisation", "round")
        .order_by("declared_at", "pk")
    )


def answers_by_criterion(*, evaluation) -> dict[int, "Answer"]:
    if evaluation is None or evaluation.pk is None:
        return {}
    return {a.criterion_id: a for a in evaluation.answers.all()}


def notes_by_category(*, evaluation) -> dict[int, str]:
    if evaluation is None or evaluation.pk is None:
        return {}
    return {n.category_id: n.projects for n in evaluation.notes.all()}
