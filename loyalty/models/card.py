"""The evaluation card (karta ewaluacji): categories and their criteria, edited by the city."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import Level


class Category(models.Model):
    """One of the card's categories, e.g. "socjoterapia"."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("card category")
        verbose_name_plural = _("card categories")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.name


class CriterionQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Criterion(models.Model):
    """A statement the facility answers with meets / does not meet, on one level of a category."""

    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("category")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    text = models.TextField(_("criterion"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Answers refer to criteria: a criterion the city drops is retired, never deleted.
    is_active = models.BooleanField(_("in use"), default=True)

    objects = CriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["category__order", "category", "order", "pk"]

    def __str__(self):
        return f"{self.category} ({self.get_level_display()}): {self.text[:60]}"


class RewardedActivity(models.Model):
    """An activity that raises a facility's standing (lista premiowanych działań), e.g. a
    partnership; shown to facilities beside the card category it counts towards."""

    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="rewarded_activities",
        verbose_name=_("card category"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("rewarded activity")
        verbose_name_plural = _("rewarded activities")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name
