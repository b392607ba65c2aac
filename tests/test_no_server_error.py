"""No input ever makes the portal answer 500, and a refused POST changes nothing stored.

A property test (hypothesis) per URL pattern of the URLconf (see ``tests/fuzz_targets.py``
for how the patterns, addresses and fields are found): as anonymous, as the member of the
NGO that owns the offers and as an official with a verified second factor, it GETs the
pattern's addresses with arbitrary values in every query parameter the page's forms declare
(and the common ones: page, q, strona, typ…), sometimes with an arbitrary path argument, and
POSTs arbitrary values into every field of every form that posts to the pattern: any Unicode
text, control characters, 10,000 characters, numbers at and past every limit, empty values,
several values for one name, arbitrary files. It asserts that no request raises or answers
500 and that a refused POST (200 with form errors, 400, 403, 404, 405, 409, 429 or a redirect
to signing in) leaves the database as it was. A POST that is accepted may change data: that
is what valid forms are for.
"""

import re
import traceback
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import quote, urlsplit

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from . import fuzz_targets as fuzz

# --- Known 500s in code other branches own and are fixing (issue 12, item 1) -----------------
# Each entry skips one URL pattern until its fix is merged. The lead empties this block after
# merging; an entry must name the issue and the owner. Nothing else in this file hides a failure.
KNOWN_500: dict[str, str] = {
    "competitions:delete": "issue 12 item 1, sec-competitions: deleting a competition that has offers "
    "raises ProtectedError (competitions/wagtail_hooks.py viewset; refuse with a message instead)",
    "competitions:edit": "issue 12 item 1, sec-competitions: a rich text field (announcement) posted as "
    "anything but Draftail JSON raises JSONDecodeError in wagtail/admin/rich_text/editors/draftail:83",
}
# ---------------------------------------------------------------------------------------------

ROOT = django_settings.BASE_DIR
TARGETS = fuzz.targets()
BY_NAME = {target.name: target for target in TARGETS}
USERS = ["anonymous", "member", "official"]
REFUSED_STATUSES = {400, 403, 404, 405, 409, 429}
# Patterns that answer files (PDF, CSV, XLSX, scans): fetched by the test, not by the crawl,
# whose only use for a response is its links and forms. A performance choice, not a filter.
FILE_WORDS = ("pdf", "csv", "xlsx", "export", "eksport", "scan", "skan", "attachment", "zalacznik", "geojson")
CRAWL_PER_PATTERN = 2
EXAMPLES = 4
FORM_EXAMPLES = 15  # a pattern some form posts to: its fields are where input is parsed
FILE_EXAMPLES = 2  # PDFs render in WeasyPrint: a few examples say enough

# --- Values -------------------------------------------------------------------------------------

LIMITS = [
    "9" * 30,
    "-1",
    "0",
    "-0",
    "1e309",
    "-1e309",
    "1e-400",
    "1,5",
    "1 234,56",
    "1.234,56",
    "NaN",
    "Infinity",
    "-Infinity",
    "2147483648",
    "9223372036854775808",
    "99999999999.99",
    "0x1F",
    "١٢٣",
    "2027-02-30",
    "99999-12-31",
    "0000-00-00",
    "1/0",
]
ODD = st.one_of(
    st.text(max_size=60),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=5),
    st.sampled_from(LIMITS),
    st.just(""),
    st.just("x" * 10_000),
    st.just("\x00"),
    st.sampled_from(['"', "'", "</script><script>", "{{ 7*7 }}", "%s%s%n", "../../etc/passwd", "\\"]),
)


def value_for(plausible: list[str]):
    """Mostly a value the page itself offered (so the rest of a form stays valid and the
    code behind it runs), otherwise anything; sometimes several values for one name."""
    one = st.one_of(st.sampled_from(plausible), ODD) if plausible else ODD
    weighted = st.sampled_from(plausible) if plausible else ODD
    return st.one_of(weighted, weighted, one, st.lists(one, min_size=2, max_size=3))


def upload():
    return st.builds(
        lambda name, content: SimpleUploadedFile(name or "x", content),
        st.one_of(
            st.sampled_from(["statut.pdf", "a.docx", "x.exe.pdf", ".pdf", "a" * 300 + ".pdf"]), st.text()
        ),
        st.one_of(st.binary(max_size=200), st.just(b"%PDF-1.4 statut"), st.just(b"")),
    )


