"""Group activities with sessions and attendance, and individual support."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import ActivityType, AttendanceStatus, SupportType


class Activity(models.Model):
    """A group activity of a project (zajęcia grupowe): its type, schedule, leader and group."""

    project = models.ForeignKey(
        "monitoring.Project", on_delete=models.CASCADE, related_name="activities", verbose_name=_("project")
    )
    title = models.CharField(_("title"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=ActivityType.choices)
    schedule = models.CharField(
        _("schedule"), max_length=200, help_text=_("E.g. Tuesdays and Thursdays, 16:00–17:30.")
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("leader"),
    )
    members = models.ManyToManyField(
        "monitoring.Participant", blank=True, related_name="activities", verbose_name=_("group")
    )

    class Meta:
        verbose_name = _("group activity")
        verbose_name_plural = _("group activities")
        ordering = ["title"]

    def __str__(self):
        return self.title


class Session(models.Model):
    """One meeting of a group activity; one per activity, day and starting time."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("activity")
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-date", "-starts_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "date", "starts_at"], name="monitoring_session_unique"
            ),
        ]

    def __str__(self):
        return f"{self.activity} – {self.date} {self.starts_at:%H:%M}"


class Attendance(models.Model):
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        "monitoring.Participant",
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("participant"),
    )
    status = models.CharField(_("attendance"), max_length=10, choices=AttendanceStatus.choices)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="monitoring_attendance_unique"),
        ]

    def __str__(self):
        return f"{self.participant} – {self.get_status_display()}"


class IndividualSupport(models.Model):
    """Individual support given to a participant within a project (wsparcie indywidualne)."""

    project = models.ForeignKey(
        "monitoring.Project", on_delete=models.CASCADE, related_name="support", verbose_name=_("project")
    )
    participant = models.ForeignKey(
        "monitoring.Participant",
        on_delete=models.CASCADE,
        related_name="support",
        verbose_name=_("participant"),
    )
    type = models.CharField(_("type of support"), max_length=20, choices=SupportType.choices)
    date = models.DateField(_("date"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("staff member"),
    )

    class Meta:
        verbose_name = _("individual support")
        verbose_name_plural = _("individual support")
        ordering = ["-date", "pk"]

    def __str__(self):
        return f"{self.get_type_display()} – {self.date}"
