"""The words of the demo site: a believable Warsaw portal for NGOs, in Polish.

Plain data only; ``home.demo`` turns it into pages, documents, menu and footer.
The FAQ is drawn from the source documents in ``shared/seeds`` (the monitoring
base, the loyalty programme "Miasto Korzyści" and the Łódź portal description).
Body blocks are ``(kind, value)`` pairs: ``paragraph`` (HTML), ``heading``,
``callout`` and ``table``.
"""

from home.models.documents import DocumentCategory
from home.slugs import polish_slugify

HOME = {
    "title": "Strona główna",
    "hero_title": "Warszawa współpracuje z organizacjami pozarządowymi",
    "introduction": (
        "Konkursy ofert, wzory dokumentów, mapa organizacji i wsparcie dla fundacji, stowarzyszeń "
        "i spółdzielni socjalnych – w jednym miejscu."
    ),
    "map_teaser_title": "Mapa organizacji",
    "map_teaser_text": (
        "Zobacz, gdzie w Twojej dzielnicy działają organizacje pozarządowe: świetlice, kluby "
        "młodzieżowe, punkty pomocy i miejsca aktywności sąsiedzkiej."
    ),
    "featured_slugs": ["konkursy-i-dotacje", "dla-organizacji", "punkt-konsultacyjny", "faq"],
    "map_teaser_slug": "dla-mieszkancow",
}