@st.composite
def post_data(draw, spec: fuzz.FormSpec) -> dict:
    """Either the page's own values with one to three fields made odd (so the code behind a
    form that is otherwise valid runs: sums, overflows, the wizard's revision), or every
    field anything."""
    names = sorted(spec.fields)
    chaos = draw(st.integers(0, 4)) == 0
    odd = set() if chaos or not names else draw(st.sets(st.sampled_from(names), min_size=1, max_size=3))
    data = {}
    for name in names:
        plausible = spec.fields[name]
        if name in odd:
            data[name] = draw(st.one_of(ODD, ODD, ODD, st.lists(ODD, min_size=2, max_size=3)))
        elif chaos:
            if draw(st.integers(0, 9)) == 0:
                continue  # a field left out of the POST altogether
            data[name] = draw(value_for(plausible))
        elif plausible:
            data[name] = plausible[0]  # the value the page shows now
    for name in spec.files:
        if draw(st.booleans()):
            data[name] = draw(upload())
    return data


# --- The world the requests act on --------------------------------------------------------------


@dataclass
class World:
    clients: dict[str, Client]
    users: dict
    devices: dict
    urls: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    forms: dict[str, dict[str, list]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    params: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    values: dict = field(default_factory=dict)

    def sign_in(self, who: str) -> Client:
        client = self.clients[who]
        user = self.users[who]
        if user is None:
            client.cookies.clear()
            return client
        client.force_login(user)
        if who in self.devices:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = self.devices[who].persistent_id
            session.save()
        return client


def _build(world_values: dict):
    """The objects every pattern's arguments point at."""
    from competitions import offer_services
    from competitions.tests.offer_helpers import open_competition
    from competitions.tests.test_reports import signed_offer
    from home.tests.factories import add_document, build_site
    from organisations.choices import Role
    from organisations.models import Invitation
    from organisations.services import user_grant_role
    from organisations.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

    site = build_site(news_count=2)
    document = add_document("Regulamin konkursu")
    official = UserFactory()
    user_grant_role(user=official, role=Role.OFFICIAL)
    device = TOTPDevice.objects.create(user=official, name="fuzz", confirmed=True)
    organisation = OrganisationFactory(name="Fundacja Seniorzy Razem")
    member = MembershipFactory(organisation=organisation, is_admin=True).user
    competition = open_competition(official)
    draft = offer_services.offer_start(user=member, competition=competition, organisation=organisation)
    signed = signed_offer(official, organisation)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email="zaproszona@example.org",
        invited_by=member,
        expires_at=timezone.now() + timedelta(days=7),
    )
    world_values.update(
        pk=[draft.pk, signed.pk, competition.pk, signed.competition_id, organisation.pk, invitation.pk],
        slug=[competition.slug, organisation.slug, signed.competition.slug],
        report_pk=list(signed.reports.values_list("pk", flat=True)),
        offer_pk=[signed.pk, draft.pk],
        token=[invitation.token],
        pages=[page.url for page in (site.home, site.standard, site.faq, site.library, site.consultation)],
        documents=[document.url],
    )
    return {"anonymous": None, "member": member, "official": official}, {"official": device}


def _path(target: fuzz.Target, kwargs: dict) -> str:
    path = target.route
    for name, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", quote(str(value), safe=""), path)
    return "/" + path


def _seeds(target: fuzz.Target, values: dict) -> list[str]:
    """Addresses of ``target`` built from the world's objects (the crawl adds what pages link to)."""
    if fuzz.is_regex(target):
        return {"wagtail_serve": values["pages"], "wagtaildocs_serve": values["documents"]}.get(
            target.name, []
        )
    kwargs = fuzz.route_kwargs(target)
    if not kwargs:
        return [_path(target, {})]
    first = {name: (values.get(name) or [1 if conv == "int" else "x"])[0] for name, conv in kwargs.items()}
    seeds = []
    for name in kwargs:
        for value in (values.get(name) or [])[:6]:
            seeds.append(_path(target, {**first, name: value}))
    return seeds or [_path(target, first)]


def _is_file(target: fuzz.Target) -> bool:
    return any(word in (target.route + target.name).lower() for word in FILE_WORDS)


