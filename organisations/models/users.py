"""People: the user model (e-mail as login) and what roles they hold."""

from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.validators import validate_phone

from ..choices import ADMIN_ROLES, GROUP_ROLES, SECOND_FACTOR_ROLES, Role


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
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[validate_phone])
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
