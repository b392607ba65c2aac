"""Evaluation rounds (each September and March) and the rule that turns answers into a status."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import RoundState
from ..rules import DEFAULT_THRESHOLDS, Thresholds


class StatusRule(models.Model):
    """How many criteria of each level a status needs. The newest rule is the current one;
    a round copies it when it opens, so a change takes effect in the next round only."""

    standard_min = models.PositiveSmallIntegerField(
        _("STANDARD: basic criteria met, at least"), default=DEFAULT_THRESHOLDS.standard
    )
    premium_min = models.PositiveSmallIntegerField(
        _("PREMIUM: premium-level criteria met, at least"), default=DEFAULT_THRESHOLDS.premium
    )
    vip_min = models.PositiveSmallIntegerField(
        _("VIP: VIP-level criteria met, at least"), default=DEFAULT_THRESHOLDS.vip
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("status rule")
        verbose_name_plural = _("status rules")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"STANDARD {self.standard_min} / PREMIUM {self.premium_min} / VIP {self.vip_min}"

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(standard=self.standard_min, premium=self.premium_min, vip=self.vip_min)


class EvaluationRound(models.Model):
    """A period in which facilities fill in the card; opened and closed by Celery beat."""

    name = models.CharField(_("name"), max_length=100)
    opens_at = models.DateTimeField(_("opens"))
    closes_at = models.DateTimeField(_("closes"))
    state = models.CharField(
        _("state"), max_length=20, choices=RoundState.choices, default=RoundState.SCHEDULED
    )
    # The rule in force for this round, copied from the current StatusRule when it opens.
    standard_min = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    premium_min = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    vip_min = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("evaluation round")
        verbose_name_plural = _("evaluation rounds")
        ordering = ["-opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="loyalty_round_closes_after_opening",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def thresholds(self) -> Thresholds | None:
        if self.standard_min is None:
            return None
        return Thresholds(standard=self.standard_min, premium=self.premium_min, vip=self.vip_min)

    @property
    def is_open(self) -> bool:
        return self.state == RoundState.OPEN
