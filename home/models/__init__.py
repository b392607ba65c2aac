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
from .statement import AccessibilityStatementPage, AssessmentMethod, Compliance

__all__ = [
    "AccessibilityStatementPage",
    "AssessmentMethod",
    "Compliance",
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
