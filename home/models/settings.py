from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField

from ..blocks import FooterColumnBlock, LinkBlock


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    main_menu = StreamField([("link", LinkBlock())], blank=True, verbose_name=_("main menu"))

    panels = [FieldPanel("main_menu")]

    class Meta:
        verbose_name = _("main navigation")


@register_setting(icon="doc-empty")
class FooterSettings(BaseSiteSetting):
    columns = StreamField([("column", FooterColumnBlock())], blank=True, verbose_name=_("columns"))
    contact = RichTextField(_("contact details"), blank=True, features=["bold", "link"])
    copyright_notice = models.CharField(_("copyright notice"), max_length=200, blank=True)
    # Site settings have no translations: the English site shows these, else the Polish ones.
    contact_en = RichTextField(_("contact details in English"), blank=True, features=["bold", "link"])
    copyright_notice_en = models.CharField(_("copyright notice in English"), max_length=200, blank=True)

    panels = [
        FieldPanel("columns"),
        FieldPanel("contact"),
        FieldPanel("copyright_notice"),
        FieldPanel("contact_en"),
        FieldPanel("copyright_notice_en"),
    ]

    class Meta:
        verbose_name = _("footer")
