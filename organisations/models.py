from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from .choices import ADMIN_ROLES, GROUP_ROLES, SECOND_FACTOR_ROLES, District, LegalForm, Role
from .validators import validate_krs, validate_nip, validate_regon


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username):
        return self.get(**{f"{self.model.USERNAME_FIELD}__iexact": username})


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with an e-mail address."""

    email = models.EmailField(_("e-mail address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Whether the user can sign in to the administration panel."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "email"]

    def __str__(self):
        return self.get_full_name() or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    @cached_property
    def roles(self) -> frozenset[Role]:
        """The person's roles, read once per request (two small queries)."""
        names = self.groups.values_list("name", flat=True)
        roles = {GROUP_ROLES[name] for name in names if name in GROUP_ROLES}
        if self.memberships.exists():
            roles.add(Role.NGO_MEMBER)
        return frozenset(roles)

    def has_role(self, role: Role) -> bool:
        return role in self.roles

    @property
    def requires_second_factor(self) -> bool:
        return self.is_superuser or bool(self.roles & SECOND_FACTOR_ROLES)

    @property
    def works_in_admin(self) -> bool:
        return self.is_superuser or bool(self.roles & ADMIN_ROLES)


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
    nip = models.CharField(_("NIP"), max_length=10, unique=True, validators=[validate_nip])
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    is_public_benefit = models.BooleanField(_("public-benefit organisation (OPP)"), default=False)
    district = models.CharField(_("district"), max_length=20, choices=District.choices)
    street_address = models.CharField(_("street address"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=6, blank=True)
    city = models.CharField(_("city"), max_length=100, default="Warszawa")
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_suspended = models.BooleanField(_("suspended"), default=False)
    suspension_reason = models.TextField(_("reason for suspension"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["krs"], condition=~models.Q(krs=""), name="organisation_unique_krs"
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.short_name or self.name)[:240] or "organizacja"
        super().save(*args, **kwargs)


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
