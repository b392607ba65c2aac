from .base import BasePage
from .documents import DocumentCategory, LibraryDocument
from .pages import (
    ConsultationPointPage,
    DocumentLibraryPage,
    FAQPage,
    HomePage,
    NewsIndexPage,
    NewsItemPage,
    StandardPage,
)
from .settings import FooterSettings, NavigationSettings

__all__ = [
    "BasePage",
    "ConsultationPointPage",
    "DocumentCategory",
    "DocumentLibraryPage",
    "FAQPage",
    "FooterSettings",
    "HomePage",
    "LibraryDocument",
    "NavigationSettings",
    "NewsIndexPage",
    "NewsItemPage",
    "StandardPage",
]
