"""Projects the monitoring base follows, and the schools they work around."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from organisations.choices import District

from ..choices import NATIONAL_ID_KINDS, AgeRange, ProjectKind


class School(models.Model):
    """A school that projects work around (the city's network of institutions around each school)."""

    name = models.CharField(_("name"), max_length=300)
    district = models.CharField(_("district"), max_length=20, choices=District.choices)
    rspo = models.CharField(_("RSPO number"), max_length=12, blank=True)

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Project(models.Model):
    """A project run by one organisation, or by a consortium led by it with partners."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="monitoring_projects",
        verbose_name=_("leading organisation"),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind of project"), max_length=30, choices=ProjectKind.choices)
    age_range = models.CharField(
        _("age range of the Local Support System"), max_length=10, choices=AgeRange.choices, blank=True
    )
    partners = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="monitoring_partner_projects",
        verbose_name=_("consortium partners"),
    )
    contract = models.ForeignKey(
        "competitions.Contract",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("funding contract"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    places = models.ManyToManyField(
        "organisations.Place", blank=True, related_name="+", verbose_name=_("places")
    )
    schools = models.ManyToManyField(School, blank=True, related_name="projects", verbose_name=_("schools"))
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-starts_on", "title"]

    def __str__(self):
        return self.title

    @property
    def requires_national_id(self) -> bool:
        return self.kind in NATIONAL_ID_KINDS

    @property
    def is_consortium(self) -> bool:
        return self.kind == ProjectKind.LSW
