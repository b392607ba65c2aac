"""Organisations, the people in them, where they work and whom they invite."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from portal.validators import (
    validate_krs,
    validate_nip,
    validate_phone,
    validate_postal_code,
    validate_regon,
    validate_url,
)

from ..choices import District, LegalForm, PlaceKind
from ..validators import validate_logo

INVITATION_VALID_FOR = timedelta(days=14)


class PublicBenefitSphere(models.Model):
    """A sphere of public tasks from art. 4 sec. 1 of the public-benefit act (sfera pożytku publicznego).

    The statutory list is data (loaded by a migration), so an amendment of the
    act is a data change, not a code change.
    """

    code = models.CharField(_("point of art. 4 sec. 1"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=300)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("sphere of public benefit")
        verbose_name_plural = _("spheres of public benefit")
        ordering = ["position"]

    def __str__(self):
        return self.name


class OrganisationQuerySet(models.QuerySet):
    def public(self):
        """Organisations residents may see: suspended ones are hidden everywhere public."""
        return self.filter(is_suspended=False)


class Organisation(models.Model):
    """A non-governmental organisation with an account on the portal."""

    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    legal_form = models.CharField(_("legal form"), max_length=40, choices=LegalForm.choices)
    krs = models.CharField(
        _("KRS number"),
        max_length=10,
        blank=True,
        validators=[validate_krs],
        help_text=_("Ten digits from the National Court Register, if registered there."),
    )
    nip = models.CharField(
        _("NIP"),
        max_length=10,
        unique=True,
        validators=[validate_nip],
        help_text=_("Ten digits, without dashes."),
    )
    regon = models.CharField(
        _("REGON"),
        max_length=14,
        blank=True,
        validators=[validate_regon],
        help_text=_("Nine or fourteen digits."),
    )
    is_public_benefit = models.BooleanField(_("public-benefit organisation (OPP)"), default=False)
    district = models.CharField(_("district"), max_length=20, choices=District.choices)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(
        _("postal code"),
        max_length=6,
        blank=True,
        validators=[validate_postal_code],
        help_text=_("In the form 00-000."),
    )
    city = models.CharField(_("city"), max_length=100, default="Warszawa")
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True, validators=[validate_phone])
    website = models.URLField(_("website"), blank=True, validators=[validate_url])
    description = models.TextField(_("description"), blank=True, max_length=5000)
    logo = models.ImageField(
        _("logo"),
        upload_to="organisations/logos/",
        blank=True,
        validators=[validate_logo],
        help_text=_("PNG, JPEG or WebP, at most 2 MB."),
    )
    spheres = models.ManyToManyField(
        PublicBenefitSphere,
        blank=True,
        related_name="organisations",
        verbose_name=_("spheres of public benefit"),
    )
    is_suspended = models.BooleanField(_("suspended"), default=False)
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["krs"], condition=~models.Q(krs=""), name="organisation_unique_krs"
            ),
        ]
        indexes = [models.Index(fields=["is_suspended", "district"], name="organisation_directory")]

    def __str__(self):
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._unique_slug()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.is_suspended and not self.suspension_reason.strip():
            from django.core.exceptions import ValidationError

            from ..services.organisations import SUSPENSION_NEEDS_REASON

            raise ValidationError({"suspension_reason": SUSPENSION_NEEDS_REASON})

    def _unique_slug(self) -> str:
        base = slugify((self.short_name or self.name).translate(_POLISH_LETTERS))[:230] or "organizacja"
        slug, n = base, 2
        while Organisation.objects.filter(slug=slug).exclude(pk=self.pk).exists():
            slug, n = f"{base}-{n}", n + 1
        return slug


_POLISH_LETTERS = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


class Membership(models.Model):
    """A person's membership of an organisation; admins manage the organisation's account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    is_admin = models.BooleanField(_("organisation administrator"), default=False)
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"


class Place(models.Model):
    """Where an organisation is active: its seat, a facility or an activity point, on the city map."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="places", verbose_name=_("organisation")
    )
    kind = models.CharField(_("kind of place"), max_length=20, choices=PlaceKind.choices)
    name = models.CharField(_("name of the place"), max_length=200)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=6, validators=[validate_postal_code])
    district = models.CharField(_("district"), max_length=20, choices=District.choices)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    class Meta:
        verbose_name = _("place of activity")
        verbose_name_plural = _("places of activity")
        ordering = ["organisation", "kind", "name"]
        indexes = [models.Index(fields=["district"], name="place_district")]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    def clean(self):
        from ..validators import validate_coordinates_in_city

        super().clean()
        if self.latitude is not None and self.longitude is not None:
            validate_coordinates_in_city(self.latitude, self.longitude)


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An organisation admin's invitation for a colleague to join the organisation's account."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organisation")
    )
    email = models.EmailField(_("e-mail address"))
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    make_admin = models.BooleanField(_("as an administrator"), default=False)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = timezone.now() + INVITATION_VALID_FOR
        super().save(*args, **kwargs)

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > timezone.now()
