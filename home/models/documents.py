from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document


class DocumentCategory(models.TextChoices):
    OFFERS = "offers", _("Offer templates")
    CONTRACTS = "contracts", _("Contract templates")
    REPORTS = "reports", _("Report templates")
    REGULATIONS = "regulations", _("Regulations and resolutions")
    INSTRUCTIONS = "instructions", _("Instructions and guides")
    OTHER = "other", _("Other documents")


class LibraryDocument(AbstractDocument):
    """A downloadable file; the document library groups them by category."""

    category = models.CharField(
        _("category"), max_length=20, choices=DocumentCategory.choices, default=DocumentCategory.OTHER
    )
    description = models.TextField(_("description"), blank=True, max_length=500)

    admin_form_fields = Document.admin_form_fields + ("category", "description")

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")
