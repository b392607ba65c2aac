"""A facility's declaration on the card in one round, and the city's verification of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import EvaluationState, Level
from ..rules import Thresholds
from .card import Category, Criterion
from .facilities import Facility
from .rounds import EvaluationRound


class Evaluation(models.Model):
    """One filled card. A facility's first card may come outside a round (its entry evaluation)."""

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("facility")
    )
    round = models.ForeignKey(
        EvaluationRound,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("round"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=EvaluationState.choices, default=EvaluationState.DRAFT
    )
    # The rule the status was computed with (the round's, or the current one for an entry card).
    standard_min = models.PositiveSmallIntegerField(null=True, blank=True)
    premium_min = models.PositiveSmallIntegerField(null=True, blank=True)
    vip_min = models.PositiveSmallIntegerField(null=True, blank=True)
    declared_status = models.CharField(_("declared status"), max_length=20, choices=Level.choices, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Level.choices, blank=True)
    declared_at = models.DateTimeField(_("declared"), null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    verification_comment = models.TextField(_("comment of the city hall"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["facility", "round"], name="loyalty_evaluation_once_per_round"),
            # Only one card outside a round: the entry evaluation.
            models.UniqueConstraint(
                fields=["facility"],
                condition=models.Q(round__isnull=True),
                name="loyalty_one_entry_evaluation",
            ),
        ]

    def __str__(self):
        return f"{self.facility} – {self.round or _('entry evaluation')}"

    @property
    def thresholds(self) -> Thresholds | None:
        if self.standard_min is None:
            return None
        return Thresholds(standard=self.standard_min, premium=self.premium_min, vip=self.vip_min)

    @property
    def is_declared(self) -> bool:
        return self.state != EvaluationState.DRAFT


class Answer(models.Model):
    """Meets / does not meet for one criterion; ``declared_meets`` keeps the facility's own word
    after an official corrects ``meets``."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="answers")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="answers")
    meets = models.BooleanField(_("meets"))
    declared_meets = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="loyalty_answer_unique"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.meets}"

    @property
    def is_corrected(self) -> bool:
        return self.declared_meets is not None and self.declared_meets != self.meets


class CategoryNote(models.Model):
    """The concrete projects and activities behind a category's answers."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="notes")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="+")
    projects = models.TextField(_("projects and activities"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "category"], name="loyalty_note_unique"),
        ]

    def __str__(self):
        return f"{self.category}: {self.projects[:60]}"
