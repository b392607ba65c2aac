"""Who may use the monitoring base: an organisation's access, its co-controller agreements and staff roles."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import AccessRoute, AccessState, MonitoringRole


class MonitoringAccess(models.Model):
    """An organisation's account in the monitoring base (konto w BM2); active only after an agreement."""

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="monitoring_access",
        verbose_name=_("organisation"),
    )
    state = models.CharField(
        _("state"), max_length=20, choices=AccessState.choices, default=AccessState.REQUESTED
    )
    route = models.CharField(
        _("route"), max_length=20, choices=AccessRoute.choices, default=AccessRoute.REQUEST
    )
    contract = models.ForeignKey(
        "competitions.Contract",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("contract"),
    )
    message = models.TextField(_("message of the organisation"), blank=True, max_length=2000)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    activated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    activated_at = models.DateTimeField(_("activated"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring access")
        verbose_name_plural = _("monitoring accesses")
        ordering = ["-requested_at"]

    def __str__(self):
        return f"{self.organisation} ({self.get_state_display()})"

    @property
    def is_active(self) -> bool:
        return self.state == AccessState.ACTIVE


class CoControllerAgreement(models.Model):
    """A signed agreement on co-controlling personal data (umowa o współadministrowanie danymi)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="monitoring_agreements",
        verbose_name=_("organisation"),
    )
    version = models.CharField(_("version of the agreement"), max_length=40)
    signed_on = models.DateField(_("signed on"))
    signatory = models.CharField(_("signed for the organisation by"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("co-controller agreement")
        verbose_name_plural = _("co-controller agreements")
        ordering = ["-signed_on", "-recorded_at"]

    def __str__(self):
        return f"{self.organisation} – {self.version} ({self.signed_on})"


class StaffRole(models.Model):
    """A member's monitoring role in their organisation, given by the organisation's admin."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="monitoring_staff",
        verbose_name=_("organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="monitoring_roles",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=20, choices=MonitoringRole.choices)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("monitoring role")
        verbose_name_plural = _("monitoring roles")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="monitoring_staff_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"
