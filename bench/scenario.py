"""What the benchmark loads and the data it seeds: the one place to extend.

A feature that adds public pages appends a ``Target`` to ``TARGETS`` and, if the
page needs data, a seed function to ``SEEDERS``. Seed functions run in order
inside one transaction and must be idempotent: each checks whether its data is
there and returns at once if so, so a seeded ``portal_bench`` is reused.

Imported by ``bench/run.py`` after ``django.setup()``.
"""

import random
import struct
import uuid
import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import F
from django.utils import timezone, translation
from django.utils.text import slugify
from wagtail.models import Collection, Locale, Page
from wagtail.rich_text import RichText

from competitions.choices import CompetitionMode, CompetitionState
from competitions.models import (
    Competition,
    CompetitionDocument,
    CompetitionTransition,
    FormalCheckItem,
    MeritCriterion,
    PriorFunding,
    RequiredAttachment,
)
from home.demo import seed_pages
from home.models import FAQPage, HomePage, LibraryDocument, NewsIndexPage, NewsItemPage, StandardPage
from organisations.choices import District, LegalForm, PlaceKind
from organisations.demo import DISTRICT_CENTRES, valid_nip, valid_regon
from organisations.models import Organisation, Place, PublicBenefitSphere
from organisations.slugs import reserved_slugs
from organisations.validators import validate_coordinates_in_city
from portal.validators import validate_nip, validate_regon


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    # False for URLs the page cache deliberately skips (the floor view) or never stores (not HTML).
    cacheable: bool = True
    # wrk connections for this URL instead of --connections, e.g. 1 to measure one request's latency.
    connections: int | None = None


SECTIONS = 20
PAGES_PER_SECTION = 24  # 20 sections + 480 pages = 500 content pages
NEWS_ITEMS = 2000
EXTRA_DOCUMENTS = 200
FAQ_CATEGORIES = 8
FAQ_QUESTIONS = 8

ORGANISATIONS = 5000
SUSPENDED_ORGANISATIONS = 100  # 2 %: hidden from the directory, profiles and the map
PUBLIC_PLACES = 20_000  # places of the public organisations: the whole-city GeoJSON has exactly these
SUSPENDED_PLACES = 300  # the suspended organisations' places, which the map must leave out
# The profile the benchmark loads: a typical organisation with several places and spheres.
PROFILE_ORGANISATION = "Fundacja na rzecz Dzieci i Młodzieży „Promyk”"
PROFILE_SLUG = "fundacja-na-rzecz-dzieci-i-mlodziezy-promyk"
PROFILE_PLACES = 5
# The filtered directory page (a sphere and a district); the district GeoJSONs: the largest district
# (most places on the map) and a median one.
FILTER_SPHERE, FILTER_DISTRICT = "14", District.MOKOTOW.value
GEOJSON_DISTRICT = District.MOKOTOW.value
GEOJSON_MEDIAN_DISTRICT = District.BIELANY.value  # ninth of the 18 by places on the map
# The announcement the benchmark loads: open for offers, 45 days before its deadline when seeded.
COMPETITION_SLUG = "zima-w-miescie-2027"
COMPETITION_DETAIL_DEADLINE_DAYS = 45

