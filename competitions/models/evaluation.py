"""Part 2 of a competition: the formal check, the committee's declarations and scores, the update.

Decisions that move an offer (correct, returned, rejected, granted) are states of
``Offer``; these models hold what each decision was based on.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from ..choices import FormalOutcome, OfferUpdateState


class FormalCheck(models.Model):
    """An official's formal check of one version of an offer against the competition's checklist.

    ``answers`` maps a ``FormalCheckItem`` pk (as a string) to ``{"met": bool, "note": str}``.
    A returned offer carries ``gaps`` (what to correct, one per line), the steps the
    organisation may change and the deadline; a rejected one carries the ``reason``.
    """

    offer = models.ForeignKey(
        "competitions.Offer", on_delete=models.CASCADE, related_name="formal_checks", verbose_name=_("offer")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=FormalOutcome.choices)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    gaps = models.TextField(_("gaps to correct"), blank=True)
    steps = models.JSONField(_("steps to correct"), default=list, blank=True)
    correction_deadline = models.DateTimeField(_("correct by"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    checked_at = models.DateTimeField(_("checked"), default=timezone.now)

    class Meta:
        verbose_name = _("formal check")
        verbose_name_plural = _("formal checks")
        ordering = ["checked_at", "pk"]

    def __str__(self):
        return f"{self.offer}: {self.get_outcome_display()}"


class ConflictDeclaration(models.Model):
    """A committee member's statement on conflicts of interest.

    With ``offer`` empty: the declaration of no conflict for the whole competition,
    which a member signs before seeing any offer. With ``offer`` set and
    ``has_conflict``: a conflict with that offer, which excludes the member from scoring it.
    """

    competition = models.ForeignKey(
        "competitions.Competition",
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("competition"),
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("committee member"),
    )
    offer = models.ForeignKey(
        "competitions.Offer",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="conflict_declarations",
        verbose_name=_("offer"),
    )
    has_conflict = models.BooleanField(_("conflict of interest"), default=False)
    statement = models.TextField(_("statement"), blank=True)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)

    class Meta:
        verbose_name = _("declaration on conflict of interest")
        verbose_name_plural = _("declarations on conflict of interest")
        ordering = ["declared_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "member"],
                condition=models.Q(offer__isnull=True),
                name="one_competition_declaration_per_member",
            ),
            models.UniqueConstraint(fields=["offer", "member"], name="one_offer_declaration_per_member"),
        ]

    def __str__(self):
        return f"{self.member}: {self.offer or self.competition}"


class ScoreSheet(models.Model):
    """One committee member's scores of one offer; others' sheets stay hidden until this one is submitted."""

    offer = models.ForeignKey(
        "competitions.Offer", on_delete=models.CASCADE, related_name="score_sheets", verbose_name=_("offer")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="score_sheets",
        verbose_name=_("committee member"),
    )
    total = models.DecimalField(_("points"), max_digits=7, decimal_places=2, default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        ordering = ["offer", "member"]
        constraints = [models.UniqueConstraint(fields=["offer", "member"], name="one_sheet_per_member")]

    def __str__(self):
        return f"{self.member}: {self.offer}"


class Score(models.Model):
    sheet = models.ForeignKey(ScoreSheet, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(
        "competitions.MeritCriterion", on_delete=models.PROTECT, related_name="+", verbose_name=_("criterion")
    )
    points = models.DecimalField(
        _("points"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    justification = models.TextField(_("justification"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        ordering = ["sheet", "criterion__sort_order", "criterion"]
        constraints = [models.UniqueConstraint(fields=["sheet", "criterion"], name="one_score_per_criterion")]

    def __str__(self):
        return f"{self.criterion}: {self.points}"


class OfferUpdate(ConcurrentTransitionMixin, models.Model):
    """Aktualizacja: the cost calculation and schedule updated to a grant lower than requested.

    ``content`` holds the updated "costs", "financing" and "schedule" in the shape of the
    offer's own steps, so the generator's rules check it the same way.
    """

    offer = models.OneToOneField(
        "competitions.Offer", on_delete=models.CASCADE, related_name="update", verbose_name=_("offer")
    )
    state = FSMField(
        _("state"), default=OfferUpdateState.DRAFT, choices=OfferUpdateState.choices, protected=True
    )
    content = models.JSONField(_("content"), default=dict, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    review_comment = models.TextField(_("comments of the official"), blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("updated cost calculation")
        verbose_name_plural = _("updated cost calculations")

    def __str__(self):
        return f"{self.offer}: {self.get_state_display()}"

    @transition(
        field=state,
        source=[OfferUpdateState.DRAFT, OfferUpdateState.RETURNED],
        target=OfferUpdateState.SUBMITTED,
    )
    def submit(self):
        pass

    @transition(field=state, source=OfferUpdateState.SUBMITTED, target=OfferUpdateState.RETURNED)
    def return_with_comments(self):
        pass

    @transition(field=state, source=OfferUpdateState.SUBMITTED, target=OfferUpdateState.ACCEPTED)
    def accept(self):
        pass
