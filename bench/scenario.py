"""What the benchmark loads and the data it seeds: the one place to extend.

A feature that adds public pages appends a ``Target`` to ``TARGETS`` and, if the
page needs data, a seed function to ``SEEDERS``. Seed functions run in order
inside one transaction and must be idempotent: each checks whether its data is
there and returns at once if so, so a seeded ``portal_bench`` is reused.

Imported by ``bench/run.py`` after ``django.setup()``.
"""

import uuid
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import timezone, translation
from wagtail.models import Collection, Page
from wagtail.rich_text import RichText

from home.demo import seed_pages
from home.models import FAQPage, HomePage, LibraryDocument, NewsIndexPage, NewsItemPage, StandardPage


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    # False for URLs the page cache deliberately skips (the floor view).
    cacheable: bool = True


SECTIONS = 20
PAGES_PER_SECTION = 24  # 20 sections + 480 pages = 500 content pages
NEWS_ITEMS = 2000
EXTRA_DOCUMENTS = 200
FAQ_CATEGORIES = 8
FAQ_QUESTIONS = 8

TARGETS = [
    Target("floor /healthz", "/healthz", cacheable=False),
    Target("home", "/"),
    Target("content page", "/dzial-07/strona-07-12/"),
    Target("news index", "/aktualnosci/"),
    Target("FAQ (64 questions)", "/pytania-i-odpowiedzi/"),
]


# --- helpers -------------------------------------------------------------------------------------------


