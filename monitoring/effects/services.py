"""Effects of support: goals with a baseline, and later assessments on the same scale (1–5)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.permissions import ensure

from ..audit import audit_record
from ..choices import AuditAction
from ..models import SCALE_MAX, SCALE_MIN, Assessment, Enrolment, Goal

SCORE_OFF_SCALE = _("The score is on the scale from %(min)s to %(max)s.")
ASSESSED_IN_FUTURE = _("An assessment cannot be dated in the future.")
ASSESSED_BEFORE_BASELINE = _("An assessment cannot come before the goal's baseline (%(date)s).")
GOAL_PROJECT_NOT_ENROLLED = _("Goals are set in a project the participant is enrolled in.")


def _check_score(score: int) -> None:
    if not SCALE_MIN <= score <= SCALE_MAX:
        raise ValidationError({"score": SCORE_OFF_SCALE % {"min": SCALE_MIN, "max": SCALE_MAX}})


def goal_create(*, user, participant, project, description: str, baseline_on, baseline_score: int) -> Goal:
    """Set a goal for a participant with its baseline assessment (the first score)."""
    ensure(user, "monitoring.manage", participant.organisation)
    if not Enrolment.objects.filter(participant=participant, project=project).exists():
        raise ValidationError({"project": GOAL_PROJECT_NOT_ENROLLED})
    if baseline_on > timezone.localdate():
        raise ValidationError({"baseline_on": ASSESSED_IN_FUTURE})
    _check_score(baseline_score)
    with transaction.atomic():
        goal = Goal.objects.create(
            participant=participant, project=project, description=description, created_on=baseline_on
        )
        Assessment.objects.create(goal=goal, assessed_on=baseline_on, score=baseline_score)
        audit_record(
            user=user,
            organisation=participant.organisation,
            action=AuditAction.CREATE,
            participant=participant,
            what=f"goal {goal.pk} with baseline",
        )
    return goal


def assessment_add(*, user, goal, assessed_on, score: int) -> Assessment:
    participant = goal.participant
    ensure(user, "monitoring.use", participant.organisation)
    _check_score(score)
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": ASSESSED_IN_FUTURE})
    if assessed_on < goal.created_on:
        raise ValidationError(
            {"assessed_on": ASSESSED_BEFORE_BASELINE % {"date": goal.created_on.strftime("%d.%m.%Y")}}
        )
    with transaction.atomic():
        assessment = Assessment.objects.create(goal=goal, assessed_on=assessed_on, score=score)
        audit_record(
            user=user,
            organisation=participant.organisation,
            action=AuditAction.CREATE,
            participant=participant,
            what=f"assessment of goal {goal.pk}",
        )
    return assessment
