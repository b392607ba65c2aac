from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetitionMode(models.TextChoices):
    OPEN = "open", _("Open competition (art. 13)")
    SMALL_GRANT = "small_grant", _("Small grant (art. 19a)")


class CompetitionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ANNOUNCED = "announced", _("Open for offers")
    CLOSED = "closed", _("Closed for offers")
    RESULTS_PUBLISHED = "results_published", _("Results published")
    CANCELLED = "cancelled", _("Cancelled")


# States in which the competition is visible to the public.
PUBLIC_STATES = (
    CompetitionState.ANNOUNCED,
    CompetitionState.CLOSED,
    CompetitionState.RESULTS_PUBLISHED,
    CompetitionState.CANCELLED,
)


class OfferState(models.TextChoices):
    """One field from the first draft to settlement (see ``Offer``'s transitions)."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Formal check (part 2).
    FORMALLY_CORRECT = "formally_correct", _("Formally correct")
    RETURNED = "returned", _("Returned for correction")
    CORRECTED = "corrected", _("Replaced by a corrected version")
    FORMALLY_REJECTED = "formally_rejected", _("Formally rejected")
    # Results.
    GRANTED = "granted", _("Grant awarded")
    NOT_GRANTED = "not_granted", _("Not granted")
    # Contract and reports.
    CONTRACTED = "contracted", _("Contract signed")
    SETTLED = "settled", _("Settled")
    TERMINATED = "terminated", _("Contract terminated")


class FormalOutcome(models.TextChoices):
    CORRECT = "correct", _("Formally correct")
    RETURNED = "returned", _("Returned for correction")
    REJECTED = "rejected", _("Formally rejected")


class OfferUpdateState(models.TextChoices):
    """The updated cost calculation and schedule (aktualizacja) when less was granted than requested."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")


class ContractState(models.TextChoices):
    PREPARED = "prepared", _("Prepared")
    SENT = "sent", _("Sent for signature")
    SIGNED = "signed", _("Signed")
    TERMINATED = "terminated", _("Terminated")
    SETTLED = "settled", _("Settled")


class ReportKind(models.TextChoices):
    PARTIAL = "partial", _("Partial report")
    FINAL = "final", _("Final report")


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned with comments")
    ACCEPTED = "accepted", _("Accepted")
