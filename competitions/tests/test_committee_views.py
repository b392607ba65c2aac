"""The committee's screens on the site and the officials' ranking and PDFs in the admin."""

import io
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.shortcuts import resolve_url
from django.urls import reverse
from pypdf import PdfReader

from competitions import committee_services as cs
from competitions.models import ConflictDeclaration, ScoreSheet
from competitions.tests.test_committee_services import build, full, sign, submit
from conftest import current_code

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(make_user):
    return build(make_user)


@pytest.fixture
def login(client, totp_device):
    """login(user): signed in, with the one-time code confirmed where the role asks for it."""

    def log_in(user):
        client.force_login(user)
        if user.requires_second_factor:
            device = totp_device(user)
            client.post(reverse("accounts:otp_verify"), {"token": current_code(device)})
        return client

    return log_in


def text(response) -> str:
    return response.content.decode()


def assert_says(response, pattern):
    assert re.search(pattern, text(response)), pattern


# --- The site: list, declaration, offers ---------------------------------------------------------


def test_a_member_without_the_second_factor_is_sent_to_confirm_it(client, setup):
    client.force_login(setup.members[0])
    response = client.get(reverse("committee:list"))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_anonymous_visitors_are_sent_to_sign_in(client, setup):
    for url in (
        reverse("committee:list"),
        reverse("committee:competition", args=[setup.competition.slug]),
        reverse("committee:score", args=[setup.offers[0].pk]),
        reverse("committee:offer_pdf", args=[setup.offers[0].pk]),
        reverse("committee:conflict", args=[setup.offers[0].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(
            resolve_url(settings.LOGIN_URL)
        ), url


def test_the_list_shows_the_members_committees_and_progress(login, setup):
    member = setup.members[0]
    client = login(member)
    response = client.get(reverse("committee:list"))
    assert setup.competition.title in text(response)
    assert_says(response, "Declaration not signed yet|nie")
    sign(setup)
    submit(setup, member, setup.offers[0], 5, 5)
    response = client.get(reverse("committee:list"))
    assert_says(response, "1 of 2 offers scored|1 z 2")
    # Another committee's member does not see this competition.
    other = login(setup.outsider).get(reverse("committee:list"))
    assert setup.competition.title not in text(other)


def test_nothing_about_the_offers_is_shown_before_the_declaration(login, setup):
    client = login(setup.members[0])
    url = reverse("committee:competition", args=[setup.competition.slug])
    response = client.get(url)
    assert response.status_code == 200
    assert "art. 24" in text(response)
    for offer in setup.offers:
        assert offer.title not in text(response)
        assert offer.organisation.name not in text(response)
    # The score page and the PDF refuse too, with the reason.
    score = client.get(reverse("committee:score", args=[setup.offers[0].pk]))
    assert score.status_code == 403
    assert_says(score, "declaration|oświadczenie")
    assert client.get(reverse("committee:offer_pdf", args=[setup.offers[0].pk])).status_code == 403


def test_the_declaration_needs_the_box_ticked_then_shows_the_offers(login, setup):
    member = setup.members[0]
    client = login(member)
    url = reverse("committee:competition", args=[setup.competition.slug])
    response = client.post(url, {})
    assert response.status_code == 200
    assert_says(response, "Tick the box|Zaznacz")
    assert not ConflictDeclaration.objects.exists()
    response = client.post(url, {"confirm": "on"}, follow=True)
    declaration = ConflictDeclaration.objects.get(member=member)
    assert declaration.offer is None and "24" in declaration.statement
    for offer in setup.offers:
        assert offer.title in text(response)
        assert offer.organisation.name in text(response)


@pytest.mark.parametrize("who", ["official", "outsider", "ngo", "other_ngo"])
def test_people_outside_the_committee_are_refused_with_the_reason(login, setup, who):
    client = login(getattr(setup, who))
    response = client.get(reverse("committee:competition", args=[setup.competition.slug]))
    assert response.status_code == 403
    assert_says(response, "committee|komisji")
    response = client.post(reverse("committee:competition", args=[setup.competition.slug]), {"confirm": "on"})
    assert response.status_code == 403
    for name in ("score", "offer_pdf", "conflict"):
        response = client.post(reverse(f"committee:{name}", args=[setup.offers[0].pk]), {"statement": "x"})
        assert response.status_code == 403, name
    assert not ConflictDeclaration.objects.exists() and not ScoreSheet.objects.exists()


# --- Scoring over HTTP ----------------------------------------------------------------------------


def post_scores(client, setup, offer, a, b, *, action="submit", revision=0, justification="Uzasadnienie"):
    data = {"revision": revision, "action": action}
    for criterion, points in zip(setup.criteria, (a, b), strict=True):
        data[f"points_{criterion.pk}"] = points
        data[f"justification_{criterion.pk}"] = justification
    return client.post(reverse("committee:score", args=[offer.pk]), data)


def test_a_member_saves_a_draft_submits_and_then_sees_the_others(login, setup):
    first, second = setup.members[:2]
    sign(setup)
    offer = setup.offers[0]
    secret = full(setup, "9", "17", text="Zdanie pierwszego członka.")
    cs.save_scores(user=first, offer=offer, scores=secret, submit=True, revision=0)
    client = login(second)
    page = client.get(reverse("committee:score", args=[offer.pk]))
    assert page.status_code == 200 and offer.title in text(page)
    # The first member's scores stay hidden until the second submits.
    assert "Zdanie pierwszego członka." not in text(page) and first.get_full_name() not in text(page)
    response = post_scores(client, setup, offer, "4", "", action="draft", justification="")
    assert response.status_code == 302
    assert ScoreSheet.objects.get(member=second).total == Decimal("4.00")
    page = client.get(reverse("committee:score", args=[offer.pk]))
    assert first.get_full_name() not in text(page)
    response = post_scores(client, setup, offer, "6", "12,5", revision=1)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert_says(page, "submitted|złożone")
    assert first.get_full_name() in text(page) and "Zdanie pierwszego członka." in text(page)
    assert re.search(r"26[,.]00", text(page))  # 9 + 17
    # Final: another post changes nothing.
    response = post_scores(client, setup, offer, "1", "1", revision=2)
    assert ScoreSheet.objects.get(member=second).total == Decimal("18.50")


@pytest.mark.parametrize(
    "a, b, justification, pattern",
    [
        ("-1", "5", "ok", "cannot be negative|ujemn"),
        ("11", "5", "ok", "At most 10|10"),
        ("1.234", "5", "ok", "two decimal|dwóch miejsc"),
        ("5", "5", "", "Justify|Uzasadnij"),
        ("", "5", "ok", "Enter the points|Wpisz"),
    ],
)
def test_bad_scores_are_explained_on_the_form_and_nothing_is_saved(
    login, setup, a, b, justification, pattern
):
    sign(setup)
    client = login(setup.members[0])
    response = post_scores(client, setup, setup.offers[0], a, b, justification=justification)
    assert response.status_code == 200
    assert_says(response, pattern)
    assert 'class="error-summary"' in text(response)
    assert not ScoreSheet.objects.exists()


def test_a_stale_form_is_refused_and_the_saved_version_shown(login, setup):
    sign(setup)
    member = setup.members[0]
    cs.save_scores(user=member, offer=setup.offers[0], scores=full(setup, 1, 1), submit=False, revision=0)
    client = login(member)
    response = post_scores(client, setup, setup.offers[0], "9", "9", revision=0)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert_says(page, "saved meanwhile|[Ww] międzyczasie")
    assert ScoreSheet.objects.get().total == Decimal("2.00")


def test_a_conflicted_member_is_refused_over_http(login, setup):
    sign(setup)
    member, offer = setup.members[0], setup.offers[0]
    client = login(member)
    url = reverse("committee:conflict", args=[offer.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"statement": ""})
    assert response.status_code == 200 and not ConflictDeclaration.objects.filter(has_conflict=True).exists()
    response = client.post(url, {"statement": "Jestem członkiem zarządu oferenta."})
    assert response.status_code == 302
    page = client.get(reverse("committee:competition", args=[setup.competition.slug]))
    assert_says(page, "Conflict of interest declared|konflikt")
    refused = client.get(reverse("committee:score", args=[offer.pk]))
    assert refused.status_code == 403
    assert_says(refused, "conflict of interest|konflikt")
    assert post_scores(client, setup, offer, "5", "5").status_code == 403
    assert client.get(reverse("committee:offer_pdf", args=[offer.pk])).status_code == 403
    assert not ScoreSheet.objects.exists()


def test_the_offer_pdf_streams_from_private_storage_for_members_who_may_score(login, setup):
    sign(setup)
    offer = setup.offers[0]
    offer.pdf.save("oferta-test.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    response = login(setup.members[0]).get(reverse("committee:offer_pdf", args=[offer.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


# --- The admin: ranking and PDFs ------------------------------------------------------------------


def scored(setup):
    sign(setup)
    a, b, c = setup.members
    submit(setup, a, setup.offers[0], 9, 18)  # 27
    submit(setup, b, setup.offers[0], 8, 16)  # 24
    cs.declare_conflict(user=c, offer=setup.offers[0], statement="Członek zarządu oferenta.")
    for member in setup.members:
        submit(setup, member, setup.offers[1], 2, 3)  # 5: below 15


def test_an_official_sees_declarations_conflicts_scores_and_the_ranking(login, setup):
    scored(setup)
    client = login(setup.official)
    response = client.get(reverse("committee_admin:competition_ranking", args=[setup.competition.pk]))
    assert response.status_code == 200
    body = text(response)
    for member in setup.members:
        assert member.get_full_name() in body
    assert "Członek zarządu oferenta." in body
    assert re.search(r"25[,.]50", body)  # (27 + 24) / 2
    assert "2 / 2" in body and "3 / 3" in body
    assert_says(response, "below the threshold|poniżej")
    workflow = client.get(reverse("competitions:workflow", args=[setup.competition.pk]))
    assert reverse("committee_admin:competition_ranking", args=[setup.competition.pk]) in text(workflow)


@pytest.mark.parametrize("who", ["outsider", "ngo", "other_ngo", "member", "anonymous"])
def test_only_officials_open_the_ranking_and_the_pdfs(client, login, setup, who):
    if who != "anonymous":
        client = login(setup.members[0] if who == "member" else getattr(setup, who))
    for name in ("competition_ranking", "competition_ranking_pdf", "competition_protocol_pdf"):
        response = client.get(reverse(f"committee_admin:{name}", args=[setup.competition.pk]))
        assert response.status_code in (302, 403), name
        assert response.get("Content-Type") != "application/pdf"


def pdf_text(response) -> str:
    # Table cells wrap, so compare with the whitespace collapsed.
    return " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split()
    )


def test_the_protocol_pdf_holds_the_committee_the_ranking_and_the_justifications(login, setup):
    scored(setup)
    client = login(setup.official)
    response = client.get(reverse("committee_admin:competition_protocol_pdf", args=[setup.competition.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = pdf_text(response)
    assert "Protokół z prac komisji konkursowej" in content
    for member in setup.members:
        assert member.last_name in content
    assert "Członek zarządu oferenta." in content
    first, second = setup.offers
    assert content.index(first.number) < content.index(second.number)
    assert "25,50" in content or "25.50" in content
    assert "Uzasadnienie." in content
    assert "nie osiągnęły progu" in content and second.title in content


def test_the_ranking_pdf_lists_the_offers_by_average(login, setup):
    scored(setup)
    response = login(setup.official).get(
        reverse("committee_admin:competition_ranking_pdf", args=[setup.competition.pk])
    )
    assert response.status_code == 200
    content = pdf_text(response)
    assert "Lista rankingowa" in content
    first, second = setup.offers
    assert content.index(first.organisation.name) < content.index(second.organisation.name)
    assert "poniżej progu" in content
