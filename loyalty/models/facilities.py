"""Facilities (placówki wsparcia dziennego) and the people who manage them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import FacilityState


class Facility(models.Model):
    """A day-support facility (placówka wsparcia dziennego) run by an organisation at one of its places."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="loyalty_facilities",
        verbose_name=_("organisation"),
    )
    place = models.OneToOneField(
        "organisations.Place",
        on_delete=models.PROTECT,
        related_name="loyalty_facility",
        verbose_name=_("place of activity"),
    )
    name = models.CharField(_("name of the facility"), max_length=200)
    state = models.CharField(
        _("registration"), max_length=20, choices=FacilityState.choices, default=FacilityState.PENDING
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name

    @property
    def is_approved(self) -> bool:
        return self.state == FacilityState.APPROVED


class FacilityManager(models.Model):
    """A member of the running organisation who manages the facility in the programme.

    Kept here rather than as a role in organisations: it binds a person to one facility,
    and it counts only while the person is still a member of the organisation.
    """

    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="managers", verbose_name=_("facility")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="managed_facilities",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("facility manager")
        verbose_name_plural = _("facility managers")
        constraints = [
            models.UniqueConstraint(fields=["facility", "user"], name="loyalty_manager_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.facility}"
