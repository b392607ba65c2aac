"""Effects of support: a participant's goals, a baseline and later assessments on a scale."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The scale every assessment uses: 1 (far from the goal) to 5 (goal reached).
SCALE_MIN, SCALE_MAX = 1, 5


class Goal(models.Model):
    participant = models.ForeignKey(
        "monitoring.Participant",
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("participant"),
    )
    project = models.ForeignKey(
        "monitoring.Project", on_delete=models.CASCADE, related_name="goals", verbose_name=_("project")
    )
    description = models.CharField(_("goal"), max_length=300)
    created_on = models.DateField(_("set on"))

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["created_on", "pk"]

    def __str__(self):
        return self.description


class Assessment(models.Model):
    """A score of the goal on the scale; the first one is the baseline."""

    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("goal")
    )
    assessed_on = models.DateField(_("assessed on"))
    score = models.PositiveSmallIntegerField(_("score"))

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["assessed_on", "pk"]

    def __str__(self):
        return f"{self.goal} – {self.score} ({self.assessed_on})"
