"""The goods exchange point (Punkt Wymiany Dobra): facilities post what they offer or need."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import PostKind
from .facilities import Facility


class ExchangePost(models.Model):
    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="exchange_posts", verbose_name=_("facility")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=PostKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Closed when matched with another facility (or withdrawn, without a match).
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    matched_with = models.ForeignKey(
        Facility,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("matched with"),
    )

    class Meta:
        verbose_name = _("exchange post")
        verbose_name_plural = _("exchange posts")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ExchangeReply(models.Model):
    post = models.ForeignKey(ExchangePost, on_delete=models.CASCADE, related_name="replies")
    facility = models.ForeignKey(
        Facility, on_delete=models.CASCADE, related_name="+", verbose_name=_("facility")
    )
    message = models.TextField(_("message"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.facility}: {self.message[:60]}"