def _crawl(world: World) -> None:
    """Visit the site as each user from the pages without arguments and the links (and
    redirects) found, then from the world's own objects, recording each pattern's addresses,
    the query parameters its forms and links use, and the POST forms that post to it."""
    starts = [
        url for target in TARGETS if not fuzz.route_kwargs(target) for url in _seeds(target, world.values)
    ]
    fallback = [
        url for target in TARGETS if fuzz.route_kwargs(target) for url in _seeds(target, world.values)
    ]
    for who in USERS:
        client = world.sign_in(who)
        pages: dict[tuple, int] = defaultdict(int)
        tries: dict[tuple, int] = defaultdict(int)
        links, seeds, seen = deque(starts), deque(fallback), set()
        while links or seeds:
            url = links.popleft() if links else seeds.popleft()
            path = urlsplit(url).path
            target, kwargs = fuzz.target_of(path, BY_NAME)
            if target is None:
                continue
            # Text arguments name different screens (the wizard's steps, the update's sections):
            # each is crawled; ids only name other objects shown by the same screen.
            key = (target.name, tuple(sorted((k, v) for k, v in kwargs.items() if isinstance(v, str))))
            for name in urlsplit(url).query.split("&"):
                if name.split("=")[0]:
                    world.params[target.name].add(name.split("=")[0])
            if path in seen or pages[key] >= CRAWL_PER_PATTERN or tries[key] >= 6:
                continue
            seen.add(path)
            tries[key] += 1
            if _is_file(target):
                pages[key] += 1
                if path not in world.urls[target.name]:
                    world.urls[target.name].append(path)
                continue
            try:
                with transaction.atomic():
                    response = client.get(path)
            except Exception:  # noqa: S112 (the property test reports it, with its input)
                continue
            if response.status_code in (301, 302, 303):
                links.appendleft(response["Location"])
            if response.status_code != 200:
                continue
            pages[key] += 1
            if path not in world.urls[target.name]:
                world.urls[target.name].append(path)
            if "html" not in response.get("Content-Type", ""):
                continue
            _record_page(world, who, target, path, response)
            _forms, found = fuzz.parse_page(response.content.decode(errors="replace"))
            links.extend(link for link in found if link.startswith("/") and not link.startswith("//"))
        world.sign_in(who)  # a crawled "log out" link must not leave the next user signed out


