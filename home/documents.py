"""Searchable CMS content: live public pages (news, FAQ answers included) and library documents."""

from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _
from elasticsearch.dsl import Keyword
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from search.base import Entry, Filter, SearchDocument, SearchType, plain_text
from search.indexing import queue
from search.registry import register

from .models import (
    ConsultationPointPage,
    DocumentCategory,
    DocumentLibraryPage,
    FAQPage,
    LibraryDocument,
    NewsIndexPage,
    NewsItemPage,
    StandardPage,
)

PAGE_MODELS = {
    "page": StandardPage,
    "news": NewsItemPage,
    "news_index": NewsIndexPage,
    "faq": FAQPage,
    "library": DocumentLibraryPage,
    "consultation": ConsultationPointPage,
}
_KIND = {model: kind for kind, model in PAGE_MODELS.items()}
# Fields whose text is searched, per page model (StreamField raw data or rich text).
_TEXT_FIELDS = ("body", "categories", "street_address")


def _kind_labels() -> dict[str, str]:
    return {kind: str(model._meta.verbose_name) for kind, model in PAGE_MODELS.items()}


class PageDocument(SearchDocument):
    kind = Keyword()


@register
class PageSearch(SearchType):
    name = "page"
    label = _("Pages")
    document = PageDocument
    filters = {"kind": Filter(_("Kind of page"), _kind_labels), "year": Filter(_("Year"))}

    def get_queryset(self):
        # live() and public(): never a draft, an unpublished page or one behind a view restriction.
        return Page.objects.live().public().type(*PAGE_MODELS.values()).specific()

    def to_entry(self, page) -> Entry | None:
        url = page.get_url()
        if not url:
            return None  # not under any site
        text = [page.introduction, page.search_description]
        for field in _TEXT_FIELDS:
            value = getattr(page, field, None)
            if value is None:
                continue
            text.append(plain_text(value.raw_data if hasattr(value, "raw_data") else str(value)))
        date = getattr(page, "date", None) or (
            page.last_published_at.date() if page.last_published_at else None
        )
        return Entry(
            object_id=page.pk,
            title=page.title,
            url=url,
            body=" ".join(t for t in text if t),
            date=date,
            filters={"kind": [_KIND.get(type(page), "page")], "year": [str(date.year)] if date else []},
        )

    def connect_signals(self) -> None:
        def page_changed(sender, instance, **kwargs):
            if isinstance(instance, Page) and not kwargs.get("raw"):
                queue(self.name, [instance.pk])

        def subtree_changed(sender, instance, **kwargs):
            page = getattr(instance, "page", instance)  # a page moved, or a page's view restriction
            if isinstance(page, Page) and page.pk and not kwargs.get("raw"):
                ids = Page.objects.descendant_of(page, inclusive=True).values_list("pk", flat=True)
                queue(self.name, list(ids))

        for signal in (page_published, page_unpublished):
            signal.connect(page_changed, weak=False, dispatch_uid=f"search-page-{id(signal)}")
        # Any Page subclass: Django sends these with the concrete class as sender.
        post_save.connect(page_changed, weak=False, dispatch_uid="search-page-save")
        post_delete.connect(page_changed, weak=False, dispatch_uid="search-page-delete")
        post_page_move.connect(subtree_changed, weak=False, dispatch_uid="search-page-move")
        from wagtail.models import PageViewRestriction

        for signal in (post_save, post_delete):
            signal.connect(
                subtree_changed,
                sender=PageViewRestriction,
                weak=False,
                dispatch_uid=f"search-pvr-{id(signal)}",
            )


def _category_labels() -> dict[str, str]:
    return {value: str(label) for value, label in DocumentCategory.choices}


def _documents_in_collection(restriction):
    return list(
        LibraryDocument.objects.filter(collection__path__startswith=restriction.collection.path).values_list(
            "pk", flat=True
        )
    )


class DocumentDocument(SearchDocument):
    category = Keyword()


@register
class DocumentSearch(SearchType):
    name = "document"
    label = _("Documents")
    document = DocumentDocument
    filters = {"category": Filter(_("Category"), _category_labels), "year": Filter(_("Year"))}
    watch = {
        "home.LibraryDocument": lambda document: [document.pk],
        # Making a collection private (or public again) changes what may be found in it.
        "wagtailcore.CollectionViewRestriction": _documents_in_collection,
    }

    def get_queryset(self):
        # Documents in a collection with a view restriction (or under one) are never searchable.
        return DocumentLibraryPage.public_documents().select_related("collection").order_by("pk")

    def to_entry(self, document) -> Entry:
        date = document.created_at.date() if document.created_at else None
        extension = document.file_extension.upper() if document.file else ""
        return Entry(
            object_id=document.pk,
            title=document.title,
            url=document.url,
            body=" ".join(
                filter(None, [document.description, str(document.get_category_display()), extension])
            ),
            date=date,
            filters={"category": [document.category], "year": [str(date.year)] if date else []},
        )
