from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetitionMode(models.TextChoices):
    OPEN = "open", _("Open competition (art. 13)")
    SMALL_GRANT = "small_grant", _("Small grant (art. 19a)")


class CompetitionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ANNOUNCED = "announced", _("Open for offers")
    CLOSED = "closed", _("Closed for offers")
    CANCELLED = "cancelled", _("Cancelled")


# States in which the competition is visible to the public.
PUBLIC_STATES = (CompetitionState.ANNOUNCED, CompetitionState.CLOSED, CompetitionState.CANCELLED)


class OfferState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    WITHDRAWN = "withdrawn", _("Withdrawn")