def bulk_add_children(parent: Page, pages: list[Page]) -> None:
    """Insert unsaved, published ``pages`` (all of one specific model) as the last children of ``parent``.

    Builds treebeard paths by hand, inserts the ``wagtailcore_page`` rows with one
    ``bulk_create`` and the specific rows with one multi-row INSERT, then bumps the
    parent's ``numchild``: thousands of pages in a few seconds instead of minutes
    of ``add_child`` + ``save_revision().publish()``. No revisions or search index
    entries are written; public pages need neither.
    """
    if not pages:
        return
    model = type(pages[0])
    parent.refresh_from_db()
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    content_type = ContentType.objects.get_for_model(model)
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.draft_title = page.title
        page.content_type = content_type
        page.locale_id = parent.locale_id
        page.live = True
        page.has_unpublished_changes = False
        page.first_published_at = page.last_published_at = now
    Page.objects.bulk_create(pages, batch_size=500)
    for page in pages:
        page.page_ptr_id = page.id
    fields = model._meta.local_concrete_fields
    for start in range(0, len(pages), 500):
        model._base_manager._insert(pages[start : start + 500], fields=fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.refresh_from_db()


def _home() -> HomePage:
    return HomePage.objects.get()


def _block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def _content_body(n: int, link_page_id: int, document_id: int) -> list[dict]:
    """A realistic content page body in StreamField's stored form."""
    paragraph = (
        f"<p>Strona {n} opisuje zasady współpracy miasta z organizacjami pozarządowymi: terminy, "
        "wymagane dokumenty, sposób składania ofert i rozliczania dotacji. Więcej informacji "
        f'znajdziesz na stronie <a linktype="page" id="{link_page_id}">powiązanego działu</a>.</p>'
    )
    return [
        _block("paragraph", paragraph),
        _block("heading", {"text": "Najważniejsze terminy", "level": "h2"}),
        _block(
            "paragraph",
            "<ul><li>ogłoszenie konkursu – co najmniej 21 dni przed terminem</li>"
            "<li>ocena formalna – 14 dni</li><li>ogłoszenie wyników – 30 dni</li></ul>",
        ),
        _block(
            "table",
            {
                "caption": "Etapy i terminy",
                "table": {
                    "data": [["Etap", "Termin", "Kto"]]
                    + [[f"Etap {i}", f"{7 * i} dni", "Biuro"] for i in range(1, 7)],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "",
                },
            },
        ),
        _block(
            "callout",
            {"kind": "warning", "title": "Ważne", "text": "<p>Oferty po terminie nie są przyjmowane.</p>"},
        ),
        _block("heading", {"text": "Dokumenty", "level": "h2"}),
        _block("document", {"document": document_id, "title": ""}),
        _block("paragraph", paragraph.replace("Strona", "Podstrona")),
    ]


# --- seeders -------------------------------------------------------------------------------------------


def seed_demo_site() -> None:
    """The demo site: home page with featured links, menus, footer, FAQ, library, news index."""
    with translation.override("pl"):
        seed_pages()


def seed_library_documents() -> None:
    """Enough documents for a believable library (all share one small PDF on disk)."""
    if LibraryDocument.objects.filter(title__startswith="Dokument wzorcowy").exists():
        return
    name = default_storage.save("documents/bench-wzor.pdf", ContentFile(b"%PDF-1.4\n% bench\n"))
    collection = Collection.get_first_root_node()
    categories = ["offers", "contracts", "reports", "regulations", "instructions", "other"]
    LibraryDocument.objects.bulk_create(
        LibraryDocument(
            title=f"Dokument wzorcowy {n:03d}",
            file=name,
            file_size=17,
            file_hash="",
            category=categories[n % len(categories)],
            description=f"Opis dokumentu {n}: do czego służy i kto go wypełnia.",
            collection=collection,
        )
        for n in range(EXTRA_DOCUMENTS)
    )


def seed_content_sections() -> None:
    """SECTIONS top-level content sections, each with PAGES_PER_SECTION pages (about 500 in all)."""
    home = _home()
    if home.get_children().filter(slug="dzial-01").exists():
        return
    document_id = LibraryDocument.objects.order_by("pk").values_list("pk", flat=True).first()
    grants = home.get_children().get(slug="konkursy-i-dotacje")
    sections = [
        StandardPage(
            title=f"Dział {s:02d}",
            slug=f"dzial-{s:02d}",
            introduction=f"Wszystko o dziale {s}: zasady, terminy i dokumenty.",
            body=_content_body(s, grants.pk, document_id),
        )
        for s in range(1, SECTIONS + 1)
    ]
    bulk_add_children(home, sections)
    for s, section in enumerate(sections, start=1):
        bulk_add_children(
            section,
            [
                StandardPage(
                    title=f"Strona {s:02d}.{n:02d}",
                    slug=f"strona-{s:02d}-{n:02d}",
                    introduction=f"Informacje szczegółowe nr {n} w dziale {s}.",
                    body=_content_body(n, section.pk, document_id),
                )
                for n in range(1, PAGES_PER_SECTION + 1)
            ],
        )


def seed_news() -> None:
    """NEWS_ITEMS news items under the news index, one every day going back from 2026-11-20."""
    index = NewsIndexPage.objects.get()
    if index.get_children().filter(slug="komunikat-0001").exists():
        return
    newest = date(2026, 11, 20)
    body = [
        _block("paragraph", "<p>Miasto ogłasza kolejny komunikat dla organizacji pozarządowych.</p>"),
        _block("paragraph", "<p>Szczegóły w bibliotece dokumentów i w Punkcie Konsultacyjnym.</p>"),
    ]
    bulk_add_children(
        index,
        [
            NewsItemPage(
                title=f"Komunikat {n:04d} dla organizacji",
                slug=f"komunikat-{n:04d}",
                date=newest - timedelta(days=n),
                introduction=f"Krótkie streszczenie komunikatu nr {n} o konkursach i szkoleniach.",
                body=body,
            )
            for n in range(1, NEWS_ITEMS + 1)
        ],
    )


def seed_big_faq() -> None:
    """An FAQ the size a city's real one grows to: FAQ_CATEGORIES × FAQ_QUESTIONS answers."""
    home = _home()
    if home.get_children().filter(slug="pytania-i-odpowiedzi").exists():
        return
    categories = [
        (
            "category",
            {
                "title": f"Kategoria pytań {c}",
                "questions": [
                    {
                        "question": f"Pytanie {c}.{q}: jak postępować w sprawie nr {q}?",
                        "anchor": "",
                        "answer": RichText(
                            f"<p>Odpowiedź na pytanie {c}.{q}. Złóż wniosek w generatorze, a w razie "
                            "wątpliwości skontaktuj się z <b>Punktem Konsultacyjnym</b>.</p>"
                            "<ul><li>krok pierwszy</li><li>krok drugi</li></ul>"
                        ),
                    }
                    for q in range(1, FAQ_QUESTIONS + 1)
                ],
            },
        )
        for c in range(1, FAQ_CATEGORIES + 1)
    ]
    faq = FAQPage(
        title="Pytania i odpowiedzi",
        slug="pytania-i-odpowiedzi",
        introduction="Wszystkie pytania mieszkańców i organizacji w jednym miejscu.",
        categories=categories,
    )
    home.add_child(instance=faq)
    faq.save_revision().publish()


SEEDERS = [
    seed_demo_site,
    seed_library_documents,
    seed_content_sections,
    seed_news,
    seed_big_faq,
]
