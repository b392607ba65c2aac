"""Read queries of the effects stage."""

from ..models import Goal


def goals_of(participant):
    """The participant's goals, each with ``baseline`` and ``latest`` assessments and the change."""
    goals = list(
        Goal.objects.filter(participant=participant).select_related("project").prefetch_related("assessments")
    )
    for goal in goals:
        assessments = list(goal.assessments.all())
        goal.baseline = assessments[0] if assessments else None
        goal.latest = assessments[-1] if len(assessments) > 1 else None
        goal.change = goal.latest.score - goal.baseline.score if goal.latest else None
    return goals
