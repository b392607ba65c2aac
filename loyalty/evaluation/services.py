"""Filling in the card, declaring it, and the city's verification of a declaration."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from notifications.services import notify
from portal.permissions import ensure

from ..choices import EvaluationState
from ..models import Answer, CategoryNote, Criterion, Evaluation
from ..rules import status_for
from ..selectors import facility_managers
from .selectors import card_target, current_thresholds, met_counts

CARD_CLOSED = _("The card cannot be filled in now: the next evaluation round has not opened yet.")
ALREADY_DECLARED = _("This card has already been declared and can no longer be changed.")
INCOMPLETE = _("Answer every criterion (meets / does not meet) before you declare the card.")
PROJECTS_MISSING = _("Describe the projects and activities behind the criteria you meet in this category.")
NOT_DECLARED = _("Only a declared card can be verified.")
ALREADY_VERIFIED = _("This declaration has already been verified.")
CORRECTION_NEEDS_COMMENT = _("Explain the correction in a comment: the facility will see it.")

VERIFIED_TITLE = _("The city hall has verified the card of %(name)s")


def _evaluation_for_update(*, facility, round_) -> Evaluation:
    evaluation, _created = Evaluation.objects.get_or_create(facility=facility, round=round_)
    return Evaluation.objects.select_for_update().get(pk=evaluation.pk)


def _store(*, evaluation, answers: dict[int, bool], notes: dict[int, str]) -> None:
    active = set(Criterion.objects.active().filter(pk__in=answers).values_list("pk", flat=True))
    for criterion_id, meets in answers.items():
        if criterion_id in active:
            Answer.objects.update_or_create(
                evaluation=evaluation, criterion_id=criterion_id, defaults={"meets": meets}
            )
    for category_id, projects in notes.items():
        CategoryNote.objects.update_or_create(
            evaluation=evaluation, category_id=category_id, defaults={"projects": projects.strip()}
        )


def missing_for_declaration(*, answers: dict[int, bool], notes: dict[int, str]) -> dict:
    """What stops a declaration: {"criteria": [unanswered ids], "categories": [ids lacking projects]}."""
    criteria = list(Criterion.objects.active().values_list("pk", "category_id"))
    unanswered = [pk for pk, _category in criteria if answers.get(pk) is None]
    met_categories = {category for pk, category in criteria if answers.get(pk)}
    lacking = sorted(c for c in met_categories if not notes.get(c, "").strip())
    return {"criteria": unanswered, "categories": lacking}


def evaluation_save(
    *, user, facility, answers: dict[int, bool], notes: dict[int, str], declare: bool = False
):
    """Save the facility's answers (a draft), and declare the card when ``declare``.

    The draft is saved even when the declaration is refused, so nothing typed is lost;
    the refusal is raised after the draft is committed.
    """
    ensure(user, "loyalty.evaluation.fill", facility)
    can_fill, round_ = card_target(facility=facility)
    if not can_fill:
        raise ValidationError(CARD_CLOSED, code="card_closed")
    with transaction.atomic():
        evaluation = _evaluation_for_update(facility=facility, round_=round_)
        if evaluation.is_declared:
            raise ValidationError(ALREADY_DECLARED, code="already_declared")
        _store(evaluation=evaluation, answers=answers, notes=notes)
        evaluation.save(update_fields=["updated_at"])
    if not declare:
        return evaluation
    stored_answers = dict(evaluation.answers.values_list("criterion_id", "meets"))
    stored_notes = dict(evaluation.notes.values_list("category_id", "projects"))
    missing = missing_for_declaration(answers=stored_answers, notes=stored_notes)
    if missing["criteria"]:
        raise ValidationError(INCOMPLETE, code="incomplete", params=missing)
    if missing["categories"]:
        raise ValidationError(PROJECTS_MISSING, code="projects_missing", params=missing)
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.is_declared:
            raise ValidationError(ALREADY_DECLARED, code="already_declared")
        # The round's own rule (copied when it opened); an entry card takes the current one.
        thresholds = (round_.thresholds if round_ else None) or current_thresholds()
        outcome = status_for(met=met_counts(evaluation=evaluation), thresholds=thresholds)
        evaluation.standard_min = thresholds.standard
        evaluation.premium_min = thresholds.premium
        evaluation.vip_min = thresholds.vip
        evaluation.declared_status = evaluation.status = outcome.status
        evaluation.state = EvaluationState.DECLARED
        evaluation.declared_at = timezone.now()
        evaluation.declared_by = user
        evaluation.save()
    return evaluation


def evaluation_verify(
    *, user, evaluation: Evaluation, answers: dict[int, bool], comment: str = ""
) -> Evaluation:
    """Confirm a declaration, correcting answers the city finds wrong; a correction needs a
    comment, which the facility sees beside its status."""
    ensure(user, "loyalty.manage")
    comment = comment.strip()
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.state == EvaluationState.DRAFT:
            raise ValidationError(NOT_DECLARED, code="not_declared")
        if evaluation.state == EvaluationState.VERIFIED:
            raise ValidationError(ALREADY_VERIFIED, code="already_verified")
        stored = {a.criterion_id: a for a in evaluation.answers.all()}
        changed = [stored[pk] for pk, meets in answers.items() if pk in stored and stored[pk].meets != meets]
        if changed and not comment:
            raise ValidationError(CORRECTION_NEEDS_COMMENT, code="comment_required")
        for answer in changed:
            answer.declared_meets = answer.meets
            answer.meets = answers[answer.criterion_id]
            answer.save(update_fields=["declared_meets", "meets"])
        outcome = status_for(met=met_counts(evaluation=evaluation), thresholds=evaluation.thresholds)
        evaluation.status = outcome.status
        evaluation.state = EvaluationState.VERIFIED
        evaluation.verified_at = timezone.now()
        evaluation.verified_by = user
        evaluation.verification_comment = comment
        evaluation.save()
        notify(
            recipients=facility_managers(facility=evaluation.facility),
            event="loyalty.evaluation_verified",
            title=VERIFIED_TITLE % {"name": evaluation.facility.name},
            body=comment,
            url=reverse("loyalty:facility", args=[evaluation.facility_id]),
        )
    return evaluation