TARGETS = [
    Target("floor /healthz/live", "/healthz/live", cacheable=False),
    Target("home", "/"),
    Target("content page", "/dzial-07/strona-07-12/"),
    Target("news index", "/aktualnosci/"),
    Target("FAQ (64 questions)", "/pytania-i-odpowiedzi/"),
    Target("NGO directory", "/organizacje/"),
    Target(
        "NGO directory: sphere + district", f"/organizacje/?sfera={FILTER_SPHERE}&dzielnica={FILTER_DISTRICT}"
    ),
    Target("NGO profile", f"/organizacje/{PROFILE_SLUG}/"),
    Target("NGO map", "/organizacje/mapa/"),
    # GeoJSON is not HTML: the page cache never stores it, in either mode.
    Target(
        "NGO GeoJSON: largest district",
        f"/organizacje/mapa.geojson?dzielnica={GEOJSON_DISTRICT}",
        cacheable=False,
    ),
    Target(
        "NGO GeoJSON: median district",
        f"/organizacje/mapa.geojson?dzielnica={GEOJSON_MEDIAN_DISTRICT}",
        cacheable=False,
    ),
    Target("NGO GeoJSON: whole city", "/organizacje/mapa.geojson", cacheable=False),
    # The same with one request at a time: the latency a visitor sees on an otherwise idle server.
    Target(
        "NGO GeoJSON: whole city, 1 connection", "/organizacje/mapa.geojson", cacheable=False, connections=1
    ),
    Target("competition list", "/konkursy/"),
    Target("competition detail", f"/konkursy/{COMPETITION_SLUG}/"),
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
    # The Polish tree: the demo also seeds its English translation (Wagtail i18n).
    return HomePage.objects.get(locale=Locale.get_default())


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
    index = NewsIndexPage.objects.get(locale=Locale.get_default())
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


# --- organisations and places of activity ---------------------------------------------------------------

BENCH_EMAIL_DOMAIN = "bench.example.waw.pl"  # marks the seeded organisations

# Where organisations are: residents (thousands, rounded) per district, Śródmieście doubled for the
# seats registered in the centre.
DISTRICT_WEIGHTS = {
    District.BEMOWO: 125,
    District.BIALOLEKA: 145,
    District.BIELANY: 130,
    District.MOKOTOW: 215,
    District.OCHOTA: 80,
    District.PRAGA_POLUDNIE: 175,
    District.PRAGA_POLNOC: 60,
    District.REMBERTOW: 24,
    District.SRODMIESCIE: 200,
    District.TARGOWEK: 122,
    District.URSUS: 63,
    District.URSYNOW: 145,
    District.WAWER: 82,
    District.WESOLA: 26,
    District.WILANOW: 50,
    District.WLOCHY: 45,
    District.WOLA: 145,
    District.ZOLIBORZ: 52,
}
# How far places scatter around ``organisations.demo.DISTRICT_CENTRES`` (degrees of latitude, 1 sigma).
DISTRICT_SPREAD = {
    District.BIALOLEKA: 0.018,
    District.WAWER: 0.02,
    District.WESOLA: 0.012,
    District.URSYNOW: 0.014,
    District.MOKOTOW: 0.012,
    District.BEMOWO: 0.011,
    District.BIELANY: 0.012,
    District.WILANOW: 0.012,
    District.TARGOWEK: 0.011,
}
DEFAULT_SPREAD = 0.008
DISTRICT_GENITIVE = {
    District.BEMOWO: "Bemowa",
    District.BIALOLEKA: "Białołęki",
    District.BIELANY: "Bielan",
    District.MOKOTOW: "Mokotowa",
    District.OCHOTA: "Ochoty",
    District.PRAGA_POLUDNIE: "Pragi-Południe",
    District.PRAGA_POLNOC: "Pragi-Północ",
    District.REMBERTOW: "Rembertowa",
    District.SRODMIESCIE: "Śródmieścia",
    District.TARGOWEK: "Targówka",
    District.URSUS: "Ursusa",
    District.URSYNOW: "Ursynowa",
    District.WAWER: "Wawra",
    District.WESOLA: "Wesołej",
    District.WILANOW: "Wilanowa",
    District.WLOCHY: "Włoch",
    District.WOLA: "Woli",
    District.ZOLIBORZ: "Żoliborza",
}

# (words in the name, spheres of public benefit by code, what a facility of theirs is called)
ORGANISATION_THEMES = [
    ("na rzecz Dzieci i Młodzieży", ["30", "14", "13"], "Świetlica"),
    ("Pomocy Rodzinie", ["1", "1a", "30"], "Punkt wsparcia rodzin"),
    ("Aktywnych Seniorów", ["9", "12"], "Klub seniora"),
    ("Kultury i Sztuki", ["15", "3"], "Pracownia"),
    ("Sportu i Rekreacji", ["16", "14"], "Sala treningowa"),
    ("Ochrony Środowiska", ["17", "13"], "Ogród społeczny"),
    ("Ochrony Zwierząt", ["17"], "Punkt adopcyjny"),
    ("Zdrowia Psychicznego", ["5", "6"], "Punkt konsultacyjny"),
    ("Osób z Niepełnosprawnościami", ["6", "1"], "Warsztat terapii"),
    ("Edukacji Obywatelskiej", ["13", "21"], "Sala warsztatowa"),
    ("Praw Człowieka", ["21", "1b"], "Biuro porad"),
    ("Pomocy Prawnej", ["1b", "24"], "Punkt nieodpłatnej pomocy prawnej"),
    ("Integracji Cudzoziemców", ["4a", "25", "4"], "Centrum integracji"),
    ("Rozwoju Lokalnego", ["12", "32", "33"], "Dom sąsiedzki"),
    ("Wolontariatu", ["26", "2"], "Centrum wolontariatu"),
    ("Przeciwdziałania Uzależnieniom", ["31", "5"], "Punkt profilaktyki"),
    ("Aktywizacji Zawodowej", ["7", "10"], "Klub pracy"),
    ("Historii Warszawy", ["3", "15", "18"], "Izba pamięci"),
    ("Turystyki Miejskiej", ["18", "16"], "Punkt informacji"),
    ("Nauki i Innowacji", ["11", "13"], "Pracownia naukowa"),
    ("Równych Szans", ["8", "21"], "Punkt wsparcia"),
    ("Bezpieczeństwa Mieszkańców", ["19", "22"], "Punkt szkoleniowy"),
    ("Pomocy Osobom w Kryzysie Bezdomności", ["1", "2"], "Jadłodzielnia"),
    ("Kombatantów i Ich Rodzin", ["28", "3"], "Klub"),
]
NAME_CORES = [
    "Promyk",
    "Otwarte Serca",
    "Zielony Zakątek",
    "Wspólna Sprawa",
    "Nowy Start",
    "Dobry Kierunek",
    "Bez Barier",
    "Razem",
    "Przystań",
    "Most",
    "Tęcza",
    "Kompas",
    "Horyzont",
    "Iskra",
    "Korzenie",
    "Latarnia",
    "Ogród",
    "Skrzydła",
    "Pod Dębem",
    "Na Skarpie",
    "Syrenka",
    "Kamienica",
    "Podwórko",
    "Przyjazny Dom",
    "Dobre Miejsce",
    "Krok po Kroku",
    "Szansa",
    "Nadzieja",
    "Uśmiech",
    "Mozaika",
    "Dialog",
    "Pasja",
    "Ruch",
    "Energia",
    "Nowe Horyzonty",
    "Wzajemność",
    "Solidarni",
    "Na Fali",
    "Klucz",
    "Cegiełka",
    "Warsztat",
    "Spektrum",
    "Agora",
    "Wiatrak",
    "Kotwica",
    "Źródło",
    "Sąsiedzka Dłoń",
    "Rozwój",
    "Perspektywa",
    "Azyl",
]
PATRONS = [
    "Janusza Korczaka",
    "Ireny Sendlerowej",
    "Marii Skłodowskiej-Curie",
    "Stefana Starzyńskiego",
    "Jana Pawła II",
    "Stanisława Moniuszki",
    "Fryderyka Chopina",
    "Marii Konopnickiej",
    "Heleny Radlińskiej",
    "Stefana Wyszyńskiego",
    "Witolda Pileckiego",
    "Aleksandra Kamińskiego",
    "Zofii Nałkowskiej",
    "Jana Kiepury",
    "Kazimierza Wielkiego",
]
SAINTS = [
    "św. Barbary",
    "św. Stanisława",
    "Matki Bożej Częstochowskiej",
    "św. Józefa",
    "św. Anny",
    "Wszystkich Świętych",
]
STREETS = [
    "ul. Marszałkowska",
    "ul. Puławska",
    "ul. Grochowska",
    "ul. Targowa",
    "ul. Wolska",
    "ul. Górczewska",
    "al. Jana Pawła II",
    "ul. Grójecka",
    "ul. Modlińska",
    "ul. Radzymińska",
    "ul. Powstańców Śląskich",
    "ul. Kasprowicza",
    "ul. Słowackiego",
    "al. Niepodległości",
    "ul. Ostrobramska",
    "ul. Płowiecka",
    "ul. Wał Miedzeszyński",
    "ul. Łopuszańska",
    "ul. Dzielna",
    "ul. Nowolipki",
    "ul. Stalowa",
    "ul. Ząbkowska",
    "ul. KEN",
    "ul. Rosoła",
    "ul. Wilanowska",
    "ul. Sobieskiego",
    "ul. Bartycka",
    "ul. Kondratowicza",
    "ul. Bazyliańska",
    "ul. Cegłowska",
    "ul. Lazurowa",
    "ul. Połczyńska",
]
DESCRIPTION_SENTENCES = [
    "Od lat prowadzimy zajęcia dla mieszkańców dzielnicy {district} i współpracujemy z jej szkołami.",
    "Naszym celem jest {topic}: działamy tak, by nikt w okolicy nie został bez wsparcia.",
    "Organizujemy warsztaty, spotkania i wyjścia, w których co roku bierze udział kilkaset osób.",
    "Działamy dzięki pracy wolontariuszy, darowiznom i dotacjom miasta stołecznego Warszawy.",
    "Prowadzimy bezpłatne konsultacje; zapisy telefonicznie lub przez formularz na naszej stronie.",
    "Współpracujemy z ośrodkami pomocy społecznej, domami kultury i bibliotekami publicznymi.",
    "W wakacje organizujemy półkolonie, a w ciągu roku zajęcia popołudniowe i weekendowe.",
    "Zapraszamy do współpracy wolontariuszy: szkolimy, ubezpieczamy i wydajemy zaświadczenia.",
    "Co roku publikujemy sprawozdanie merytoryczne i finansowe, dostępne na naszej stronie.",
    "Nasze miejsca są dostępne dla osób poruszających się na wózku, a w biurze działa pętla indukcyjna.",
    "Realizujemy projekty finansowane z otwartych konkursów ofert i z programów ogólnopolskich.",
    "Prowadzimy grupy wsparcia, dyżury specjalistów i spotkania integracyjne dla całych rodzin.",
]
SUSPENSION_REASONS = [
    "Zawieszona na wniosek Biura: nieaktualne dane w Krajowym Rejestrze Sądowym.",
    "Zawieszona do czasu wyjaśnienia skargi dotyczącej rozliczenia dotacji.",
    "Organizacja jest w likwidacji.",
]

# Legal forms with their weights and what a name starts with.
LEGAL_FORMS = [
    (LegalForm.FOUNDATION, 38, ["Fundacja"]),
    (LegalForm.ASSOCIATION, 34, ["Stowarzyszenie", "Towarzystwo"]),
    (LegalForm.ORDINARY_ASSOCIATION, 8, ["Stowarzyszenie Zwykłe"]),
    (LegalForm.SPORTS_CLUB, 8, ["Klub Sportowy", "Uczniowski Klub Sportowy"]),
    (LegalForm.SOCIAL_COOPERATIVE, 4, ["Spółdzielnia Socjalna"]),
    (LegalForm.NONPROFIT_COMPANY, 3, [""]),
    (LegalForm.CHURCH_ENTITY, 2, [""]),
    (LegalForm.OTHER, 3, ["Koło", "Fundusz Lokalny"]),
]


_POLISH_LETTERS = str.maketrans("ąćęłńóśźżĄĆĘŁŃÓŚŹŻ", "acelnoszzACELNOSZZ")


def _slug(text: str) -> str:
    return slugify(text.translate(_POLISH_LETTERS))[:230]


def _tiny_png() -> bytes:
    """A valid 1×1 PNG, standing in for every seeded logo (only its address is rendered)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x1f\x6f\xb4"))
        + chunk(b"IEND", b"")
    )


def _organisation_name(
    rng: random.Random, form: LegalForm, words: str, theme: tuple, district
) -> tuple[str, str]:
    """(name, short name) of one generated organisation; the name may repeat and is checked by the caller."""
    topic = theme[0]
    core = rng.choice(NAME_CORES)
    if form == LegalForm.SPORTS_CLUB:
        return f"{words} „{core}” {district.label}", core
    if form == LegalForm.SOCIAL_COOPERATIVE:
        return f"{words} „{core}”", core
    if form == LegalForm.NONPROFIT_COMPANY:
        return f"„{core}” {topic.split()[-1]} sp. z o.o. non-profit", core
    if form == LegalForm.CHURCH_ENTITY:
        return f"Parafialny Zespół Caritas przy Parafii {rng.choice(SAINTS)} – {district.label}", ""
    pattern = rng.random()
    if pattern < 0.35:
        return f"{words} {topic} „{core}”", core
    if pattern < 0.7:
        return f"{words} {topic} {DISTRICT_GENITIVE[district]}", ""
    if pattern < 0.85:
        return f"{words} {topic} im. {rng.choice(PATRONS)}", ""
    return f"{words} „{core}”", core


def _point(rng: random.Random, district) -> tuple[Decimal, Decimal]:
    """Coordinates scattered around the district's centre, always inside ``settings.CITY_BOUNDS``."""
    south, west, north, east = settings.CITY_BOUNDS
    lat0, lng0 = DISTRICT_CENTRES[district]
    sigma = DISTRICT_SPREAD.get(district, DEFAULT_SPREAD)
    while True:
        lat, lng = rng.gauss(lat0, sigma), rng.gauss(lng0, sigma * 1.6)  # a degree of longitude is shorter
        if south < lat < north and west < lng < east:
            return Decimal(f"{lat:.6f}"), Decimal(f"{lng:.6f}")


def _place_counts(rng: random.Random, organisations: int, total: int) -> list[int]:
    """Places per organisation, at least one (the seat), skewed (a few have dozens), summing to ``total``."""
    counts = [
        1 + min(int(rng.expovariate(1 / (total / organisations - 1))), 60) for _ in range(organisations)
    ]
    while (difference := total - sum(counts)) != 0:
        n = rng.randrange(organisations)
        if difference > 0:
            counts[n] += 1
        elif counts[n] > 1:
            counts[n] -= 1
    return counts


def seed_organisations() -> None:
    """ORGANISATIONS organisations over the 18 districts, with spheres and PUBLIC_PLACES places on the map.

    Valid NIP and REGON (checked with the app's validators), unique KRS numbers,
    descriptions of a few sentences, a logo for a quarter of them, 1–5 spheres
    each; SUSPENDED_ORGANISATIONS of them are suspended. Places scatter around
    each district's centre; a third of an organisation's extra places are in
    other districts. Everything goes in with ``bulk_create``, so no signals run
    (the page cache is flushed before each mode anyway).
    """
    if Organisation.objects.filter(email__endswith=f"@{BENCH_EMAIL_DOMAIN}").exists():
        return
    rng = random.Random(5000)
    spheres = {sphere.code: sphere.pk for sphere in PublicBenefitSphere.objects.all()}
    all_codes = list(spheres)
    districts = list(DISTRICT_WEIGHTS)
    weights = list(DISTRICT_WEIGHTS.values())
    forms = [form for form, _, _ in LEGAL_FORMS]
    form_weights = [weight for _, weight, _ in LEGAL_FORMS]
    form_words = {form: words for form, _, words in LEGAL_FORMS}
    logo = default_storage.save("organisations/logos/bench-logo.png", ContentFile(_tiny_png()))
    used_names, used_slugs, used_nips = set(), set(reserved_slugs()), set()
    suspended = set(rng.sample(range(1, ORGANISATIONS), SUSPENDED_ORGANISATIONS))

    organisations, themes = [], []
    for n in range(ORGANISATIONS):
        if n == 0:
            form, district, theme = LegalForm.FOUNDATION, District.MOKOTOW, ORGANISATION_THEMES[0]
            name, short = PROFILE_ORGANISATION, "Promyk"
        else:
            form = rng.choices(forms, form_weights)[0]
            district = rng.choices(districts, weights)[0]
            theme = rng.choice(ORGANISATION_THEMES)
            if form == LegalForm.SPORTS_CLUB:
                theme = ORGANISATION_THEMES[4]
            for _ in range(50):
                name, short = _organisation_name(rng, form, rng.choice(form_words[form]), theme, district)
                if name not in used_names:
                    break
            else:
                name = f"{name} {n}"
        slug = base = _slug(name) or "organizacja"
        suffix = 2
        while slug in used_slugs:
            slug, suffix = f"{base}-{suffix}", suffix + 1
        used_names.add(name)
        used_slugs.add(slug)
        nip = valid_nip(rng)
        while nip in used_nips:
            nip = valid_nip(rng)
        used_nips.add(nip)
        sentences = rng.sample(DESCRIPTION_SENTENCES, rng.randint(2, 8))
        description = " ".join(
            s.format(district=district.label, topic=f"działalność {theme[0]}") for s in sentences
        )
        has_krs = form not in (LegalForm.ORDINARY_ASSOCIATION, LegalForm.SOCIAL_COOPERATIVE, LegalForm.OTHER)
        organisations.append(
            Organisation(
                name=name,
                short_name=short,
                slug=slug,
                legal_form=form,
                krs=f"{100000 + n:010d}" if has_krs else "",
                nip=nip,
                regon=valid_regon(rng),
                is_public_benefit=rng.random() < 0.25 or n == 0,
                district=district,
                street_address=f"{rng.choice(STREETS)} {rng.randint(1, 180)}"
                + (f" lok. {rng.randint(1, 60)}" if rng.random() < 0.5 else ""),
                postal_code=f"0{rng.randint(0, 4)}-{rng.randint(0, 999):03d}",
                email=f"kontakt{n}@{BENCH_EMAIL_DOMAIN}",
                phone=f"22 {rng.randint(100, 899)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                website=f"https://{slug[:40]}.example.org" if rng.random() < 0.7 else "",
                description="\n\n".join(
                    [description[: len(description) // 2], description[len(description) // 2 :]]
                )
                if n == 0
                else description,
                logo=logo if n == 0 or rng.random() < 0.25 else "",
                is_suspended=n in suspended,
                suspension_reason=rng.choice(SUSPENSION_REASONS) if n in suspended else "",
            )
        )
        themes.append(theme)
    for organisation in organisations[:50]:  # a sample through the app's own validators
        validate_nip(organisation.nip)
        validate_regon(organisation.regon)
    Organisation.objects.bulk_create(organisations, batch_size=1000)

    through = Organisation.spheres.through
    links = []
    for n, (organisation, theme) in enumerate(zip(organisations, themes, strict=True)):
        codes = list(theme[1]) if n == 0 else rng.sample(theme[1], rng.randint(1, len(theme[1])))
        for code in rng.sample(all_codes, rng.choice([0, 0, 1, 1, 2, 3]) if n else 1):
            if code not in codes:
                codes.append(code)
        links += [through(organisation_id=organisation.pk, publicbenefitsphere_id=spheres[c]) for c in codes]
    through.objects.bulk_create(links, batch_size=5000)

    public = [(o, t) for o, t in zip(organisations, themes, strict=True) if not o.is_suspended]
    hidden = [(o, t) for o, t in zip(organisations, themes, strict=True) if o.is_suspended]
    counts = [
        PROFILE_PLACES,  # organisations[0], the profile the benchmark loads
        *_place_counts(rng, len(public) - 1, PUBLIC_PLACES - PROFILE_PLACES),
        *_place_counts(rng, len(hidden), SUSPENDED_PLACES),
    ]
    places = []
    for (organisation, theme), count in zip(public + hidden, counts, strict=True):
        for number in range(count):
            if number == 0:
                kind, district = PlaceKind.SEAT, organisation.district
                name = organisation.short_name or organisation.name
            else:
                kind = PlaceKind.FACILITY if rng.random() < 0.5 else PlaceKind.ACTIVITY_POINT
                district = (
                    organisation.district if rng.random() < 0.67 else rng.choices(districts, weights)[0]
                )
                label = theme[2] if kind == PlaceKind.FACILITY else "Punkt aktywności"
                name = f"{label} {organisation.short_name or rng.choice(NAME_CORES)} – {district.label}"
            latitude, longitude = _point(rng, district)
            places.append(
                Place(
                    organisation_id=organisation.pk,
                    kind=kind,
                    name=name[:200],
                    street_address=f"{rng.choice(STREETS)} {rng.randint(1, 180)}",
                    postal_code=f"0{rng.randint(0, 4)}-{rng.randint(0, 999):03d}",
                    district=district,
                    latitude=latitude,
                    longitude=longitude,
                )
            )
    for place in places[:: len(places) // 200]:  # a sample through the app's own validator
        validate_coordinates_in_city(place.latitude, place.longitude)
    Place.objects.bulk_create(places, batch_size=2000)


# --- competitions ---------------------------------------------------------------------------------------

# (sphere code, title, public task): one competition per topic and year 2024–2027 makes 60 public ones.
COMPETITION_TOPICS = [
    ("14", "Zima w mieście", "Organizacja wypoczynku zimowego dla dzieci i młodzieży z Warszawy"),
    ("14", "Lato w mieście", "Organizacja wypoczynku letniego dla dzieci i młodzieży z Warszawy"),
    ("9", "Aktywni seniorzy", "Zajęcia aktywizujące dla osób w wieku emerytalnym"),
    ("17", "Zielone podwórka", "Edukacja ekologiczna i zazielenianie podwórek z mieszkańcami"),
    ("16", "Sport dla wszystkich", "Upowszechnianie sportu wśród dzieci, młodzieży i dorosłych"),
    ("15", "Kultura w dzielnicach", "Wydarzenia kulturalne poza centrum miasta"),
    ("1b", "Porady prawne dla mieszkańców", "Nieodpłatna pomoc prawna i edukacja prawna"),
    ("6", "Niezależne życie", "Asystencja osobista i wsparcie osób z niepełnosprawnościami"),
    ("31", "Profilaktyka uzależnień", "Programy profilaktyki uzależnień w szkołach i na podwórkach"),
    ("4a", "Warszawa wielu kultur", "Integracja cudzoziemców mieszkających w Warszawie"),
    ("12", "Inicjatywy sąsiedzkie", "Wspieranie lokalnych inicjatyw mieszkańców i domów sąsiedzkich"),
    ("1", "Pomoc w kryzysie bezdomności", "Streetworking, noclegownie i punkty pomocy doraźnej"),
    ("30", "Wsparcie rodzin", "Poradnictwo rodzinne i warsztaty dla rodziców"),
    ("5", "Zdrowie psychiczne młodzieży", "Wsparcie psychologiczne dla młodzieży szkolnej"),
    ("26", "Wolontariat w Warszawie", "Promocja i organizacja wolontariatu"),
]
COMPETITION_YEARS = (2024, 2025, 2026, 2027)
SMALL_GRANT_TOPICS = {10, 11, 14}  # in 2027 these are small-grant calls (art. 19a)
CANCELLED_TOPICS = {2024: {3, 9}, 2025: {5, 12}, 2026: {1, 7}, 2027: {6, 13}}  # 8 cancelled in all
DRAFT_TOPICS = (0, 2, 4, 8)  # drafts for 2028: never public

_ANNOUNCEMENT = (
    "<p>Prezydent m.st. Warszawy ogłasza otwarty konkurs ofert na realizację zadania publicznego "
    "„{task}” w sferze: {sphere}. Oferty składa się wyłącznie w formie elektronicznej, przez generator "
    "ofert na portalu.</p>"
    "<h2>Cel konkursu</h2><p>Celem konkursu jest wyłonienie ofert, które najlepiej odpowiedzą na potrzeby "
    "mieszkańców Warszawy w obszarze: {title_lower}. Zadanie ma być dostępne dla osób ze szczególnymi "
    "potrzebami i realizowane w co najmniej trzech dzielnicach.</p>"
    "<h2>Adresaci</h2><ul><li>mieszkańcy Warszawy, w tym osoby ze szczególnymi potrzebami</li>"
    "<li>rodziny i opiekunowie</li><li>lokalne społeczności i grupy nieformalne</li></ul>"
    "<h2>Rezultaty</h2><ol><li>liczba uczestników i godzin zajęć zgodna z ofertą</li>"
    "<li>ankiety satysfakcji uczestników</li><li>sprawozdanie końcowe w terminie 30 dni</li></ol>"
    '<p>Zasady składania ofert i wzory dokumentów są na stronie <a linktype="page" id="{grants_page}">'
    "Konkursy i dotacje</a>. Pytania: Punkt Konsultacyjny, tel. 22 443 00 00, "
    '<a href="mailto:konkursy@um.warszawa.pl">konkursy@um.warszawa.pl</a>.</p>'
)
_GRANTING_RULES = (
    "Dotacja pokrywa do 90% kosztów zadania.\nKoszty administracyjne mogą wynosić do 10% dotacji.\n"
    "Nie finansuje się zakupu nieruchomości ani działalności gospodarczej."
)
_CONDITIONS = (
    "Zadanie realizowane jest na rzecz mieszkańców Warszawy, z dostępnością dla osób ze szczególnymi "
    "potrzebami (ustawa z 19 lipca 2019 r.).\nOferent zapewnia wykwalifikowaną kadrę i ubezpieczenie "
    "uczestników.\nZmiany w harmonogramie wymagają zgody Biura."
)
_PROCEDURE = (
    "Ocena formalna: Biuro, w ciągu 14 dni od terminu składania ofert.\n"
    "Ocena merytoryczna: komisja konkursowa powołana przez Prezydenta m.st. Warszawy."
)
_CRITERIA = "Jakość projektu, kalkulacja kosztów, doświadczenie oferenta, wkład własny, rzetelność rozliczeń."


def _warsaw_afternoon(moment: datetime) -> datetime:
    """16:00 Warsaw time on ``moment``'s day, as announcements usually set deadlines."""
    return timezone.localtime(moment).replace(hour=16, minute=0, second=0, microsecond=0)


def seed_competitions() -> None:
    """60 public competitions (13 open for offers, 3 of them small grants; 39 closed; 8 cancelled), 4 drafts.

    Each has the announcement (rich text with a page link), prior funding,
    required attachments, a formal checklist, merit criteria, two documents
    from the library and its state transitions. Deadlines of the open ones
    are counted from the day of seeding: a month or two later they close on
    the first visit (as they would in production); ``--fresh`` restores the mix.
    """
    if Competition.objects.filter(slug=COMPETITION_SLUG).exists():
        return
    rng = random.Random(60)
    now = timezone.now()
    spheres = {sphere.code: sphere for sphere in PublicBenefitSphere.objects.all()}
    grants_page = Page.objects.filter(slug="konkursy-i-dotacje").values_list("pk", flat=True).first() or 1
    documents = list(LibraryDocument.objects.order_by("pk").values_list("pk", flat=True)[:40])
    competitions, transitions = [], []
    specs = [(t, y) for y in COMPETITION_YEARS for t in range(len(COMPETITION_TOPICS))]
    specs += [(t, 2028) for t in DRAFT_TOPICS]
    for topic, year in specs:
        code, title, task = COMPETITION_TOPICS[topic]
        small = year == 2027 and topic in SMALL_GRANT_TOPICS
        cancelled = topic in CANCELLED_TOPICS.get(year, ())
        if year == 2028:
            state, deadline = CompetitionState.DRAFT, _warsaw_afternoon(now + timedelta(days=240 + topic))
        elif year == 2027:
            state = CompetitionState.CANCELLED if cancelled else CompetitionState.ANNOUNCED
            days = (
                6 + 2 * topic
                if small
                else (COMPETITION_DETAIL_DEADLINE_DAYS if topic == 0 else 22 + 5 * topic)
            )
            deadline = _warsaw_afternoon(now + timedelta(days=days))
        else:
            state = CompetitionState.CANCELLED if cancelled else CompetitionState.CLOSED
            deadline = _warsaw_afternoon(
                datetime(year - 1, 10, 20, 12, tzinfo=UTC) + timedelta(days=7 * topic)
            )
        if small:
            announced = deadline - timedelta(days=8 + 2 * topic)
            start = deadline.date() + timedelta(days=21)
            end = start + timedelta(days=75)
            funds, min_grant, max_grant = Decimal(rng.randrange(40, 90) * 1000), Decimal(1000), Decimal(10000)
        else:
            announced = min(deadline - timedelta(days=rng.randint(24, 40)), now - timedelta(days=1))
            start = date(year, 2, 1) if topic == 0 else date(year, 3, 1)
            end = date(year, 2, 28) if topic == 0 else date(year, 12, 15)
            funds = Decimal(rng.randrange(10, 120) * 10000)
            min_grant, max_grant = Decimal(5000), funds / 5
        mode = CompetitionMode.SMALL_GRANT if small else CompetitionMode.OPEN
        own = Decimal(0 if small else rng.choice([0, 5, 10, 20]))
        competitions.append(
            Competition(
                title=f"{title} {year}" if not small else f"Mały grant: {title.lower()} {year}",
                slug=_slug(f"{title} {year}"),
                signature=f"{'WSS-MG' if small else 'WSS-KOP'}/{year}/{topic + 1:02d}",
                mode=mode,
                sphere=spheres[code],
                task_type=task,
                announcement=_ANNOUNCEMENT.format(
                    task=task, sphere=spheres[code].name, title_lower=title.lower(), grants_page=grants_page
                ),
                funds_allotted=funds,
                granting_rules=_GRANTING_RULES,
                implementation_conditions=_CONDITIONS,
                implementation_start=start,
                implementation_end=end,
                offer_deadline=deadline,
                selection_procedure=_PROCEDURE,
                selection_criteria=_CRITERIA,
                selection_date=(deadline + timedelta(days=30)).date(),
                min_grant=min_grant,
                max_grant=max_grant,
                min_own_contribution=own,
                min_own_financial=own / 2 if rng.random() < 0.3 else Decimal(0),
                eligible_legal_forms=[LegalForm.ASSOCIATION, LegalForm.FOUNDATION] if topic % 3 == 0 else [],
                joint_offers_allowed=not small,
                score_threshold=Decimal(30),
                state=state,
                announced_at=None if state == CompetitionState.DRAFT else announced,
                closed_at=deadline + timedelta(minutes=1) if state == CompetitionState.CLOSED else None,
                cancelled_at=announced + (min(deadline, now) - announced) / 2 if cancelled else None,
                cancellation_reason="Zmiana uchwały budżetowej: środki przesunięto na inne zadania."
                if cancelled
                else "",
            )
        )
    Competition.objects.bulk_create(competitions)

    children = {model: [] for model in (PriorFunding, RequiredAttachment, FormalCheckItem, MeritCriterion)}
    attached = []
    for c in competitions:
        year = c.implementation_start.year
        children[PriorFunding] += [
            PriorFunding(
                competition=c, year=year - n, task=c.task_type, amount=c.funds_allotted, sort_order=n
            )
            for n in (1, 2)
        ]
        children[RequiredAttachment] += [
            RequiredAttachment(competition=c, name=name, description=text, sort_order=n)
            for n, (name, text) in enumerate(
                [
                    ("Aktualny statut", "Potwierdzony za zgodność z oryginałem."),
                    ("Pełnomocnictwo", "Gdy ofertę podpisują inne osoby niż wskazane w KRS."),
                    ("Oświadczenie o rachunku bankowym", ""),
                ]
            )
        ]
        children[FormalCheckItem] += [
            FormalCheckItem(competition=c, text=text, sort_order=n)
            for n, text in enumerate(
                [
                    "Oferta złożona w terminie",
                    "Oferent jest uprawniony do udziału w konkursie",
                    "Oferta jest kompletna i podpisana",
                    "Wnioskowana kwota mieści się w limicie",
                ]
            )
        ]
        children[MeritCriterion] += [
            MeritCriterion(competition=c, name=name, max_points=points, sort_order=n)
            for n, (name, points) in enumerate(
                [
                    ("Jakość projektu i jego rezultaty", 20),
                    ("Kalkulacja kosztów", 10),
                    ("Doświadczenie i zasoby oferenta", 10),
                    ("Wkład własny", 5),
                ]
            )
        ]
        attached += [
            CompetitionDocument(competition=c, document_id=rng.choice(documents), title=title, sort_order=n)
            for n, title in enumerate(["Wzór oferty", "Ogłoszenie konkursu (PDF)"])
        ]
        if c.announced_at:
            transitions.append(
                CompetitionTransition(
                    competition=c,
                    source=CompetitionState.DRAFT,
                    target=CompetitionState.ANNOUNCED,
                    at=c.announced_at,
                )
            )
        if c.closed_at:
            transitions.append(
                CompetitionTransition(
                    competition=c,
                    source=CompetitionState.ANNOUNCED,
                    target=CompetitionState.CLOSED,
                    at=c.closed_at,
                )
            )
        if c.cancelled_at:
            transitions.append(
                CompetitionTransition(
                    competition=c,
                    source=CompetitionState.ANNOUNCED,
                    target=CompetitionState.CANCELLED,
                    at=c.cancelled_at,
                    comment=c.cancellation_reason,
                )
            )
    for model, rows in children.items():
        model.objects.bulk_create(rows)
    CompetitionDocument.objects.bulk_create(attached)
    CompetitionTransition.objects.bulk_create(transitions)


SEEDERS = [
    seed_demo_site,
    seed_library_documents,
    seed_content_sections,
    seed_news,
    seed_big_faq,
    seed_organisations,
    seed_competitions,
]
