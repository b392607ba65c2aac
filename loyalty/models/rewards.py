"""Reward baskets and the append-only ledger of claims (first come, first served)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import Level, RewardCategory
from .facilities import Facility


class Reward(models.Model):
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=RewardCategory.choices)
    # Higher statuses may claim lower-level rewards (the seed).
    min_status = models.CharField(_("minimum status"), max_length=20, choices=Level.choices)
    pool = models.PositiveIntegerField(_("pool (how many can be claimed)"))
    claim_opens_at = models.DateTimeField(_("claims open"))
    claim_closes_at = models.DateTimeField(_("claims close"))
    monthly_limit = models.PositiveSmallIntegerField(
        _("claims per facility per month"),
        null=True,
        blank=True,
        help_text=_("Leave empty for no limit; e.g. 1 for a reward that can be claimed once a month."),
    )
    collection = models.TextField(_("how it is collected"), blank=True)
    is_withdrawn = models.BooleanField(_("withdrawn"), default=False)
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reward")
        verbose_name_plural = _("rewards")
        ordering = ["claim_closes_at", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(claim_closes_at__gt=models.F("claim_opens_at")),
                name="loyalty_reward_window_ordered",
            ),
        ]

    def __str__(self):
        return self.name


class TrainingSession(models.Model):
    """A dated session of a reward that is a training: facilities register for a seat directly."""

    reward = models.ForeignKey(
        Reward, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("reward")
    )
    starts_at = models.DateTimeField(_("starts"))
    venue = models.CharField(_("venue"), max_length=200)
    capacity = models.PositiveSmallIntegerField(_("seats"))

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "pk"]

    def __str__(self):
        return f"{self.reward} – {self.starts_at:%d.%m.%Y %H:%M}"


class RewardClaim(models.Model):
    """One claim; never changed or deleted. A cancellation is its own record beside it."""

    reward = models.ForeignKey(
        Reward, on_delete=models.PROTECT, related_name="claims", verbose_name=_("reward")
    )
    facility = models.ForeignKey(
        Facility, on_delete=models.PROTECT, related_name="reward_claims", verbose_name=_("facility")
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("claimed by"),
    )
    session = models.ForeignKey(
        TrainingSession,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name=_("training session"),
    )
    status_at_claim = models.CharField(_("status when claimed"), max_length=20, choices=Level.choices)
    created_at = models.DateTimeField(_("claimed"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("reward claim")
        verbose_name_plural = _("reward claims")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.facility} – {self.reward}"

    @property
    def cancelled_at(self):
        """When the claim went back to the pool; None while it holds."""
        try:
            return self.cancellation.created_at
        except ClaimCancellation.DoesNotExist:  # the reverse one-to-one raises when absent
            return None


class ClaimCancellation(models.Model):
    """Returns a claim to the pool, keeping the claim itself in the ledger."""

    claim = models.OneToOneField(RewardClaim, on_delete=models.PROTECT, related_name="cancellation")
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("cancelled"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim cancellation")
        verbose_name_plural = _("claim cancellations")

    def __str__(self):
        return str(self.claim)
