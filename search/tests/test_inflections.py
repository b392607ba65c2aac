"""Polish inflections find what they name, on the database backend (SQLite or PostgreSQL,
whichever the run uses) and in the Elasticsearch request (its ``*_stems`` fields hold the
same light stems as the database index)."""

import pytest

from home.models import StandardPage
from home.tests.factories import add_page, make_home
from organisations.choices import LegalForm
from organisations.tests.factories import OrganisationFactory
from search import service
from search.backends import elastic
from search.text import terms

pytestmark = pytest.mark.django_db

SENIORS = "Seniorzy Razem"
ORGANISATIONS = "Organizacje pozarządowe"
FOUNDATION = "Fundacja Dobrych Pomysłów"
ASSOCIATION = "Stowarzyszenie Mieszkańców"
CHILDREN = "Dziecko w mieście"
YOUTH = "Młodzież gra w szachy"
SPORT = "Sport dla wszystkich"
CULTURE = "Kultura na Pradze"
CLASSES = "Zajęcia taneczne"
CALL = "Konkurs ofert"
GRANT = "Dotacja celowa"
VOLUNTEERING = "Wolontariat w hospicjum"
VOLUNTEERS = "Wolontariusz roku"

# What a resident types → the title it must find. Typed with and without diacritics.
INFLECTIONS = {
    "seniorów": SENIORS,
    "seniorow": SENIORS,
    "seniorami": SENIORS,
    "senior": SENIORS,
    "seniorom": SENIORS,
    "seniorze": SENIORS,
    "organizacji": ORGANISATIONS,
    "organizacjom": ORGANISATIONS,
    "organizacjami": ORGANISATIONS,
    "fundacji": FOUNDATION,
    "fundacje": FOUNDATION,
    "fundacją": FOUNDATION,
    "stowarzyszeń": ASSOCIATION,
    "stowarzyszenia": ASSOCIATION,
    "stowarzyszeniom": ASSOCIATION,
    "dzieci": CHILDREN,
    "dzieciom": CHILDREN,
    "dziećmi": CHILDREN,
    "dziecka": CHILDREN,
    "młodzieży": YOUTH,
    "mlodziezy": YOUTH,
    "sportu": SPORT,
    "sportów": SPORT,
    "kultury": CULTURE,
    "kulturze": CULTURE,
    "kulturą": CULTURE,
    "zajęć": CLASSES,
    "zajeciach": CLASSES,
    "zajęciami": CLASSES,
    "konkursu": CALL,
    "konkursów": CALL,
    "konkursie": CALL,
    "dotacji": GRANT,
    "dotacje": GRANT,
    "dotacjami": GRANT,
    "wolontariatu": VOLUNTEERING,
    "wolontariatem": VOLUNTEERING,
    "wolontariuszy": VOLUNTEERS,
    "wolontariusze": VOLUNTEERS,
}
PAGES = [ORGANISATIONS, ASSOCIATION, CHILDREN, YOUTH, SPORT, CULTURE, CLASSES, CALL, GRANT, VOLUNTEERING]
NGOS = [SENIORS, FOUNDATION, VOLUNTEERS]


@pytest.fixture
def indexed(db, reindex):
    home = make_home()
    for number, title in enumerate(PAGES):
        add_page(home, StandardPage, title=title, slug=f"strona-{number}", introduction="Opis strony.")
    for name in NGOS:
        # Another legal form: "fundacja" in the indexed legal form would match every NGO.
        OrganisationFactory(name=name, legal_form=LegalForm.OTHER, description="Działamy od 2010 roku.")
    reindex()


def titles(text):
    results = service.search(service.make_query(text=text))
    return [str(hit.title).replace("<mark>", "").replace("</mark>", "") for hit in results.hits]


@pytest.mark.parametrize(("typed", "title"), INFLECTIONS.items(), ids=INFLECTIONS.keys())
def test_an_inflected_form_finds_what_it_names(indexed, typed, title):
    assert titles(typed) == [title]


def test_the_table_covers_the_domain_words():
    assert len(INFLECTIONS) >= 30
    assert len(set(INFLECTIONS.values())) == len(PAGES) + len(NGOS)


@pytest.mark.parametrize(("typed", "title"), INFLECTIONS.items(), ids=INFLECTIONS.keys())
def test_elasticsearch_asks_for_the_stems_the_title_is_indexed_with(typed, title):
    body = elastic.build_search(service.make_query(text=typed)).to_dict()
    stems_query = body["query"]["bool"]["must"][0]["bool"]["should"][1]["multi_match"]
    assert set(stems_query["query"].split()) <= set(terms(title).split())
    assert stems_query["fields"] == ["title_stems^2", "body_stems"]


def test_the_matching_words_are_marked_in_the_title_whatever_their_form(indexed):
    results = service.search(service.make_query(text="seniorów"))
    assert str(results.hits[0].title) == "<mark>Seniorzy</mark> Razem"


def test_the_autocomplete_suggests_seniors_for_the_genitive(indexed):
    assert [s["title"] for s in service.autocomplete("seniorów")] == [SENIORS]
