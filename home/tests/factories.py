"""Small helpers to build page trees in tests (each test builds only what it needs)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from home.models import (
    ConsultationPointPage,
    DocumentLibraryPage,
    FAQPage,
    HomePage,
    LibraryDocument,
    NewsIndexPage,
    NewsItemPage,
    StandardPage,
)


def publish(page):
    page.save_revision().publish()
    return page


def add_page(parent, model, **fields):
    fields.setdefault("slug", fields["title"].lower().replace(" ", "-"))
    page = model(**fields)
    parent.add_child(instance=page)
    return publish(page)


def make_home() -> HomePage:
    root = Page.get_first_root_node()
    if root is None:
        # A transactional test on the same worker flushed what migrations made (the tree's
        # root and the locales); tests that build a site should not depend on test order.
        Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    home = HomePage(title="Strona główna", slug="start", hero_title="Warszawa dla organizacji")
    root.add_child(instance=home)
    publish(home)
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "root_page": home, "site_name": "Portal NGO"},
    )
    # The welcome page from Wagtail's migration would otherwise linger under the root.
    Page.objects.filter(depth=2).exclude(pk=home.pk).delete()
    return home


def add_news(index, count, start=date(2026, 1, 1), prefix="aktualnosc"):
    return [
        add_page(
            index,
            NewsItemPage,
            title=f"Aktualność {prefix} {n}",
            slug=f"{prefix}-{n}",
            date=start + timedelta(days=n),
            introduction=f"Wstęp do aktualności {n}",
        )
        for n in range(count)
    ]


def add_document(title, category="offers", collection=None, content=b"%PDF-1.4 test"):
    document = LibraryDocument(
        title=title, category=category, collection=collection or Collection.get_first_root_node()
    )
    document.file.save(f"{title[:20].replace(' ', '-')}.pdf", ContentFile(content), save=False)
    document.save()
    return document


FAQ_CATEGORIES = [
    (
        "category",
        {
            "title": "Konkursy ofert",
            "questions": [
                {
                    "question": "Jak złożyć ofertę?",
                    "anchor": "jak-zlozyc-oferte",
                    "answer": RichText("<p>Ofertę składa się przez generator ofert.</p>"),
                },
                {
                    "question": "Do kiedy trwa nabór?",
                    "anchor": "",
                    "answer": RichText("<p>Termin podaje ogłoszenie konkursu.</p>"),
                },
            ],
        },
    ),
    (
        "category",
        {
            "title": "Baza Monitorująca",
            "questions": [
                {
                    "question": "Kto ma dostęp do danych uczestników?",
                    "anchor": "",
                    "answer": RichText("<p>Tylko organizacja, która je wprowadziła.</p>"),
                },
            ],
        },
    ),
]


@dataclass
class DemoSite:
    home: HomePage
    standard: StandardPage
    news_index: NewsIndexPage
    news: list
    faq: FAQPage
    library: DocumentLibraryPage
    consultation: ConsultationPointPage


def build_site(news_count=3) -> DemoSite:
    home = make_home()
    standard = add_page(
        home,
        StandardPage,
        title="O portalu",
        slug="o-portalu",
        introduction="Czym jest portal.",
        body=[
            ("heading", {"text": "Dla kogo", "level": "h2"}),
            ("paragraph", RichText("<p>Dla mieszkańców i organizacji.</p>")),
            ("callout", {"kind": "info", "title": "Ważne", "text": RichText("<p>Pamiętaj o terminach.</p>")}),
            (
                "table",
                {
                    "caption": "Terminy",
                    "table": {
                        "data": [["Etap", "Termin"], ["Nabór", "21 dni"]],
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "table_caption": "",
                    },
                },
            ),
        ],
    )
    news_index = add_page(home, NewsIndexPage, title="Aktualności", slug="aktualnosci")
    news = add_news(news_index, news_count)
    faq = add_page(home, FAQPage, title="Pytania i odpowiedzi", slug="pytania", categories=FAQ_CATEGORIES)
    library = add_page(home, DocumentLibraryPage, title="Dokumenty", slug="dokumenty")
    consultation = add_page(
        home,
        ConsultationPointPage,
        title="Punkt konsultacyjny",
        slug="punkt",
        street_address="ul. Senatorska 27",
        postal_code="00-099",
        city="Warszawa",
        location="SRID=4326;POINT(21.0109 52.2436)",
        phone="22 123 45 67",
        email="punkt@example.waw.pl",
        opening_hours=[("hours", {"days": "poniedziałek–piątek", "hours": "8:00–16:00"})],
    )
    return DemoSite(home, standard, news_index, news, faq, library, consultation)
