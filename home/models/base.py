from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from ..cache import GenerationMemo

_restrictions = GenerationMemo(maxsize=1)


def any_view_restrictions() -> bool:
    """Whether any page is private (memoised; saving or deleting a restriction bumps the generation)."""
    return _restrictions.get("any", PageViewRestriction.objects.exists)


def public_pages(queryset):
    """``queryset.public()``, without its query while no page is private."""
    return queryset.public() if any_view_restrictions() else queryset


class BasePage(Page):
    """Fields and context every public page shares: SEO, sharing and search."""

    introduction = models.TextField(
        _("introduction"),
        blank=True,
        max_length=500,
        help_text=_("One or two sentences shown under the title, in listings and in search results."),
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("sharing image"),
        help_text=_("Shown when the page is shared on social media (1200×630 works best)."),
    )
    noindex = models.BooleanField(
        _("hide from search engines"),
        default=False,
        help_text=_("Ask search engines not to list this page."),
    )

    search_fields = Page.search_fields + [index.SearchField("introduction")]
    content_panels = Page.content_panels + [FieldPanel("introduction")]
    promote_panels = [
        MultiFieldPanel(Page.promote_panels, heading=_("Common page settings")),
        MultiFieldPanel(
            [FieldPanel("social_image"), FieldPanel("noindex")], heading=_("Sharing and search engines")
        ),
    ]

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        return self.search_description or self.introduction

    def get_view_restrictions(self):
        # Wagtail checks these before serving a page (two queries): none while no page is private.
        if not any_view_restrictions():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()

    def get_breadcrumbs(self):
        """Ancestors below the site root, for the breadcrumb trail (one query)."""
        return self.get_ancestors().filter(depth__gt=2).specific(defer=True).live()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["breadcrumbs"] = self.get_breadcrumbs() if self.depth > 3 else []
        return context