PAGES = [
    {
        "slug": "konkursy-i-dotacje",
        "title": "Konkursy i dotacje",
        "introduction": (
            "Jak miasto zleca organizacjom zadania publiczne: otwarte konkursy ofert, tryb "
            "pozakonkursowy (małe granty) i regranting."
        ),
        "body": [
            (
                "paragraph",
                "<p>Miasto Stołeczne Warszawa co roku zleca organizacjom pozarządowym realizację "
                "zadań publicznych w sferach wymienionych w art. 4 ustawy o działalności pożytku "
                "publicznego i o wolontariacie. Podstawowym trybem jest <b>otwarty konkurs ofert</b>, "
                "ogłaszany co najmniej 21 dni przed terminem składania ofert.</p>",
            ),
            ("heading", {"text": "Tryby zlecania zadań", "level": "h2"}),
            (
                "table",
                {
                    "caption": "Tryby zlecania zadań publicznych organizacjom",
                    "rows": [
                        ["Tryb", "Podstawa prawna", "Najważniejsze zasady"],
                        [
                            "Otwarty konkurs ofert",
                            "art. 11–19 ustawy",
                            "ogłoszenie min. 21 dni przed terminem, ocena komisji konkursowej",
                        ],
                        [
                            "Mały grant (tryb pozakonkursowy)",
                            "art. 19a ustawy",
                            "do 10 000 zł, do 90 dni, oferta publikowana na 7 dni do uwag",
                        ],
                        [
                            "Inicjatywa lokalna",
                            "art. 19b–19h ustawy",
                            "wniosek mieszkańców, wkład własny pracą społeczną",
                        ],
                    ],
                },
            ),
            (
                "callout",
                {
                    "kind": "warning",
                    "title": "Termin liczy się według czasu warszawskiego",
                    "text": "<p>Oferty złożone w generatorze po terminie wskazanym w ogłoszeniu "
                    "nie są przyjmowane. Nie zostawiaj złożenia oferty na ostatnią chwilę.</p>",
                },
            ),
        ],
        "children": [
            {
                "slug": "jak-przygotowac-oferte",
                "title": "Jak przygotować ofertę",
                "introduction": "Krok po kroku przez generator ofert – od danych organizacji do kosztorysu.",
                "body": [
                    (
                        "paragraph",
                        "<p>Oferta jest zgodna ze wzorem z rozporządzenia z 24 października 2018 r. "
                        "Generator pobiera dane organizacji z jej profilu, sam przelicza kosztorys "
                        "i udziały procentowe źródeł finansowania, a przed złożeniem sprawdza, czy "
                        "oferta spełnia warunki konkursu.</p>",
                    ),
                    ("heading", {"text": "Zanim zaczniesz", "level": "h2"}),
                    (
                        "paragraph",
                        "<ul><li>sprawdź, czy dane organizacji w profilu są aktualne (KRS, NIP, "
                        "adres, konto bankowe),</li><li>przeczytaj ogłoszenie konkursu i wymagane "
                        "załączniki,</li><li>przygotuj harmonogram i kalkulację kosztów.</li></ul>",
                    ),
                    (
                        "callout",
                        {
                            "kind": "success",
                            "title": "Wersja robocza zapisuje się sama",
                            "text": "<p>Każdy krok generatora zapisuje się na serwerze. Możesz "
                            "przerwać pracę i wrócić do oferty później.</p>",
                        },
                    ),
                ],
            },
            {
                "slug": "rozliczenie-dotacji",
                "title": "Rozliczenie dotacji",
                "introduction": (
                    "Sprawozdania częściowe i końcowe, terminy i zwrot niewykorzystanych środków."
                ),
                "body": [
                    (
                        "paragraph",
                        "<p>Sprawozdanie końcowe składa się w ciągu 30 dni od dnia zakończenia "
                        "realizacji zadania. Wzór sprawozdania jest w bibliotece dokumentów. "
                        "Niewykorzystaną część dotacji zwraca się w terminie określonym w umowie.</p>",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "dla-organizacji",
        "title": "Dla organizacji",
        "introduction": (
            "Profil organizacji, szkolenia, lokale na preferencyjnych warunkach i wsparcie prawne."
        ),
        "body": [
            (
                "paragraph",
                "<p>Każda organizacja działająca w Warszawie może założyć na portalu profil, "
                "aktualizować swoje dane, sfery działalności i miejsca aktywności, a także składać "
                "oferty w konkursach ogłaszanych przez miasto.</p>",
            ),
            ("heading", {"text": "Wsparcie dla organizacji", "level": "h2"}),
            (
                "paragraph",
                "<ul><li>bezpłatne konsultacje w Punkcie Konsultacyjnym,</li><li>szkolenia z pisania "
                "ofert i rozliczania dotacji,</li><li>lokale użytkowe na preferencyjnych "
                "warunkach,</li><li>Baza Monitorująca dla projektów na rzecz dzieci i rodzin.</li></ul>",
            ),
        ],
        "children": [
            {
                "slug": "baza-monitorujaca",
                "title": "Baza Monitorująca",
                "introduction": (
                    "Narzędzie do monitorowania wsparcia udzielanego dzieciom, młodzieży i rodzinom "
                    "w projektach finansowanych przez miasto."
                ),
                "body": [
                    (
                        "paragraph",
                        "<p>Baza Monitorująca 2 pozwala organizacjom i konsorcjom gromadzić dane "
                        "uczestników zajęć, monitorować udzielane wsparcie i jego efekty oraz "
                        "wymieniać informacje w ramach projektów konsorcjalnych.</p>",
                    ),
                    (
                        "callout",
                        {
                            "kind": "info",
                            "title": "Dane osobowe są chronione",
                            "text": "<p>Dane uczestników widzi wyłącznie organizacja, która je "
                            "wprowadziła. Każda organizacja jest współadministratorem danych w "
                            "zakresie swoich projektów.</p>",
                        },
                    ),
                ],
            },
            {
                "slug": "miasto-korzysci",
                "title": "Program lojalnościowy Miasto Korzyści",
                "introduction": (
                    "System wspierający rozwój i doskonalenie standardów warszawskich Placówek "
                    "Wsparcia Dziennego."
                ),
                "body": [
                    (
                        "paragraph",
                        "<p>Placówki dwa razy w roku szkolnym – we wrześniu i w marcu – wypełniają "
                        "kartę ewaluacji. Na jej podstawie otrzymują status STANDARD, PREMIUM lub "
                        "VIP, a z nim dostęp do koszyka nagród: szkoleń, wyjazdów, usług i zniżek.</p>",
                    ),
                ],
            },
        ],
    },
    {
        "slug": "dla-mieszkancow",
        "title": "Dla mieszkańców",
        "introduction": "Jak znaleźć organizację w swojej dzielnicy i skorzystać z jej oferty.",
        "body": [
            (
                "paragraph",
                "<p>W katalogu organizacji i na mapie miasta znajdziesz fundacje, stowarzyszenia "
                "i spółdzielnie socjalne działające w Twojej okolicy. Możesz zawęzić wyniki do "
                "dzielnicy, sfery działalności lub formy prawnej.</p>",
            ),
        ],
    },
    {
        "slug": "o-portalu",
        "title": "O portalu",
        "introduction": "Kto prowadzi portal i jak dbamy o dane osobowe.",
        "body": [
            (
                "paragraph",
                "<p>Portal prowadzi Biuro Współpracy z Organizacjami Pozarządowymi Urzędu m.st. "
                "Warszawy. Oprogramowanie portalu jest otwarte, a jego kod może wykorzystać każdy "
                "samorząd.</p>",
            ),
        ],
        "children": [
            {
                "slug": "ochrona-danych",
                "title": "Ochrona danych osobowych",
                "introduction": "Informacja o przetwarzaniu danych osobowych użytkowników portalu.",
                "body": [
                    (
                        "paragraph",
                        "<p>Administratorem danych osobowych użytkowników portalu jest Prezydent "
                        "m.st. Warszawy. Dane przetwarzamy w celu obsługi konta, konkursów ofert "
                        "i sprawozdań, na podstawie art. 6 ust. 1 lit. c i e RODO.</p>",
                    ),
                ],
            },
        ],
    },
]

NEWS_INDEX = {
    "slug": "aktualnosci",
    "title": "Aktualności",
    "introduction": "Ogłoszenia, wyniki konkursów, szkolenia i wydarzenia dla warszawskich organizacji.",
}

_NEWS = [
    (
        "2026-11-18",
        "Ruszył nabór na konkurs „Wakacje w mieście 2027”",
        "Organizacje mogą składać oferty na organizację wypoczynku dla dzieci i młodzieży do 15 grudnia.",
    ),
    (
        "2026-11-12",
        "Szkolenie: jak napisać dobrą ofertę w generatorze",
        "Zapraszamy na bezpłatne warsztaty w Punkcie Konsultacyjnym przy ul. Senatorskiej.",
    ),
    (
        "2026-11-05",
        "Wyniki konkursu na prowadzenie placówek wsparcia dziennego",
        "Komisja konkursowa oceniła 34 oferty; dotacje otrzymały 22 organizacje.",
    ),
    (
        "2026-10-28",
        "Program współpracy z organizacjami na 2027 rok – konsultacje",
        "Do 20 listopada można zgłaszać uwagi do projektu rocznego programu współpracy.",
    ),
    (
        "2026-10-20",
        "Nowa wersja Bazy Monitorującej",
        "Organizacje realizujące projekty dla rodzin mogą odnotowywać obecność na zajęciach z telefonu.",
    ),
    (
        "2026-10-14",
        "Miasto Korzyści: jesienna ewaluacja placówek zakończona",
        "Czternaście placówek wsparcia dziennego uzyskało status PREMIUM, pięć – status VIP.",
    ),
    (
        "2026-10-07",
        "Lokale dla organizacji na preferencyjnych warunkach",
        "Dzielnica Praga-Północ udostępnia cztery lokale użytkowe na działalność pożytku publicznego.",
    ),
    (
        "2026-09-30",
        "Małe granty: uproszczony tryb w pytaniach i odpowiedziach",
        "Przypominamy zasady trybu z art. 19a: do 10 000 zł i 90 dni realizacji.",
    ),
    (
        "2026-09-22",
        "Warszawskie Forum Organizacji Pozarządowych",
        "Tegoroczne forum odbędzie się 17 października w Centrum Komunikacji Społecznej.",
    ),
    (
        "2026-09-15",
        "Zmiany we wzorze umowy: klauzula dostępności",
        "Umowy o realizację zadania publicznego zawierają obowiązkową klauzulę o dostępności.",
    ),
    (
        "2026-09-08",
        "Konkurs na inicjatywy sąsiedzkie rozstrzygnięty",
        "Dofinansowanie otrzymało 48 inicjatyw z 15 dzielnic.",
    ),
    (
        "2026-09-01",
        "Dyżury prawnika dla organizacji w nowym roku szkolnym",
        "Bezpłatne porady prawne dla fundacji i stowarzyszeń w każdy wtorek i czwartek.",
    ),
    (
        "2026-08-25",
        "Sprawozdania z zadań wakacyjnych – przypomnienie o terminie",
        "Sprawozdanie końcowe składa się w ciągu 30 dni od zakończenia zadania.",
    ),
    (
        "2026-08-18",
        "Mapa organizacji pozarządowych w nowej odsłonie",
        "Na mapie miasta widać teraz także placówki i punkty aktywności, nie tylko siedziby.",
    ),
]


def _slugify(title: str) -> str:
    return polish_slugify(title)[:60].strip("-")


NEWS = [
    {
        "slug": _slugify(title),
        "title": title,
        "date": day,
        "introduction": lead,
        "body": [
            (
                "paragraph",
                "<p>Szczegóły znajdziesz w ogłoszeniu oraz w bibliotece dokumentów. W razie pytań "
                "zapraszamy do Punktu Konsultacyjnego lub do kontaktu z Biurem Współpracy "
                "z Organizacjami Pozarządowymi.</p>",
            ),
        ],
    }
    for day, title, lead in _NEWS
]

FAQ = {
    "slug": "faq",
    "title": "Najczęściej zadawane pytania",
    "introduction": "Odpowiedzi na pytania o konkursy, Bazę Monitorującą i program Miasto Korzyści.",
    "categories": [
        {
            "title": "Konkursy i generator ofert",
            "questions": [
                {
                    "question": "Jak złożyć ofertę w konkursie?",
                    "anchor": "jak-zlozyc-oferte",
                    "answer": "<p>Ofertę składa się przez generator ofert na portalu. Generator "
                    "pomaga napisać, przesłać i wydrukować ofertę konkursową, pobiera dane z profilu "
                    "organizacji i sprawdza warunki konkursu.</p>",
                },
                {
                    "question": "Do kiedy trwa nabór ofert?",
                    "anchor": "termin-naboru",
                    "answer": "<p>Termin podaje ogłoszenie konkursu; nie może być krótszy niż 21 dni "
                    "od dnia ogłoszenia. Liczy się czas warszawski.</p>",
                },
                {
                    "question": "Czy można złożyć ofertę wspólną?",
                    "anchor": "oferta-wspolna",
                    "answer": "<p>Tak, jeśli ogłoszenie konkursu na to pozwala. W ofercie wspólnej "
                    "podaje się podział zadań i kosztów między oferentów.</p>",
                },
            ],
        },
        {
            "title": "Baza Monitorująca",
            "questions": [
                {
                    "question": "Co to jest Baza Monitorująca i po co powstała?",
                    "anchor": "czym-jest-baza-monitorujaca",
                    "answer": "<p>To platforma, dzięki której organizacje i konsorcja monitorują "
                    "wsparcie udzielane uczestnikom projektów oraz jego efekty. Pozwala gromadzić "
                    "dane dzieci, młodzieży i dorosłych uczestników zajęć, a przez to monitorować "
                    "wsparcie udzielane całym rodzinom.</p>",
                },
                {
                    "question": "Dla kogo jest Baza Monitorująca?",
                    "anchor": "dla-kogo-baza",
                    "answer": "<p>Dla organizacji pozarządowych i placówek realizujących projekty "
                    "na rzecz dzieci, młodzieży i rodzin z Warszawy, w szczególności konsorcjów "
                    "Lokalnych Systemów Wsparcia, klubów młodzieżowych, placówek wsparcia dziennego "
                    "i ognisk wychowawczych.</p>",
                },
                {
                    "question": "Jak uzyskać dostęp do Bazy?",
                    "anchor": "dostep-do-bazy",
                    "answer": "<p>Organizacja kontaktuje się z administratorem Bazy i podpisuje "
                    "dokumenty dotyczące przetwarzania danych osobowych – staje się "
                    "współadministratorem danych w zakresie swoich projektów. Organizacje "
                    "realizujące projekt w konkursie otrzymują konto po przekazaniu informacji przez "
                    "urząd.</p>",
                },
                {
                    "question": "Kto ma dostęp do danych uczestników?",
                    "anchor": "dostep-do-danych",
                    "answer": "<p>Tylko organizacja, która je wprowadziła, a w projektach "
                    "konsorcjalnych – partnerzy, którym udostępniono dane za zgodą.</p>",
                },
            ],
        },
        {
            "title": "Program Miasto Korzyści",
            "questions": [
                {
                    "question": "Jak wygląda ewaluacja placówki?",
                    "anchor": "ewaluacja-placowki",
                    "answer": "<p>Każda placówka ocenia się sama w karcie ewaluacji obejmującej 15 "
                    "kategorii, w skali spełniam / nie spełniam, i przy każdej kategorii opisuje "
                    "swoje działania. Ewaluacja odbywa się dwa razy w roku szkolnym – we wrześniu "
                    "i w marcu.</p>",
                },
                {
                    "question": "Jakie statusy może uzyskać placówka?",
                    "anchor": "statusy",
                    "answer": "<p>STANDARD (poziom podstawowy), PREMIUM (poziom ponadpodstawowy) "
                    "i VIP (poziom zaawansowany). Do każdego statusu przypisany jest koszyk nagród; "
                    "placówki o wyższym statusie mogą korzystać także z nagród niższych poziomów.</p>",
                },
                {
                    "question": "Jak odebrać nagrodę?",
                    "anchor": "odbior-nagrody",
                    "answer": "<p>O dostępności nagrody placówka dowiaduje się e-mailem i na portalu. "
                    "Zapisy trwają do wyczerpania puli, według kolejności zgłoszeń.</p>",
                },
                {
                    "question": "Ile kosztuje udział w programie?",
                    "anchor": "koszt-udzialu",
                    "answer": "<p>Przystąpienie do programu jest bezpłatne i odbywa się bez formalności.</p>",
                },
            ],
        },
    ],
}

_LIBRARY_DOCUMENTS = [
    (
        DocumentCategory.OFFERS,
        "Wzór oferty realizacji zadania publicznego",
        "Załącznik nr 1 do rozporządzenia z 24 października 2018 r.",
    ),
    (
        DocumentCategory.OFFERS,
        "Wzór uproszczonej oferty (mały grant)",
        "Oferta w trybie art. 19a ustawy o działalności pożytku publicznego.",
    ),
    (
        DocumentCategory.CONTRACTS,
        "Wzór umowy o realizację zadania publicznego",
        "Załącznik nr 3 do rozporządzenia, z klauzulą dostępności.",
    ),
    (
        DocumentCategory.CONTRACTS,
        "Wzór umowy o wsparcie realizacji zadania (wieloletnia)",
        "Umowa na zadanie realizowane dłużej niż rok budżetowy.",
    ),
    (
        DocumentCategory.REPORTS,
        "Wzór sprawozdania z wykonania zadania publicznego",
        "Załącznik nr 5 do rozporządzenia: sprawozdanie częściowe i końcowe.",
    ),
    (
        DocumentCategory.REPORTS,
        "Wzór sprawozdania z małego grantu",
        "Sprawozdanie z zadania zleconego w trybie art. 19a.",
    ),
    (
        DocumentCategory.REGULATIONS,
        "Program współpracy m.st. Warszawy z organizacjami pozarządowymi na 2026 rok",
        "Uchwała Rady m.st. Warszawy w sprawie rocznego programu współpracy.",
    ),
    (
        DocumentCategory.REGULATIONS,
        "Regulamin prac komisji konkursowych",
        "Zasady powoływania komisji, deklaracje bezstronności i ocena ofert.",
    ),
    (
        DocumentCategory.INSTRUCTIONS,
        "Instrukcja obsługi generatora ofert",
        "Jak krok po kroku wypełnić i złożyć ofertę na portalu.",
    ),
    (
        DocumentCategory.INSTRUCTIONS,
        "Poradnik: kalkulacja kosztów i wkład własny",
        "Jak zaplanować koszty, wkład osobowy i rzeczowy.",
    ),
    (
        DocumentCategory.OTHER,
        "Oświadczenie o braku konfliktu interesów",
        "Deklaracja członka komisji konkursowej.",
    ),
]

LIBRARY = {
    "slug": "dokumenty",
    "title": "Biblioteka dokumentów",
    "introduction": "Wzory ofert, umów i sprawozdań, regulaminy oraz instrukcje do pobrania.",
    "body": "<p>Dokumenty są w formacie PDF. Aktualne wzory obowiązują od dnia publikacji; "
    "umowy już zawarte zachowują wzór, według którego je podpisano.</p>",
    "documents": [
        {
            "title": title,
            "category": category,
            "description": description,
            "filename": f"{_slugify(title)}.pdf",
            "sections": [
                ("Przeznaczenie", description),
                (
                    "Jak korzystać",
                    "Dokument ma charakter wzoru. Wypełnij go w generatorze na portalu lub "
                    "pobierz i dołącz do dokumentacji zgodnie z ogłoszeniem.",
                ),
                (
                    "Kontakt",
                    "Biuro Współpracy z Organizacjami Pozarządowymi, ul. Senatorska 27, "
                    "00-099 Warszawa, tel. 22 443 12 00.",
                ),
            ],
        }
        for category, title, description in _LIBRARY_DOCUMENTS
    ],
}

CONSULTATION = {
    "slug": "punkt-konsultacyjny",
    "title": "Punkt Konsultacyjny dla organizacji",
    "introduction": ("Bezpłatne konsultacje i szkolenia dla organizacji pozarządowych i pracowników urzędu."),
    "street_address": "ul. Senatorska 27",
    "postal_code": "00-099",
    "city": "Warszawa",
    "location": "SRID=4326;POINT(21.0089 52.2437)",
    "phone": "22 443 12 00",
    "email": "konsultacje@demo.waw.pl",
    "body": "<p>Pomagamy przygotować ofertę, zaplanować budżet projektu, rozliczyć dotację "
    "i założyć profil organizacji. Prowadzimy też szkolenia z obsługi generatora ofert i Bazy "
    "Monitorującej.</p><ul><li>konsultacje indywidualne po wcześniejszym umówieniu,</li>"
    "<li>dyżury prawnika we wtorki i czwartki,</li><li>szkolenia grupowe raz w miesiącu.</li></ul>",
    "opening_hours": [
        ("poniedziałek–piątek", "8:00–16:00"),
        ("wtorek i czwartek (dyżur prawnika)", "16:00–18:00"),
    ],
}

NAVIGATION = ["konkursy-i-dotacje", "dla-organizacji", "dla-mieszkancow", "aktualnosci", "faq", "dokumenty"]

FOOTER = {
    "columns": [
        {"heading": "Dla organizacji", "slugs": ["konkursy-i-dotacje", "dokumenty", "punkt-konsultacyjny"]},
        {"heading": "Portal", "slugs": ["o-portalu", "deklaracja-dostepnosci", "ochrona-danych"]},
    ],
    "contact": "<p><b>Biuro Współpracy z Organizacjami Pozarządowymi</b><br>ul. Senatorska 27, "
    "00-099 Warszawa<br>tel. 22 443 12 00</p>",
    "copyright_notice": "© Miasto Stołeczne Warszawa",
}
