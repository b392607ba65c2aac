"""Staff reach no page without a confirmed one-time code, on the site as in the admin.

The walk below is built from the URLconf, not from a list: a view added tomorrow
is walked too, and fails here if it answers staff who only gave a password.
"""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.urls import URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern
from django.utils import translation

from competitions.choices import OfferState
from competitions.tests.test_contracts import make_offer
from organisations.choices import Role
from portal.second_factor import OPEN_VIEWS, SENT_DATA_NOT_SAVED, second_factor_required
from tests.second_factor_helpers import verified_login

pytestmark = pytest.mark.django_db

STAFF = [Role.OFFICIAL, Role.COMMITTEE_MEMBER, Role.EDITOR, Role.MONITORING_ADMIN, "superuser", "staff flag"]

# Regex patterns (Wagtail's) cannot be filled in from converters; each gets a sample path.
# A new regex pattern with groups fails the walk until it is given one here.
REGEX_SAMPLES = {
    (
        r"^(?P<pk>\d+)/revisions/compare/"
        r"(?P<revision_id_a>live|earliest|\d+)\.\.\.(?P<revision_id_b>live|latest|\d+)/$"
    ): "{int}/revisions/compare/earliest...latest/",
    r"^(\d+)/(.*)$": "{int}/statut.pdf",
    r"^((?:[\w\-]+/)*)$": "aktualnosci/",
    r"^.*/$": "cokolwiek/",
}
ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


def url_templates(patterns=None, prefix=""):
    """Every pattern of the URLconf as a path with ``{int}``/``{slug}`` holes, and its view name."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        piece = str(pattern.pattern)
        if isinstance(pattern.pattern, RegexPattern) and piece:
            if pattern.pattern.regex.groups or ".*" in piece:
                assert piece in REGEX_SAMPLES, f"give {piece!r} a sample path in REGEX_SAMPLES"
                piece = REGEX_SAMPLES[piece]
            else:
                piece = piece.lstrip("^").rstrip("$").replace("\\", "")
        piece = ROUTE_PARAMETER.sub(lambda m: "{int}" if m["converter"] == "int" else "{slug}", piece)
        if isinstance(pattern, URLResolver):
            yield from url_templates(pattern.url_patterns, prefix + piece)
        else:
            yield "/" + prefix + piece


@pytest.fixture
def offer(make_user):
    """Another organisation's granted offer: what an official must not read with a password alone."""
    return make_offer(make_user(Role.NGO_MEMBER).memberships.get().organisation)


def staff_user(make_user, role):
    if role == "staff flag":
        return make_user(is_staff=True)
    return make_user(role)


def gated_paths(offer):
    values = {"int": offer.pk, "slug": offer.competition.slug}
    paths = sorted({template.format(**values) for template in url_templates()})
    return [path for path in paths if resolve(path).view_name not in OPEN_VIEWS]


def assert_sent_to_second_factor(response, path, target):
    assert response.status_code == 302, (path, response.status_code)
    location = urlsplit(response["Location"])
    assert location.path == reverse(target), (path, response["Location"])
    assert parse_qs(location.query)["next"] == [path], path


def test_the_walk_covers_the_site_and_the_admin(offer):
    paths = gated_paths(offer)
    musts = (
        "/konto/oferty/",
        f"/konto/oferty/{offer.pk}/pdf/",
        "/konto/komisja/",
        "/admin/",
        "/aktualnosci/",
    )
    for must in musts:
        assert must in paths, must
    assert len([path for path in paths if path.startswith("/admin/")]) > 150
    assert len([path for path in paths if path.startswith("/konto/")]) > 40


@pytest.mark.parametrize("role", STAFF, ids=str)
def test_staff_without_a_device_are_sent_to_set_it_up_from_every_page(client, make_user, offer, role):
    client.force_login(staff_user(make_user, role))
    for path in gated_paths(offer):
        assert_sent_to_second_factor(client.get(path), path, "accounts:otp_setup")


@pytest.mark.parametrize("role", STAFF, ids=str)
def test_staff_with_a_device_but_no_code_are_sent_to_confirm_it_from_every_page(
    client, make_user, totp_device, offer, role
):
    user = staff_user(make_user, role)
    totp_device(user)
    client.force_login(user)
    for path in gated_paths(offer):
        assert_sent_to_second_factor(client.get(path), path, "accounts:otp_verify")


