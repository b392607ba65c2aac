"""The demo accessibility statement, in Polish and English: what is true of this portal.

Kept apart from ``home.demo_content`` because it is long and legal. Everything it
lists as not accessible is a real limit of this code: the Leaflet maps, the PDFs
WeasyPrint renders without tags, and the map picker for places.
"""

SLUG = "deklaracja-dostepnosci"

COMMON = {
    "published_on": "2026-09-01",
    "updated_on": "2026-11-20",
    "prepared_on": "2026-11-20",
    "compliance": "partial",
    "assessment_method": "self",
    "contact_email": "dostepnosc.ngo@um.warszawa.pl",
    "contact_phone": "22 443 12 00",
}

PL = {
    "title": "Deklaracja dostępności",
    "introduction": (
        "Jak bardzo portal jest dostępny cyfrowo, czego jeszcze nie poprawiliśmy i jak to zgłosić."
    ),
    "entity_name": "Urząd m.st. Warszawy",
    "website_name": "Portal NGO m.st. Warszawy",
    "contact_person": "Anna Kowalska, Biuro Współpracy z Organizacjami Pozarządowymi",
    "items": [
        (
            "Pliki PDF ofert, umów i dokumentów z biblioteki tworzone automatycznie",
            "Generator tworzy je bez znaczników struktury (nie są to „otagowane” PDF-y), więc czytnik "
            "ekranu może odczytać tabele kosztorysu w złej kolejności. Treść oferty jest dostępna także "
            "jako strona w koncie organizacji; dostępną wersję dokumentu wyślemy na prośbę.",
            False,
        ),
        (
            "Wskazywanie miejsca działania na mapie przy edycji miejsc organizacji",
            "Kliknięcie mapy wymaga myszy lub ekranu dotykowego. Współrzędne można wpisać w pola "
            "„szerokość” i „długość geograficzna” z klawiatury.",
            False,
        ),
        (
            "Mapa organizacji",
            "Mapa (Leaflet, podkłady OpenStreetMap) nie jest w pełni obsługiwana klawiaturą i czytnikiem "
            "ekranu. Mapy są wyłączone ze stosowania ustawy (art. 3 ust. 2 pkt 4), bo te same miejsca "
            "z adresami podajemy w liście pod mapą, do której prowadzi odnośnik „Pomiń mapę”.",
            True,
        ),
    ],
    "shortcuts": "<p>Na każdej stronie pierwszy odnośnik „Przejdź do treści” omija menu. Stronę można "
    "powiększać w przeglądarce (Ctrl i +) bez utraty treści.</p>",
    "feedback": "<p>W przypadku problemów z dostępnością cyfrową portalu prosimy o kontakt. Tą samą drogą "
    "można składać wnioski o udostępnienie informacji niedostępnej oraz wnioski o zapewnienie "
    "dostępności.</p>",
    "procedure": (
        "<p>Każdy ma prawo do wystąpienia z <b>żądaniem zapewnienia dostępności cyfrowej</b> strony "
        "internetowej lub jakiegoś jej elementu. Można także zażądać udostępnienia informacji za pomocą "
        "alternatywnego sposobu dostępu, na przykład przez odczytanie niedostępnego cyfrowo dokumentu "
        "lub opisanie zawartości mapy. Żądanie powinno zawierać dane osoby zgłaszającej, wskazanie, "
        "o którą stronę lub element strony chodzi, oraz sposób kontaktu. Jeżeli osoba żądająca zgłasza "
        "potrzebę otrzymania informacji za pomocą alternatywnego sposobu dostępu, powinna także "
        "określić dogodny dla niej sposób przedstawienia tej informacji.</p>"
        "<p>Podmiot publiczny powinien zrealizować żądanie niezwłocznie, nie później niż w ciągu "
        "7 dni od dnia wystąpienia z żądaniem. Jeżeli dotrzymanie tego terminu nie jest możliwe, "
        "podmiot publiczny niezwłocznie informuje o tym wnoszącego żądanie, kiedy realizacja żądania "
        "będzie możliwa, przy czym termin ten nie może być dłuższy niż 2 miesiące od dnia wystąpienia "
        "z żądaniem. Jeżeli zapewnienie dostępności cyfrowej nie jest możliwe, podmiot publiczny może "
        "zaproponować alternatywny sposób dostępu do informacji.</p>"
        "<p>W przypadku, gdy podmiot publiczny odmówi realizacji żądania zapewnienia dostępności lub "
        "alternatywnego sposobu dostępu do informacji, wnoszący żądanie może złożyć <b>skargę</b> "
        "w sprawie zapewnienia dostępności cyfrowej strony internetowej lub elementu strony "
        "internetowej. Skargę składa się do Prezydenta m.st. Warszawy. Po wyczerpaniu tej procedury "
        "można złożyć wniosek do <b>Rzecznika Praw Obywatelskich</b> "
        '(<a href="https://bip.brpo.gov.pl/">bip.brpo.gov.pl</a>).</p>'
    ),
    "architecture": (
        "<p>Biuro Współpracy z Organizacjami Pozarządowymi przyjmuje interesantów w budynku przy "
        "ul. Senatorskiej 27 w Warszawie. Do budynku prowadzi wejście od ulicy Senatorskiej z podjazdem "
        "dla wózków; punkt konsultacyjny mieści się na parterze, a na wyższe piętra prowadzi winda. "
        "Na parterze jest toaleta dostosowana do potrzeb osób z niepełnosprawnościami.</p>"
        "<p>Do budynku można wejść z psem asystującym. W punkcie obsługi jest pętla indukcyjna, a na "
        "spotkanie z tłumaczem polskiego języka migowego można umówić się z trzydniowym wyprzedzeniem "
        "pod numerem 22 443 12 00.</p>"
    ),
    "mobile_apps": "<p>Urząd nie udostępnia aplikacji mobilnej portalu. Portal działa w przeglądarkach "
    "telefonów i tabletów.</p>",
}