def _record_page(world: World, who: str, target: fuzz.Target, path: str, response) -> None:
    forms, _links = fuzz.parse_page(response.content.decode(errors="replace"))
    for method, spec in forms:
        if method == "get":
            action_target, _ = fuzz.target_of(spec.action or path, BY_NAME)
            world.params[(action_target or target).name].update(spec.fields)
    context_fields, context_files = fuzz.context_fields(response)
    world.params[target.name].update(context_fields)
    for action, specs in fuzz.group_forms(path, forms).items():
        action_target, _ = fuzz.target_of(action, BY_NAME)
        if action_target is None:
            continue
        for spec in specs:
            spec.action = action
            if action == path:  # the page's own forms: the context knows their choices too
                for name, values in context_fields.items():
                    if name in spec.fields:
                        spec.fields[name] += [v for v in values if v not in spec.fields[name]][:8]
            known = world.forms[action_target.name][who]
            if all(set(spec.fields) != set(other.fields) for other in known):
                known.append(spec)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once per module in a transaction rolled back at the end; each test runs in a
    savepoint of it (pytest-django's ``db``), so what one test's POSTs change is undone."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            values: dict = {}
            users, devices = _build(values)
            built = World(
                clients={who: Client() for who in USERS}, users=users, devices=devices, values=values
            )
            _crawl(built)
            yield built
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- The property --------------------------------------------------------------------------------


def _refused(response) -> bool:
    if response.status_code in REFUSED_STATUSES:
        return True
    if response.status_code in (301, 302, 303):
        location = response.get("Location", "")
        return any(word in location for word in ("/logowanie/", "/login/", "/dwuetapowe/"))
    if response.status_code == 200:
        contexts = response.context if isinstance(response.context, list) else [response.context]
        for context in [c for c in contexts if c is not None]:
            for form in fuzz._context_forms(context):
                if form.is_bound and form.errors:
                    return True
    return False


def _request(client, method: str, url: str, data, who: str, target) -> tuple:
    """The response, or the report of an exception or 500 (URL, user, data, last line)."""
    try:
        with transaction.atomic():  # a database error must not poison the test's transaction
            response = getattr(client, method)(url, data)
    except Exception as error:
        last = traceback.format_exception(error)[-1].strip()
        where = _where(error)
        return None, f"{method.upper()} {url} as {who}: {last} at {where}\n  data={_short(data)}"
    if response.status_code >= 500:
        return None, f"{method.upper()} {url} as {who}: HTTP {response.status_code}\n  data={_short(data)}"
    return response, ""


def _where(error) -> str:
    """The deepest frame of the portal's own code, and the frame that raised when elsewhere."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [
        f
        for f in frames
        if f.filename.startswith(str(ROOT)) and "/.venv/" not in f.filename and f.filename != __file__
    ]
    where = f"{own[-1].filename.removeprefix(str(ROOT) + '/')}:{own[-1].lineno}" if own else "?"
    if frames and (not own or frames[-1] is not own[-1]):
        where += f" (raised in {frames[-1].filename.split('site-packages/')[-1]}:{frames[-1].lineno})"
    return where


def _short(data) -> str:
    text = repr(
        {
            k: (v if not isinstance(v, str) or len(v) < 80 else v[:40] + f"…({len(v)})")
            for k, v in data.items()
        }
    )
    return text[:1500]


def _fuzzed_path(draw, target: fuzz.Target, urls: list[str]) -> str:
    url = draw(st.sampled_from(urls))
    kwargs = fuzz.route_kwargs(target)
    if not kwargs or fuzz.is_regex(target) or draw(st.integers(0, 4)) != 0:
        return url
    _found, current = fuzz.target_of(url, BY_NAME)
    name = draw(st.sampled_from(sorted(kwargs)))
    odd = st.sampled_from(["9" * 30, "0"]) if kwargs[name] == "int" else st.text(min_size=1, max_size=40)
    value = draw(odd)
    if kwargs[name] == "slug":
        value = "".join(ch for ch in value if ch.isalnum() or ch in "-_") or "x"
    return _path(target, {**current, name: value})


@pytest.mark.parametrize("target", TARGETS, ids=[target.id for target in TARGETS])
def test_no_input_answers_500_and_a_refused_post_changes_nothing(target, world, db):
    if target.name in KNOWN_500:
        pytest.skip(f"known 500, being fixed: {KNOWN_500[target.name]}")
    urls = world.urls.get(target.name) or _seeds(target, world.values)
    assert urls, f"no address found for {target.id}"
    param_names = sorted(world.params.get(target.name, set()) | set(fuzz.COMMON_PARAMS))
    examples = FILE_EXAMPLES if _is_file(target) else EXAMPLES
    if world.forms.get(target.name):
        examples = FORM_EXAMPLES

    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        # No shrinking: every shrinking step is a few requests, and the report below already
        # names the URL, the user and the data.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def requests(data):
        specs = world.forms.get(target.name, {})
        # Mostly someone the page offers a form to, so the forms behind it are exercised.
        with_forms = [who for who in USERS if specs.get(who)] or USERS
        who = data.draw(st.one_of(st.sampled_from(with_forms), st.sampled_from(USERS)), label="user")
        client = world.sign_in(who)
        url = _fuzzed_path(data.draw, target, urls)
        names = data.draw(st.lists(st.sampled_from(param_names), max_size=5, unique=True), label="params")
        params = {name: data.draw(value_for([]), label=name) for name in names}
        _response, failure = _request(client, "get", url, params, who, target)
        assert not failure, failure

        candidates = specs.get(who) or [spec for forms in specs.values() for spec in forms]
        if candidates:
            spec = data.draw(st.sampled_from(candidates), label="form")
            body = data.draw(post_data(spec), label="post")
        else:
            body = params  # no form posts here: a POST must still be refused cleanly
        client = world.sign_in(who)
        before = fuzz.fingerprint()
        response, failure = _request(client, "post", url, body, who, target)
        assert not failure, failure
        if _refused(response):
            changed = fuzz.changes(before, fuzz.fingerprint())
            assert not changed, (
                f"POST {url} as {who} was refused (HTTP {response.status_code}) but changed "
                f"{changed}\n  data={_short(body)}"
            )

    requests()


def test_the_fingerprint_sees_a_changed_offer_and_a_new_row(world, db):
    # Without this the "refused POST changes nothing" assertion could be vacuous.
    from competitions.models import Offer
    from notifications.models import Notification

    before = fuzz.fingerprint()
    offer = Offer.objects.order_by("pk").first()
    Offer.objects.filter(pk=offer.pk).update(title=offer.title + " (zmieniona)")
    assert fuzz.changes(before, fuzz.fingerprint())
    before = fuzz.fingerprint()
    Notification.objects.create(recipient=world.users["member"], event="test", title="x")
    assert any("notifications_notification" in change for change in fuzz.changes(before, fuzz.fingerprint()))


def test_the_walk_reaches_the_forms_that_matter(world):
    # The discovery is automatic; this guards it against silently finding nothing.
    assert len(TARGETS) > 100
    step_fields = {name for spec in world.forms["offers:step"]["member"] for name in spec.fields}
    assert {"revision", "offer_wizard-current_step"} <= step_fields
    assert any("-TOTAL_FORMS" in name for name in step_fields)  # a formset step was reached
    assert world.forms["offers:upload_attachment"]["member"]  # a POST-only view, from the wizard page
    assert world.forms["accounts:login"]["anonymous"]
    assert world.forms["competitions:edit"]["official"]  # an admin screen, with the second factor
