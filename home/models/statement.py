"""The accessibility statement (deklaracja dostępności) the act of 4 April 2019 requires.

Each part the act and the government's template ask for is its own field, so an
editor cannot leave one out, and the page renders them with the ids of the official
template (``a11y-wstep``, ``a11y-status``, ``a11y-kontakt``…) that the monitoring
tools of the Ministry read.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField

from ..i18n import localize_pages
from .base import BasePage

ERROR_LIST_REQUIRED = _(
    "List the content that is not accessible, and why, unless the site is fully compliant."
)
ERROR_AUDITOR_REQUIRED = _("Name who carried out the external assessment.")
ERROR_UPDATE_BEFORE_PUBLICATION = _("The last update cannot be earlier than the publication of the website.")
ERROR_PREPARED_BEFORE_PUBLICATION = _("The statement cannot be prepared before the website was published.")

TEXT_FEATURES = ["bold", "italic", "link", "ul", "ol"]


class Compliance(models.TextChoices):
    FULL = "full", _("fully compliant")
    PARTIAL = "partial", _("partially compliant")
    NONE = "none", _("not compliant")


class AssessmentMethod(models.TextChoices):
    SELF = "self", _("self-assessment by the public body")
    EXTERNAL = "external", _("assessment by an external body")


class InaccessibleContentBlock(blocks.StructBlock):
    content = blocks.CharBlock(label=_("Content that is not accessible"), max_length=300)
    reason = blocks.TextBlock(label=_("Why, and what is offered instead"), max_length=1000)
    exempt = blocks.BooleanBlock(
        label=_("Exempt under art. 3(2) of the act"),
        required=False,
        help_text=_(
            "E.g. maps whose information is also given accessibly, or files published before the act."
        ),
    )

    class Meta:
        icon = "warning"
        label = _("Content that is not accessible")


class AccessibilityStatementPage(BasePage):
    entity_name = models.CharField(
        _("public body"), max_length=200, help_text=_("The public body that runs the website.")
    )
    website_name = models.CharField(_("website name"), max_length=200)
    published_on = models.DateField(_("date of publication of the website"))
    updated_on = models.DateField(_("date of the last significant update"))
    compliance = models.CharField(
        _("compliance with the act"), max_length=10, choices=Compliance.choices, default=Compliance.PARTIAL
    )
    inaccessible_content = StreamField(
        [("item", InaccessibleContentBlock())], blank=True, verbose_name=_("content that is not accessible")
    )
    prepared_on = models.DateField(_("date the statement was prepared"))
    reviewed_on = models.DateField(_("date of the last review of the statement"), null=True, blank=True)
    assessment_method = models.CharField(
        _("how the statement was prepared"),
        max_length=10,
        choices=AssessmentMethod.choices,
        default=AssessmentMethod.SELF,
    )
    auditor = models.CharField(_("external assessor"), max_length=200, blank=True)
    shortcuts = RichTextField(_("conveniences on the website"), blank=True, features=TEXT_FEATURES)
    contact_person = models.CharField(_("contact person"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact phone"), max_length=30)
    feedback = RichTextField(_("feedback and requests"), features=TEXT_FEATURES)
    procedure = RichTextField(
        _("enforcement procedure"),
        features=TEXT_FEATURES,
        help_text=_("Requests for accessibility, complaints and the Commissioner for Human Rights."),
    )
    architecture = RichTextField(_("architectural accessibility"), features=TEXT_FEATURES)
    mobile_apps = RichTextField(_("mobile applications"), features=TEXT_FEATURES)

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("entity_name"), FieldPanel("website_name")]),
        FieldRowPanel([FieldPanel("published_on"), FieldPanel("updated_on")]),
        MultiFieldPanel(
            [FieldPanel("compliance"), FieldPanel("inaccessible_content")], heading=_("Compliance status")
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("prepared_on"), FieldPanel("reviewed_on")]),
                FieldRowPanel([FieldPanel("assessment_method"), FieldPanel("auditor")]),
            ],
            heading=_("Preparation of the statement"),
        ),
        FieldPanel("shortcuts"),
        MultiFieldPanel(
            [
                FieldPanel("contact_person"),
                FieldRowPanel([FieldPanel("contact_email"), FieldPanel("contact_phone")]),
                FieldPanel("feedback"),
            ],
            heading=_("Feedback and contact details"),
        ),
        FieldPanel("procedure"),
        FieldPanel("architecture"),
        FieldPanel("mobile_apps"),
    ]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("accessibility statement")

    def clean(self):
        super().clean()
        errors = {}
        if self.compliance != Compliance.FULL and not len(self.inaccessible_content):
            errors["inaccessible_content"] = ERROR_LIST_REQUIRED
        if self.assessment_method == AssessmentMethod.EXTERNAL and not self.auditor.strip():
            errors["auditor"] = ERROR_AUDITOR_REQUIRED
        if self.published_on and self.updated_on and self.updated_on < self.published_on:
            errors["updated_on"] = ERROR_UPDATE_BEFORE_PUBLICATION
        if self.published_on and self.prepared_on and self.prepared_on < self.published_on:
            errors["prepared_on"] = ERROR_PREPARED_BEFORE_PUBLICATION
        if errors:
            raise ValidationError(errors)

    def inaccessible_items(self) -> dict:
        """Non-compliances and exemptions, apart, as the template lists them."""
        items = [block.value for block in self.inaccessible_content]
        return {
            "non_compliant": [item for item in items if not item["exempt"]],
            "exempt": [item for item in items if item["exempt"]],
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        site = self.get_site()
        home = localize_pages([site.root_page])[site.root_page_id] if site else None
        home_url = home.get_url(request=request) if home else "/"
        context["statement"] = {
            "entity_html": format_html('<span id="a11y-podmiot">{}</span>', self.entity_name),
            "website_html": format_html('<a id="a11y-url" href="{}">{}</a>', home_url, self.website_name),
            "items": self.inaccessible_items(),
            "phone_uri": "".join(c for c in self.contact_phone if c.isdigit() or c == "+"),
        }
        return context
