"""What editors, officials and organisations type can never run in a visitor's browser.

Every text field that reaches a public page gets a payload that closes a script
element and one that closes an attribute; the page is parsed as a browser would
and must hold no script or event handler of ours that the payload made. The
Content-Security-Policy is checked on the same pages, cached or not.
"""

import json
from datetime import timedelta
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.rich_text import RichText

from competitions import results_services as results
from competitions.choices import CompetitionMode, CompetitionState, OfferState
from competitions.models import Competition, Offer
from competitions.tests.test_contracts import offer_content
from competitions.tests.test_results_setup import closed_competition, make_offer, score
from home.templatetags.site_tags import script_json
from home.tests.factories import FAQ_CATEGORIES, build_site, publish
from organisations.choices import Role
from organisations.tests.factories import OrganisationFactory, PlaceFactory
from portal.csp import tile_source

pytestmark = pytest.mark.django_db

SCRIPT = "</script><script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
PAYLOAD = f"{SCRIPT}{ATTRIBUTE}"
# Rich text as the editor stores it: what was typed is text, so its "<" arrive escaped.
RICH_PAYLOAD = RichText("<p>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img&gt;</p>")
DATA_TYPES = {"application/json", "application/ld+json"}


class Page(HTMLParser):
    """The page as a browser's tokenizer sees it: elements, attributes, scripts, text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.scripts: list[tuple[dict, str]] = []
        self.text: list[str] = []
        self._script: dict | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag == "script":
            self._script = attributes
            self.scripts.append((attributes, ""))

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            attributes, text = self.scripts[-1]
            self.scripts[-1] = (attributes, text + data)
        else:
            self.text.append(data)

    def data_blocks(self) -> list:
        return [json.loads(text) for attributes, text in self.scripts if attributes.get("type") in DATA_TYPES]


def strings(data):
    """Every string inside decoded JSON data."""
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict | list):
        for value in data.values() if isinstance(data, dict) else data:
            yield from strings(value)


def assert_nothing_injected(response, *, shown=PAYLOAD):
    """No script and no handler came from the payload, and the payload is shown as text or data."""
    assert response.status_code == 200
    page = Page(response.content.decode())
    for tag, attributes in page.elements:
        handlers = [name for name in attributes if name.startswith("on")]
        assert not handlers, (tag, attributes)
        assert not (tag == "img" and attributes.get("src") == "x"), attributes
    for attributes, text in page.scripts:
        if attributes.get("type") in DATA_TYPES:
            json.loads(text)  # the payload stayed inside the data block
            assert "</script" not in text.lower()
        else:
            assert attributes.get("src", "").startswith("/static/"), attributes
            assert not text.strip(), text
    visible = "".join(page.text) + "".join(strings(page.data_blocks()))
    assert shown in visible, "the payload never reached the page: the test would prove nothing"
    return page


def assert_policy_allows_only_own_scripts(response):
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert directives["form-action"] == "'self'"
    assert "'unsafe-inline'" not in directives["default-src"]


# --- editors' pages -------------------------------------------------------------------------------


@pytest.fixture
def site():
    site = build_site(news_count=1)
    home = site.home
    home.hero_title = home.map_teaser_title = home.map_teaser_text = PAYLOAD
    publish(home)
    faq = site.faq
    category = dict(FAQ_CATEGORIES[0][1])
    category["title"] = PAYLOAD
    category["questions"] = [{"question": PAYLOAD, "anchor": "", "answer": RICH_PAYLOAD}]
    faq.categories = [("category", category)]
    faq.introduction = PAYLOAD
    publish(faq)
    standard = site.standard
    standard.title = standard.seo_title = standard.introduction = standard.search_description = PAYLOAD
    standard.body = [
        ("heading", {"text": PAYLOAD, "level": "h2"}),
        ("paragraph", RICH_PAYLOAD),
        ("callout", {"kind": "info", "title": PAYLOAD, "text": RICH_PAYLOAD}),
        (
            "table",
            {
                "caption": PAYLOAD,
                "table": {
                    "data": [["Etap", PAYLOAD], [PAYLOAD, "21 dni"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "",
                },
            },
        ),
    ]
    publish(standard)
    news = site.news[0]
    news.title = news.introduction = PAYLOAD
    publish(news)
    point = site.consultation
    point.title = point.introduction = point.street_address = point.city = PAYLOAD
    point.opening_hours = [("hours", {"days": PAYLOAD, "hours": PAYLOAD})]
    point.body = RICH_PAYLOAD
    publish(point)
    return site


def test_the_faq_questions_and_answers_stay_text_and_data(client, site):
    page = assert_nothing_injected(client.get("/pytania/"))
    (schema,) = page.data_blocks()
    assert schema["mainEntity"][0]["name"] == PAYLOAD  # search engines still read the question as typed
    assert "</script><script>alert(1)</script>" in schema["mainEntity"][0]["acceptedAnswer"]["text"]


def test_the_consultation_point_and_its_schema_stay_text(client, site):
    page = assert_nothing_injected(client.get("/punkt/"))
    (schema,) = page.data_blocks()
    assert schema["name"] == PAYLOAD
    assert schema["openingHours"] == [f"{PAYLOAD} {PAYLOAD}"]
    assert schema["address"]["streetAddress"] == PAYLOAD


@pytest.mark.parametrize("path", ["/", "/o-portalu/", "/aktualnosci/", "/aktualnosci/aktualnosc-0/"])
def test_page_titles_introductions_and_bodies_stay_text(client, site, path):
    assert_nothing_injected(client.get(path))


# --- organisations' and officials' data on public pages --------------------------------------------


@pytest.fixture
def organisation():
    organisation = OrganisationFactory(name=PAYLOAD, short_name=PAYLOAD, description=PAYLOAD)
    PlaceFactory(organisation=organisation, name=PAYLOAD, street_address=PAYLOAD)
    return organisation


def test_an_organisations_name_description_and_places_stay_text(client, organisation):
    assert_nothing_injected(client.get(reverse("directory:list")))
    profile = assert_nothing_injected(client.get(reverse("directory:organisation", args=[organisation.slug])))
    (places,) = profile.data_blocks()  # the map's data, read by organisation_map.js with textContent
    assert PAYLOAD in strings(places)
    assert_nothing_injected(client.get(reverse("directory:map")), shown="Mapa")


def test_published_results_show_offer_titles_and_organisations_as_text(client, make_user, organisation):
    official, member = make_user(Role.OFFICIAL), make_user(Role.COMMITTEE_MEMBER)
    competition = closed_competition(title=PAYLOAD)
    competition.committee.add(member)
    offer = make_offer(competition, organisation, title=PAYLOAD)
    score(offer, member, "75.50")
    results.propose_grant(user=official, offer=offer, amount="15000")
    results.publish_results(user=official, competition=competition, decision=PAYLOAD)
    assert_nothing_injected(client.get(reverse("competition_pages:detail", args=[competition.slug])))
    assert_nothing_injected(client.get(reverse("competition_pages:list")), shown=PAYLOAD)


def test_a_published_small_grant_offer_stays_text(client, organisation):
    competition = Competition.objects.create(
        **{
            field.name: getattr(closed_competition(), field.name)
            for field in Competition._meta.concrete_fields
            if field.name not in ("id", "slug", "signature", "state", "mode", "title")
        },
        title="Mały grant",
        slug="maly-grant",
        signature="WSS-MG/2027/01",
        mode=CompetitionMode.SMALL_GRANT,
    )
    Competition.objects.filter(pk=competition.pk).update(
        state=CompetitionState.ANNOUNCED, offer_deadline=timezone.now() + timedelta(days=5)
    )
    content = offer_content()
    content["task"].update(place=PAYLOAD, description=PAYLOAD, expected_results=PAYLOAD)
    content["schedule"] = [{"name": PAYLOAD, "start": "2027-07-01", "end": "2027-07-31"}]
    offer = Offer.objects.create(
        competition=competition,
        organisation=organisation,
        title=PAYLOAD,
        content=content,
        requested_grant=Decimal("9800.00"),
        total_cost=Decimal("22000.00"),
        number="WSS-MG/2027/01/001",
        submitted_at=timezone.now(),
    )
    Offer.objects.filter(pk=offer.pk).update(state=OfferState.SUBMITTED)
    assert_nothing_injected(client.get(reverse("competition_pages:detail", args=[competition.slug])))
    assert_nothing_injected(client.get(reverse("competition_pages:offer", args=[competition.slug, offer.pk])))


def test_search_results_and_suggestions_stay_text(client, site, organisation):
    from search import indexing

    indexing.rebuild(elasticsearch_index=False)
    assert_nothing_injected(client.get(reverse("search"), {"q": "alert script"}))  # titles found, as typed
    suggestions = client.get(reverse("search_autocomplete"), {"q": "alert"}, HTTP_ACCEPT="application/json")
    assert suggestions["Content-Type"].startswith("application/json")  # never read as HTML


# --- the escaping helper and the policy --------------------------------------------------------------


def test_script_json_cannot_end_its_element_and_means_the_same():
    text = script_json({"name": PAYLOAD, "comment": "<!-- x -->", "line": "a\u2028b", "amp": "a & b"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": PAYLOAD, "comment": "<!-- x -->", "line": "a\u2028b", "amp": "a & b"}


def test_every_public_and_ngo_page_carries_the_policy(client, site, make_user):
    assert_policy_allows_only_own_scripts(client.get("/pytania/"))
    assert_policy_allows_only_own_scripts(client.get(reverse("directory:list")))
    client.force_login(make_user(Role.NGO_MEMBER))
    response = client.get(reverse("offers:list"))
    assert response.status_code == 200
    assert_policy_allows_only_own_scripts(response)


def test_a_cached_page_carries_a_policy_that_allows_all_its_scripts(client, site):
    first = client.get("/o-portalu/")
    cached = client.get("/o-portalu/")
    assert (first["X-Page-Cache"], cached["X-Page-Cache"]) == ("miss", "hit")
    assert_policy_allows_only_own_scripts(cached)
    page = Page(cached.content.decode())
    assert page.scripts, "the page has scripts to check"
    for attributes, text in page.scripts:
        # 'self' covers a same-origin src; a data block is never run, so no policy applies to it.
        assert attributes.get("src", "").startswith("/static/") or attributes.get("type") in DATA_TYPES
        assert attributes.get("type") in DATA_TYPES or not text.strip()


def test_the_map_tiles_host_may_serve_images(client, settings):
    settings.MAP_TILE_URL = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    response = client.get(reverse("directory:map"))
    assert "img-src 'self' data: https://*.tiles.example.org" in response["Content-Security-Policy"]
    assert tile_source("/kafelki/{z}/{x}/{y}.png") == ""


def test_the_admin_reports_what_the_policy_would_block(client, make_user):
    from tests.second_factor_helpers import verified_login

    verified_login(client, make_user(Role.EDITOR))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]
    assert "object-src 'none'" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]  # nothing the admin needs is enforced