EN = {
    "title": "Accessibility statement",
    "slug": "accessibility-statement",
    "introduction": "How accessible the portal is, what we have not fixed yet, and how to report it.",
    "entity_name": "The City of Warsaw Office",
    "website_name": "NGO portal of the City of Warsaw",
    "contact_person": "Anna Kowalska, Office for Cooperation with Non-Governmental Organisations",
    "items": [
        (
            "PDF files of offers, contracts and library documents generated automatically",
            "The generator renders them without structure tags (they are not tagged PDFs), so a screen "
            "reader may read the budget tables in the wrong order. The content of an offer is also "
            "available as a page in the organisation's account; we send an accessible version on request.",
            False,
        ),
        (
            "Placing a place of activity on the map when editing an organisation's places",
            "Clicking the map needs a mouse or a touch screen. The coordinates can be typed into the "
            "latitude and longitude fields with the keyboard.",
            False,
        ),
        (
            "Map of organisations",
            "The map (Leaflet, OpenStreetMap tiles) cannot be fully used with a keyboard or a screen "
            "reader. Maps are exempt from the act (art. 3(2)(4)), because the same places with their "
            "addresses are listed below the map, reached by the link that skips the map.",
            True,
        ),
    ],
    "shortcuts": "<p>On every page the first link, “Skip to main content”, skips the menus. Pages can be "
    "zoomed in the browser (Ctrl and +) without losing content.</p>",
    "feedback": "<p>If you have a problem with the digital accessibility of the portal, please contact us. "
    "Requests for information that is not accessible and requests for accessibility can be made the "
    "same way.</p>",
    "procedure": (
        "<p>Everyone has the right to <b>request digital accessibility</b> of a website or any part of it, "
        "or to ask for the information in an alternative form, for example by having a document that is "
        "not accessible read out or the content of a map described. The request should give the "
        "requester's details, the page or element concerned and how to reply; a request for an "
        "alternative form should say which form suits the requester.</p>"
        "<p>The public body should fulfil the request without delay and within 7 days. If that is not "
        "possible, it says without delay when it will be fulfilled, within 2 months of the request at "
        "most. If accessibility cannot be provided, it may offer an alternative way to the "
        "information.</p>"
        "<p>If the public body refuses the request for accessibility or for an alternative way to the "
        "information, the requester may file a <b>complaint</b> with the Mayor of Warsaw. After that, "
        "an application may be filed with the <b>Commissioner for Human Rights</b> (Rzecznik Praw "
        'Obywatelskich, <a href="https://bip.brpo.gov.pl/" hreflang="pl">bip.brpo.gov.pl</a>).</p>'
    ),
    "architecture": (
        "<p>The Office for Cooperation with Non-Governmental Organisations receives visitors at "
        "ul. Senatorska 27 in Warsaw. The entrance from Senatorska street has a wheelchair ramp; the "
        "consultation point is on the ground floor and a lift serves the upper floors. There is an "
        "accessible toilet on the ground floor.</p>"
        "<p>Assistance dogs are welcome. The service desk has an induction loop, and a Polish Sign "
        "Language interpreter can be booked three days ahead on 22 443 12 00.</p>"
    ),
    "mobile_apps": "<p>The Office does not publish a mobile application of the portal. The portal works in "
    "the browsers of phones and tablets.</p>",
}
