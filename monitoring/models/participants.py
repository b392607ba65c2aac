"""Participants, their families (households), consents and enrolments in projects."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.choices import District

from ..choices import ConsentScope, Gender
from ..crypto import decrypt_text, mask_national_id


class Family(models.Model):
    """A household whose members take part in the organisation's projects."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name of the family"), max_length=200)
    district = models.CharField(_("district"), max_length=20, choices=District.choices, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("family")
        verbose_name_plural = _("families")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Participant(models.Model):
    """A child, young person or adult supported by the organisation; only the data the monitoring needs."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    family = models.ForeignKey(
        Family,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("family"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices, default=Gender.UNDISCLOSED)
    district = models.CharField(_("district"), max_length=20, choices=District.choices, blank=True)
    school = models.ForeignKey(
        "monitoring.School",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("school"),
    )
    # "first last" case-folded: duplicates are found the same way on SQLite, whose LIKE folds only ASCII.
    name_key = models.CharField(max_length=201, editable=False, default="")
    # Fernet token (monitoring.crypto); never shown whole.
    national_id_encrypted = models.TextField(blank=True, editable=False)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("possible duplicate of"),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["last_name", "first_name", "pk"]
        indexes = [
            models.Index(fields=["organisation", "last_name", "first_name"], name="participant_name"),
            models.Index(fields=["organisation", "name_key", "birth_date"], name="participant_duplicates"),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    def save(self, *args, **kwargs):
        self.name_key = f"{self.first_name.strip()} {self.last_name.strip()}".casefold()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "name_key"}
        super().save(*args, **kwargs)

    @property
    def national_id_masked(self) -> str:
        return mask_national_id(decrypt_text(self.national_id_encrypted))


class Consent(models.Model):
    """A consent given for a participant (by them or a parent), and its withdrawal."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="consents", verbose_name=_("participant")
    )
    scope = models.CharField(_("scope"), max_length=30, choices=ConsentScope.choices)
    given_on = models.DateField(_("given on"))
    given_by = models.CharField(_("given by"), max_length=200, help_text=_("E.g. the mother, Anna Nowak."))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "pk"]

    def __str__(self):
        return f"{self.get_scope_display()} ({self.given_on})"


class Enrolment(models.Model):
    """A participant's taking part in a project, from a start until an end (open while it lasts)."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("participant")
    )
    project = models.ForeignKey(
        "monitoring.Project", on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("project")
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-starts_on", "pk"]

    def __str__(self):
        return f"{self.participant} – {self.project}"

    def covers(self, day) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)


class Share(models.Model):
    """A participant shared with a consortium partner for one project, resting on a consent."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="shares", verbose_name=_("participant")
    )
    project = models.ForeignKey(
        "monitoring.Project", on_delete=models.CASCADE, related_name="shares", verbose_name=_("project")
    )
    partner = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("partner")
    )
    consent = models.ForeignKey(
        Consent, on_delete=models.CASCADE, related_name="shares", verbose_name=_("consent")
    )
    shared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    shared_at = models.DateTimeField(_("shared"), auto_now_add=True)

    class Meta:
        verbose_name = _("share with a partner")
        verbose_name_plural = _("shares with partners")
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "project", "partner"], name="monitoring_share_unique"
            ),
        ]

    def __str__(self):
        return f"{self.participant} → {self.partner}"
