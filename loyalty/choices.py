"""The programme's vocabulary, shared by every stage (registration, evaluation, rewards)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    """A level of the evaluation card and the status it leads to, lowest first."""

    STANDARD = "standard", "STANDARD"
    PREMIUM = "premium", "PREMIUM"
    VIP = "vip", "VIP"


# The order the statuses build on one another: each requires the one before it.
LEVEL_ORDER = [Level.STANDARD, Level.PREMIUM, Level.VIP]


def level_rank(level: str | None) -> int:
    """0 for no status, then 1, 2, 3 from STANDARD up; compares statuses."""
    return LEVEL_ORDER.index(level) + 1 if level else 0


class FacilityState(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    APPROVED = "approved", _("Approved")


class RoundState(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class EvaluationState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    DECLARED = "declared", _("Declared")
    VERIFIED = "verified", _("Verified by the city hall")


class RewardCategory(models.TextChoices):
    """The seed's example categories of rewards."""

    SERVICES = "services", _("Services")
    TRIPS = "trips", _("Trips")
    STAFF_TRAINING = "staff_training", _("Staff training")
    ATTRACTIONS = "attractions", _("Attractions for the children")
    TECHNOLOGY = "technology", _("Technology")
    DISCOUNTS = "discounts", _("Discounts")
    LENDING = "lending", _("Lending of equipment or rooms")


class PostKind(models.TextChoices):
    OFFER = "offer", _("We offer")
    NEED = "need", _("We need")