def test_the_english_site_is_gated_too_and_the_code_is_asked_in_english(client, make_user, offer):
    client.force_login(make_user(Role.OFFICIAL))
    translation.activate("en")
    for path in ("/en/konto/oferty/", f"/en/konto/oferty/{offer.pk}/", f"/en/konto/oferty/{offer.pk}/umowa/"):
        assert_sent_to_second_factor(client.get(path), path, "accounts:otp_setup")
        assert reverse("accounts:otp_setup").startswith("/en/")


def test_a_form_sent_without_the_code_is_not_performed_and_the_person_is_told(client, make_user, offer):
    client.force_login(make_user(Role.OFFICIAL))
    detail = reverse("offers:detail", args=[offer.pk])
    response = client.post(
        reverse("offers:withdraw", args=[offer.pk]), HTTP_REFERER=f"http://testserver{detail}"
    )
    offer.refresh_from_db()
    assert offer.state == OfferState.GRANTED
    assert response.status_code == 302
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [f"http://testserver{detail}"]
    assert [str(message) for message in get_messages(response.wsgi_request)] == [str(SENT_DATA_NOT_SAVED)]


def test_a_form_sent_from_another_site_does_not_become_the_return_address(client, make_user, offer):
    client.force_login(make_user(Role.OFFICIAL))
    withdraw = reverse("offers:withdraw", args=[offer.pk])
    response = client.post(withdraw, HTTP_REFERER="https://evil.example/")
    assert parse_qs(urlsplit(response["Location"]).query)["next"] == [withdraw]


def test_the_pages_needed_to_get_the_code_stay_open(client, make_user):
    client.force_login(make_user(Role.OFFICIAL))
    for name in ("accounts:otp_setup", "accounts:password_reset", "wagtailadmin_login"):
        response = client.get(reverse(name))
        assert response.status_code in (200, 302), name
        assert "dwuetapowe" not in response.get("Location", ""), name
    assert client.get(reverse("accounts:otp_setup")).status_code == 200


@pytest.mark.parametrize(
    ("role", "required"),
    [
        (Role.OFFICIAL, True),
        (Role.COMMITTEE_MEMBER, True),
        (Role.EDITOR, True),
        (Role.MONITORING_ADMIN, True),
        ("superuser", True),
        ("staff flag", True),
        (Role.NGO_MEMBER, False),
        (Role.FACILITY_MANAGER, False),
        (None, False),
    ],
    ids=str,
)
def test_who_must_confirm_a_code(make_user, role, required):
    assert second_factor_required(staff_user(make_user, role)) is required


def test_ngo_members_work_with_a_password_alone(client, make_user):
    member = make_user(Role.NGO_MEMBER)
    client.force_login(member)
    assert client.get(reverse("offers:list")).status_code == 200
    assert client.get(reverse("accounts:profile")).status_code == 200


# --- With the code confirmed, the pages open -------------------------------------------------------


def test_a_verified_official_reads_another_organisations_offer_on_the_site(client, make_user, offer):
    verified_login(client, make_user(Role.OFFICIAL))
    for name in ("offers:detail", "offers:versions", "offers:contract", "offers:reports"):
        response = client.get(reverse(name, args=[offer.pk]))
        assert response.status_code == 200, name
        assert offer.number in response.content.decode(), name


@pytest.mark.parametrize(
    ("role", "path"),
    [
        (Role.COMMITTEE_MEMBER, "/konto/komisja/"),
        (Role.EDITOR, "/admin/"),
        (Role.MONITORING_ADMIN, "/admin/"),
        ("superuser", "/admin/pages/"),
        (Role.OFFICIAL, "/konto/"),
    ],
    ids=str,
)
def test_verified_staff_reach_their_pages(client, make_user, role, path):
    verified_login(client, staff_user(make_user, role))
    assert client.get(path).status_code == 200


def test_a_verified_official_is_not_sent_to_the_code_anywhere(client, make_user, offer):
    """The gate lets a confirmed session through everywhere (what a page then allows is its own rule)."""
    verified_login(client, make_user(Role.OFFICIAL))
    for path in [path for path in gated_paths(offer) if path.startswith("/konto/")]:
        response = client.get(path)
        assert "dwuetapowe" not in response.get("Location", ""), path
