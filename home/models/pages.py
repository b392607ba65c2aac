import html

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import CollectionViewRestriction, Page
from wagtail.search import index

from competitions.selectors import open_competitions

from ..blocks import BodyBlock, FAQCategoryBlock, LinkBlock
from ..cache import GenerationMemo, memoise_for_request
from ..i18n import foreign_language, localize_pages, translated_live_pages
from ..slugs import polish_slugify
from ..widgets import LocalLeafletPanel
from .base import BasePage, public_pages
from .documents import DocumentCategory, LibraryDocument

NEWS_PER_PAGE = 10
# Data a page takes from the database or renders, shared by every visitor until the generation changes.
_page_data = GenerationMemo(maxsize=1000)
CONTENT_CHILDREN = [
    "home.StandardPage",
    "home.FAQPage",
    "home.DocumentLibraryPage",
    "home.ConsultationPointPage",
    "home.AccessibilityStatementPage",
]


class HomePage(BasePage):
    hero_title = models.CharField(_("headline"), max_length=150)
    featured_links = StreamField(
        [("link", LinkBlock())],
        blank=True,
        verbose_name=_("featured links"),
        help_text=_("Shortcuts shown as tiles under the headline."),
    )
    map_teaser_title = models.CharField(_("map teaser title"), max_length=120, blank=True)
    map_teaser_text = models.TextField(_("map teaser text"), blank=True, max_length=400)
    map_teaser_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("map teaser link"),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("hero_title"),
        FieldPanel("featured_links"),
        MultiFieldPanel(
            [FieldPanel("map_teaser_title"), FieldPanel("map_teaser_text"), FieldPanel("map_teaser_page")],
            heading=_("Map teaser"),
        ),
    ]
    subpage_types = CONTENT_CHILDREN + ["home.NewsIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def latest_news(self, limit=3):
        """The newest news in this page's language, and those that exist only in another one."""
        news = public_pages(translated_live_pages(NewsItemPage, self)).order_by("-date", "-pk")[:limit]
        for item in news:
            item.foreign_language = foreign_language(item)
        return news

    def featured_tiles(self) -> list[dict]:
        """The featured links with the introduction of each linked page (1 + one query per page type)."""
        links = [block.value for block in self.featured_links]
        page_ids = [link["page"].pk for link in links if link["page"]]
        pages = Page.objects.filter(pk__in=page_ids).specific() if page_ids else []
        # Links point at the Polish pages; each tile shows the page in this page's language if it exists.
        localized = localize_pages(pages)
        tiles = []
        for link in links:
            page = localized.get(link["page"].pk) if link["page"] else None
            translated = page is not None and page.pk != link["page"].pk
            tiles.append(
                {
                    "page": page,
                    # An editor's label is written in the language of the page that holds the links.
                    "title": "" if translated and self.locale_id != page.locale_id else link["title"],
                    "url": link["url"],
                    "introduction": getattr(page, "introduction", ""),
                    "foreign_language": foreign_language(page) if page is not None else "",
                }
            )
        return tiles

    def highlights(self) -> dict:
        """What the home page shows from other pages; the same until something is published."""
        return {
            "featured_tiles": self.featured_tiles(),
            "map_teaser_page": self.map_teaser_page
            and localize_pages([self.map_teaser_page])[self.map_teaser_page.pk],
            "latest_news": list(self.latest_news()),
            "news_index": translated_live_pages(NewsIndexPage, self).first(),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(memoise_for_request(_page_data, request, ("home", self.pk), self.highlights))
        context["open_competitions"] = open_competitions()
        return context


def _plain(text: str) -> str:
    return " ".join(html.unescape(strip_tags(str(text))).split())


def body_after_lead(page) -> list:
    """``page.body`` without a first paragraph that only repeats the introduction.

    The template prints the introduction as the lead; a body that starts with the same words
    (as pasted articles and the old demo news did) would print it twice.
    """
    blocks = list(page.body)
    lead = _plain(page.introduction)
    if blocks and lead and blocks[0].block_type == "paragraph" and _plain(blocks[0].value) == lead:
        return blocks[1:]
    return blocks


class StandardPage(BasePage):
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))

    search_fields = BasePage.search_fields + [index.SearchField("body")]
    content_panels = BasePage.content_panels + [FieldPanel("body")]
    subpage_types = CONTENT_CHILDREN

    class Meta:
        verbose_name = _("content page")

    def body_after_lead(self):
        return body_after_lead(self)


class NewsIndexPage(BasePage):
    subpage_types = ["home.NewsItemPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def news_items(self):
        """Its news, and (on a translation) the news that exist only in the other language."""
        return public_pages(translated_live_pages(NewsItemPage, self)).order_by("-date", "-pk")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = self.news_items()
        # Counting every news item is the costly part: counted once per generation.
        count = memoise_for_request(_page_data, request, ("news-count", self.pk), items.count)
        paginator = _CountedPaginator(items, NEWS_PER_PAGE, count)
        context["news_page"] = paginator.get_page(request.GET.get("page"))
        for item in context["news_page"]:
            item.foreign_language = foreign_language(item)
        return context


class _CountedPaginator(Paginator):
    """A paginator told its item count instead of asking the database."""

    def __init__(self, object_list, per_page, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


class NewsItemPage(BasePage):
    date = models.DateField(_("date"), default=timezone.localdate)
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("image"),
    )
    body = StreamField(BodyBlock(), blank=True, verbose_name=_("content"))

    search_fields = BasePage.search_fields + [index.SearchField("body"), index.FilterField("date")]
    content_panels = BasePage.content_panels + [
        FieldPanel("date"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    parent_page_types = ["home.NewsIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("news item")
        # Newest first without sorting every item: lists walk this index and stop after a page.
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="home_news_date_idx")]

    def body_after_lead(self):
        return body_after_lead(self)


class FAQPage(BasePage):
    categories = StreamField(
        [("category", FAQCategoryBlock())], blank=True, verbose_name=_("questions and answers")
    )

    search_fields = BasePage.search_fields + [index.SearchField("categories")]
    content_panels = BasePage.content_panels + [FieldPanel("categories")]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("FAQ page")

    def faq_categories(self):
        """Categories with their questions, each with a unique anchor for deep links.

        Each answer is rendered to HTML once, here; the page and its JSON-LD both use that.
        """
        used: set[str] = set()
        result = []
        for block in self.categories:
            questions = []
            for item in block.value["questions"]:
                base = polish_slugify(item["anchor"] or item["question"])[:70] or "pytanie"
                anchor, n = base, 2
                while anchor in used:
                    anchor, n = f"{base}-{n}", n + 1
                used.add(anchor)
                answer = str(item["answer"])  # rendered once: used by the page and by schema_org
                questions.append({"question": item["question"], "answer": answer, "anchor": anchor})
            result.append(
                {
                    "title": block.value["title"],
                    "anchor": polish_slugify(block.value["title"]),
                    "questions": questions,
                }
            )
        return result

    def schema_org(self, categories) -> dict:
        """schema.org FAQPage data for search engines (the template writes it with ``{% json_ld %}``)."""
        data = {
            "@context": "https://schema.org",
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": q["question"],
                    # The answer's text as a reader sees it: "&lt;" in the HTML is "<" here.
                    "acceptedAnswer": {"@type": "Answer", "text": html.unescape(strip_tags(q["answer"]))},
                }
                for category in categories
                for q in category["questions"]
            ],
        }
        return data

    def faq_data(self) -> dict:
        categories = self.faq_categories()
        return {"faq_categories": categories, "faq_schema": self.schema_org(categories)}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(memoise_for_request(_page_data, request, ("faq", self.pk), self.faq_data))
        return context


class DocumentLibraryPage(BasePage):
    body = RichTextField(_("introduction text"), blank=True, features=["bold", "italic", "link", "ul"])

    content_panels = BasePage.content_panels + [FieldPanel("body")]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("document library")

    @staticmethod
    def public_documents():
        """Documents outside any collection that has a view restriction."""
        restricted = CollectionViewRestriction.objects.values_list("collection__path", flat=True)
        documents = LibraryDocument.objects.order_by("title")
        for path in restricted:
            documents = documents.exclude(collection__path__startswith=path)
        return documents

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        selected = request.GET.get("kategoria", "")
        if selected not in DocumentCategory.values:
            selected = ""
        query = request.GET.get("q", "").strip()[:100]

        def groups():
            documents = self.public_documents()
            if selected:
                documents = documents.filter(category=selected)
            if query:
                documents = documents.filter(title__icontains=query)
            grouped = {value: [] for value in DocumentCategory.values}
            for document in documents:
                grouped[document.category].append(document)
            return [
                {"value": value, "label": label, "documents": grouped[value]}
                for value, label in DocumentCategory.choices
                if grouped[value]
            ]

        context.update(
            selected_category=selected,
            query=query,
            category_choices=DocumentCategory.choices,
            # Queried only if rendered: the unfiltered list usually comes from the fragment cache.
            groups=SimpleLazyObject(groups),
        )
        return context


class ConsultationPointPage(BasePage):
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=6)
    city = models.CharField(_("city"), max_length=100, default="Warszawa")
    location = models.CharField(
        _("location on the map"),
        max_length=250,
        blank=True,
        help_text=_("Click the map or search the address to place the marker."),
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = StreamField(
        [
            (
                "hours",
                blocks.StructBlock(
                    [
                        ("days", blocks.CharBlock(label=_("Days"), max_length=60)),
                        ("hours", blocks.CharBlock(label=_("Hours"), max_length=60)),
                    ],
                    icon="time",
                    label=_("Opening hours"),
                ),
            )
        ],
        blank=True,
        verbose_name=_("opening hours"),
    )
    body = RichTextField(_("how we help"), blank=True, features=["bold", "italic", "link", "ul", "ol"])

    search_fields = BasePage.search_fields + [
        index.SearchField("street_address"),
        index.SearchField("body"),
    ]
    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                LocalLeafletPanel("location", address_field="street_address"),
            ],
            heading=_("Address"),
        ),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
        FieldPanel("opening_hours"),
        FieldPanel("body"),
    ]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("consultation point")

    @property
    def coordinates(self):
        """(lat, lng) from the widget's "SRID=4326;POINT(lng lat)" value, or None."""
        from wagtailgeowidget.helpers import geosgeometry_str_to_struct

        point = geosgeometry_str_to_struct(self.location or "")
        return (float(point["y"]), float(point["x"])) if point else None

    def schema_org(self) -> dict:
        """schema.org data for search engines (the template writes it with ``{% json_ld %}``)."""
        data = {
            "@context": "https://schema.org",
            "@type": "GovernmentOffice",
            "name": self.title,
            "address": {
                "@type": "PostalAddress",
                "streetAddress": self.street_address,
                "postalCode": self.postal_code,
                "addressLocality": self.city,
                "addressCountry": "PL",
            },
            "openingHours": [f"{b.value['days']} {b.value['hours']}" for b in self.opening_hours],
        }
        if self.phone:
            data["telephone"] = self.phone
        if self.email:
            data["email"] = self.email
        if self.coordinates:
            lat, lng = self.coordinates
            data["geo"] = {"@type": "GeoCoordinates", "latitude": lat, "longitude": lng}
        return data
