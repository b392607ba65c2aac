"""Benchmark of the offer generator: saving a step, a 10-page offer PDF, the deadline surge.

    .venv/bin/python bench/offers.py                    # full run (about 15 minutes)
    .venv/bin/python bench/offers.py --quick            # smoke run: fewer requests, 30 submissions
    .venv/bin/python bench/offers.py --parts pdf        # some parts only: step, pdf, surge
    .venv/bin/python bench/offers.py --fresh            # drop portal_bench_offers and migrate again
    .venv/bin/python bench/offers.py --parts surge --worker-classes sync --modes burst   # one surge only

The issue's targets and how each is measured:

1. **Saving one wizard step: under 50 ms of server time.** On PostgreSQL (database
   ``portal_bench_offers``, ``portal.settings.production`` with DEBUG off), many POSTs of
   the "task" step and of the "costs" step with 20 rows go through ``django.test.Client``
   in this process: wall time and CPU time (``time.process_time``) per request, p50 and
   p99. Then the same POSTs go one at a time over HTTP to gunicorn: latency, the time
   gunicorn's access log gives for the request (``%(D)s``), and the CPU the gunicorn
   workers spent per request (from /proc). For comparison, the summary step's POST (the
   submission) of fresh drafts, one at a time in-process, and where its CPU goes (cProfile).
2. **A 10-page offer PDF: under 150 ms per page.** An offer filled through the real step
   forms and services with long texts, activities and cost rows, marked as submitted
   (number, checksum), is rendered with ``offer_documents.render_offer_pdf`` several
   times in this process; pages are counted with pypdf and every page is checked for the
   checksum. One more render runs under cProfile and is shared out by library.
3. **Deadline surge: 200 submissions in the last minute.** 200 organisations (plus one
   that comes late), each with a member and a complete draft (every step saved through
   the step forms and ``offer_save_step``, the required attachment through
   ``offer_attachment_add``, ``offer_rule_problems(offer) == []``). gunicorn serves
   production settings with Celery on Redis DB 7, so submitted offers' PDFs render in a
   separate ``celery -A portal worker --concurrency=1`` started here. Every member gets a
   session row in the database and a CSRF cookie; the deadline is moved 60 s ahead and
   the summary step's POST (the "submit") is sent, each on its own new connection, from one
   client thread with non-blocking sockets (``fire_all``; 200 client threads cost the two
   cores about 14 ms of CPU per request and sent the last requests seconds late):
   ``burst``, all 200 at once 20 s before the deadline, and ``spread``, one every 0.25 s
   from 55 s to 5 s before it. The client's own CPU is reported. Checked: 200 redirects to
   the submitted offer, no 5xx, 200 submitted offers with the 200 numbers 001–200, one
   transition each; latency p50/p99 (from sending); then the time the
   worker needs for 200 PDFs and 200 e-mails, and that no web worker ever rendered a PDF
   (Pango never mapped into a gunicorn process). One more member submits 1 s after the
   deadline and must be refused, be told so, and keep the draft.

gunicorn runs 2 ``sync`` workers, as the README deploys it (one per core, the site
benchmark's count); the burst runs once more on 2 ``gthread`` workers with 4 threads each
for comparison (``--worker-classes``, ``--threads``): threads sharing one interpreter hand
the GIL back and forth, which cost about 4 ms of CPU more per submission here. Figures go to stdout and to
``bench/out/offers-<timestamp>.md`` and ``.json`` (git-ignored); "other work, cores" is
the machine's busy time not explained by the processes measured (a shared machine).

Reuses ``bench/run.py`` (environment, database creation) and ``bench/harness.py``
(gunicorn, CPU time from /proc). Before each part it waits, checking once a minute, while
someone else's gunicorn is running (another benchmark), at most 10 minutes in all.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import run as site_bench  # noqa: E402
from bench.harness import (  # noqa: E402
    Gunicorn,
    child_pids,
    cpu_seconds,
    machine_busy_seconds,
)

DB_NAME = "portal_bench_offers"
CACHE_URL = "redis://127.0.0.1:6379/6"  # not DB 5: the site benchmark flushes that one
BROKER_URL = "redis://127.0.0.1:6379/7"
OUT = ROOT / "bench" / "out"
PRIVATE_MEDIA = OUT / "offers-private-media"
BIN = Path(sys.executable).parent
WORKERS = 2
WARM_UP_PER_WORKER = 3  # submissions per web worker (per thread) before a surge
PASSWORD = "bench-haslo-offers-2027"
STATUTE = b"%PDF-1.4\n% statut organizacji (bench)\n" + b"0" * 20_000

# Targets from the issue.
STEP_TARGET_MS = 50
PDF_TARGET_MS_PER_PAGE = 150
SURGE_P99_TARGET_S = 2.0

# Filler in the shape of what organisations write.
SENTENCES = [
    "Zadanie odpowiada na potrzeby dzieci i młodzieży z rodzin w trudnej sytuacji materialnej.",
    "Zajęcia prowadzą doświadczeni wychowawcy, animatorzy kultury i trenerzy sportowi.",
    "Uczestnicy biorą udział w warsztatach plastycznych, muzycznych i przyrodniczych.",
    "Współpracujemy z ośrodkiem pomocy społecznej, szkołami i radą dzielnicy.",
    "Rezultaty mierzymy listami obecności, ankietami i rozmowami z rodzicami.",
    "Każdy turnus kończy się festynem otwartym dla mieszkańców dzielnicy.",
    "Zapewniamy dwa posiłki dziennie, ubezpieczenie i opiekę pielęgniarską.",
    "Działania są dostępne dla osób z niepełnosprawnościami; sale nie mają progów.",
]


def filler(chars: int, seed: int = 0) -> str:
    """Plausible Polish text of about ``chars`` characters, in paragraphs."""
    words, n = [], seed
    while sum(len(w) + 1 for w in words) < chars:
        words.append(SENTENCES[n % len(SENTENCES)])
        n += 1
        if n % 5 == 0:
            words.append("\n")
    return " ".join(words)[:chars].rstrip()


# --- helpers ---------------------------------------------------------------------------------------------


def percentile(values, p: float) -> float:
    """Linear interpolation between closest ranks (as numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = (len(ordered) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


def foreign_gunicorns(own: set[int]) -> list[int]:
    """PIDs of gunicorn processes this benchmark did not start."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) in own:
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if b"bin/gunicorn" in cmdline or cmdline.startswith(b"gunicorn"):
            found.append(int(entry.name))
    return found


class OtherBenchmarks:
    """Waits while someone else's gunicorn runs (another benchmark), checking once a minute, for at most
    ``budget`` seconds over the whole run; then goes ahead."""

    def __init__(self, budget: int, every: int = 60):
        self.left = budget
        self.every = every
        self.own: set[int] = set()

    def wait(self) -> None:
        while True:
            others = foreign_gunicorns(self.own)
            if not others:
                return
            if self.left <= 0:
                print(f"  other gunicorn processes running ({others}); going ahead", flush=True)
                return
            print(f"  other gunicorn processes running ({len(others)}); checking again in {self.every} s")
            time.sleep(self.every)
            self.left -= self.every


def machine() -> dict:
    info = site_bench.machine()
    info["load_1min"] = round(os.getloadavg()[0], 2)
    return info


# --- HTTP ------------------------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    location: str
    started: float  # time.monotonic()
    seconds: float
    cookies: dict = field(default_factory=dict)
    body: bytes = b""
    error: str = ""


def http_request(
    port: int, method: str, path: str, cookies: dict, fields: dict | None = None, timeout: float = 120
) -> Reply:
    """One request on a new connection (as a browser after a pause would open); no redirects followed."""
    started = time.monotonic()
    t0 = time.perf_counter()
    connection = HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    body = None
    if fields is not None:
        body = urlencode(fields)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read()
        jar = SimpleCookie()
        for value in response.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return Reply(
            status=response.status,
            location=response.getheader("Location", ""),
            started=started,
            seconds=time.perf_counter() - t0,
            cookies={k: m.value for k, m in jar.items()},
            body=content,
        )
    except OSError as error:
        return Reply(0, "", started, time.perf_counter() - t0, error=repr(error))
    finally:
        connection.close()


def fire_all(
    port: int, requests: list[tuple[float, str, str, dict, dict]], timeout: float = 120
) -> list[Reply]:
    """Send each ``(offset, method, path, cookies, fields)`` on its own new connection ``offset`` s after the
    call, from this one thread, and read every answer (no redirects followed).

    Non-blocking sockets and a selector, requests built beforehand: 200 requests leave within a few
    milliseconds and the client spends a fraction of a millisecond of CPU on each, where 200 threads with
    ``http.client`` spent about 14 ms each (GIL hand-offs) on the two cores the server also needs, and sent
    the last ones seconds late.
    """
    import selectors
    import socket

    def build(method, path, cookies, fields) -> bytes:
        body = urlencode(fields).encode() if fields is not None else b""
        head = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{port}",
            "Cookie: " + "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Connection: close",
        ]
        if fields is not None:
            head += ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}"]
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body

    def parse(raw: bytes, started: float, seconds: float) -> Reply:
        head, _, body = raw.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        try:
            status = int(lines[0].split()[1])
        except (IndexError, ValueError):
            return Reply(0, "", started, seconds, error=f"bad answer: {raw[:80]!r}")
        location, jar = "", SimpleCookie()
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "location":
                location = value.strip()
            elif name.lower() == "set-cookie":
                jar.load(value.strip())
        return Reply(status, location, started, seconds, {k: m.value for k, m in jar.items()}, body)

    payloads = [
        (offset, build(method, path, cookies, fields)) for offset, method, path, cookies, fields in requests
    ]
    order = sorted(range(len(payloads)), key=lambda i: payloads[i][0])
    replies: list[Reply | None] = [None] * len(payloads)
    state: dict[int, dict] = {}
    selector = selectors.DefaultSelector()
    zero = time.monotonic()
    t_zero = time.perf_counter()
    deadline = zero + max(offset for offset, _ in payloads) + timeout
    queued = 0
    try:
        while queued < len(order) or state:
            now = time.monotonic()
            while queued < len(order) and payloads[order[queued]][0] <= now - zero:
                i = order[queued]
                queued += 1
                sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
                sock.setblocking(False)
                sock.connect_ex(("127.0.0.1", port))
                state[i] = {
                    "sock": sock,
                    "out": memoryview(payloads[i][1]),
                    "in": bytearray(),
                    "started": now,
                    "t0": time.perf_counter(),
                }
                selector.register(sock, selectors.EVENT_WRITE, i)
            if now > deadline:
                break
            wait = 1.0
            if queued < len(order):
                wait = max(0.0, min(wait, zero + payloads[order[queued]][0] - time.monotonic()))
            for key, events in selector.select(wait):
                i, item = key.data, state[key.data]
                sock = item["sock"]
                try:
                    if events & selectors.EVENT_WRITE:
                        sent = sock.send(item["out"])
                        item["out"] = item["out"][sent:]
                        if not item["out"]:
                            selector.modify(sock, selectors.EVENT_READ, i)
                        continue
                    chunk = sock.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError as error:
                    replies[i] = Reply(
                        0, "", item["started"], time.perf_counter() - item["t0"], error=repr(error)
                    )
                    chunk = None
                if chunk:
                    item["in"] += chunk
                    continue
                if replies[i] is None:
                    replies[i] = parse(bytes(item["in"]), item["started"], time.perf_counter() - item["t0"])
                selector.unregister(sock)
                sock.close()
                del state[i]
    finally:
        for i, item in state.items():
            replies[i] = Reply(0, "", item["started"], time.perf_counter() - item["t0"], error="timed out")
            item["sock"].close()
        selector.close()
    return [
        reply or Reply(0, "", zero, time.perf_counter() - t_zero, error="never sent") for reply in replies
    ]


def gunicorn_cmd_args(worker_class: str, threads: int, access_log: Path) -> str:
    """Options the harness's Gunicorn does not take, passed through GUNICORN_CMD_ARGS."""
    args = [f"--worker-class={worker_class}", "--timeout=120", f"--access-logfile={access_log}"]
    if worker_class == "gthread":
        args.append(f"--threads={threads}")
    # Status, microseconds from the request read to the response written, method, path.
    return " ".join(args) + " --access-logformat='%(s)s %(D)s %(m)s %(U)s'"


def access_log_micros(path: Path, method: str, pattern: str) -> list[float]:
    """Server-side milliseconds of the logged requests whose path matches ``pattern``."""
    found = []
    regex = re.compile(pattern)
    for line in path.read_text().splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[2] == method and regex.search(parts[3]):
            found.append(int(parts[1]) / 1000)
    return found


class CeleryWorker:
    """``nice -n 10 celery -A portal worker --concurrency=1`` in its own session, stopped on exit."""

    def __init__(self, env: dict, log: Path):
        self.log_path = log
        self._log = log.open("w")
        self.process = subprocess.Popen(
            [
                # As the README deploys it: PDFs and e-mails may wait, people at the deadline may not.
                "nice",
                "-n",
                "10",
                str(BIN / "celery"),
                "-A",
                "portal",
                "worker",
                "--concurrency=1",
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--hostname=offers-bench@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        # With the kernel's autogroups (sched_autogroup_enabled), a new session is a new scheduling
        # group, and a process's nice only ranks it within its own group: against gunicorn's group
        # the worker had an equal share (a third of the cores during a burst). The group's nice is
        # what makes it yield, so it gets the same 10.
        self.autogroup = ""
        try:
            Path(f"/proc/{self.process.pid}/autogroup").write_text("10")
            self.autogroup = Path(f"/proc/{self.process.pid}/autogroup").read_text().strip()
        except OSError:
            pass  # no autogroups: plain nice applies

    def pids(self) -> list[int]:
        return [self.process.pid, *child_pids(self.process.pid)]

    def cpu_seconds(self) -> float:
        return sum(cpu_seconds(pid) for pid in self.pids())

    def wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Celery worker exited; see {self.log_path}")
            if " ready." in self.log_path.read_text():
                return
            time.sleep(0.3)
        raise RuntimeError(f"the Celery worker was not ready in {timeout} s; see {self.log_path}")

    def task_seconds(self, task: str) -> list[float]:
        """Run times of the tasks named ``task`` that succeeded, from the worker's log."""
        pattern = re.compile(rf"Task {re.escape(task)}\[[^\]]+\] succeeded in ([\d.]+)s")
        return [float(m.group(1)) for m in pattern.finditer(self.log_path.read_text())]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # warm shutdown: finishes the task at hand
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # the session we started, nothing else
                self.process.wait()
        self._log.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def pango_loaded(pid: int) -> bool:
    """Whether WeasyPrint's Pango library is mapped into the process (i.e. it has rendered a PDF)."""
    try:
        return "libpango" in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


# --- environment and Django ------------------------------------------------------------------------------


def bench_env(static_root: Path) -> dict:
    """The site benchmark's environment (production settings, DEBUG off) on our database and Redis DBs."""
    site_bench.DB_NAME = DB_NAME  # its helpers read the module's DB_NAME: point them at our database
    env = site_bench.bench_env(static_root)
    env.update(
        CACHE_URL=CACHE_URL,
        CELERY_BROKER_URL=BROKER_URL,
        CELERY_RESULT_BACKEND=BROKER_URL,
        PRIVATE_MEDIA_ROOT=str(PRIVATE_MEDIA),
        EMAIL_URL="consolemail://",  # the worker's log then shows every confirmation sent
        AXES_FAILURE_LIMIT="1000",
        LOG_LEVEL="WARNING",
    )
    return env


def prepare_django(fresh: bool) -> None:
    import django
    from django.core.management import call_command

    site_bench.ensure_database(fresh)  # creates portal_bench_offers (DB_NAME set by bench_env)
    django.setup()
    started = time.perf_counter()
    site_bench.compile_messages()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"migrated and collected static files in {time.perf_counter() - started:.1f} s", flush=True)


def flush_redis() -> None:
    import redis

    for url in (CACHE_URL, BROKER_URL):
        redis.Redis.from_url(url).flushdb()


# --- data ------------------------------------------------------------------------------------------------


def offer_post_data(organisation, *, activities: int, results: int, costs: int, text: int) -> dict:
    """A valid POST for every step (the tests' ``step_data``) made as large as asked."""
    from competitions.tests.offer_helpers import rows, step_data

    data = step_data(organisation)
    data["task"] = {
        **data["task"],
        "task-description": filler(min(6000, text * 2)),
        "task-target_group": filler(min(2000, text // 2), 3),
        "task-expected_results": filler(min(3000, text), 5),
    }
    data["schedule"] = rows(
        "schedule",
        [
            {
                "name": f"Działanie {i + 1}: warsztaty i zajęcia terenowe",
                "description": filler(240, i),
                "group": "dzieci w wieku 7–12 lat i ich rodzice",
                "start": f"2027-07-{1 + i % 28:02d}",
                "end": f"2027-08-{1 + i % 28:02d}",
                "partner": "",
            }
            for i in range(activities)
        ],
    )
    data["results"] = rows(
        "results",
        [
            {
                "result": f"Rezultat {i + 1}: uczestnicy warsztatów",
                "planned_level": f"{20 + i} osób",
                "measured_by": "listy obecności, ankiety ewaluacyjne",
            }
            for i in range(results)
        ],
    )
    data["characteristics"] = {
        "characteristics-experience": filler(min(4000, text), 1),
        "characteristics-resources": filler(min(4000, text), 2),
    }
    cost_rows = [
        {
            "category": "administrative" if i % 7 == 6 else "activity",
            "name": f"Koszt {i + 1}: wynagrodzenie, materiały i wynajem sali",
            "unit": "godz." if i % 2 else "szt.",
            "unit_cost": f"{40 + i % 13}.50",
            "units": str(10 + i % 9),
            "year": "2027",
        }
        for i in range(costs)
    ]
    data["costs"] = rows("costs", cost_rows)
    total = sum(Decimal(r["unit_cost"]) * Decimal(r["units"]) for r in cost_rows)
    grant = (total * Decimal("0.85")).quantize(Decimal("0.01"))
    data["financing"] = {
        "financing-grant": str(grant),
        "financing-own_financial": str(total - grant),
        "financing-own_personal": "0",
        "financing-own_in_kind": "0",
        "financing-participant_fees": "0",
        "financing-other_public": "0",
    }
    data["other"] = {"other-other": filler(min(4000, text), 4)}
    return data


TYPICAL = {"activities": 6, "results": 4, "costs": 20, "text": 1200}  # step timing and the surge
TEN_PAGES = {"activities": 12, "results": 6, "costs": 22, "text": 2000}  # the PDF


class Seeder:
    """Competitions, organisations with one member each, and complete drafts, made through the services."""

    def __init__(self, tag: str):
        from django.contrib.auth.hashers import make_password

        from organisations.choices import Role
        from organisations.models import User
        from organisations.services import user_grant_role

        self.tag = tag
        self.password = make_password(PASSWORD)  # hashed once: hashing it 200 times would take a minute
        self.official = User.objects.create(
            email=f"urzednik-{tag}@example.org", password=self.password, first_name="Urzędnik"
        )
        user_grant_role(user=self.official, role=Role.OFFICIAL)
        self._members = 0

    def competition(self, name: str):
        from django.utils import timezone

        from competitions import services
        from competitions.models import Competition, RequiredAttachment
        from organisations.models import PublicBenefitSphere

        competition = Competition.objects.create(
            title=f"Wypoczynek letni dzieci i młodzieży ({name}, {self.tag})",
            slug=f"bench-{self.tag}-{name}",
            signature=f"BENCH/{self.tag}/{name}"[:40],
            sphere=PublicBenefitSphere.objects.get(code="14"),
            task_type="Organizacja wypoczynku dla dzieci i młodzieży w okresie wakacji",
            announcement="<p>Prezydent m.st. Warszawy ogłasza otwarty konkurs ofert.</p>",
            funds_allotted=Decimal("50000000.00"),
            granting_rules="Dotacja do 90% kosztów zadania.",
            implementation_conditions="Zadanie realizowane na terenie Warszawy.",
            implementation_start=date(2027, 7, 1),
            implementation_end=date(2027, 8, 31),
            offer_deadline=timezone.now() + timedelta(days=30),
            selection_procedure="Ocena formalna i merytoryczna przez komisję konkursową.",
            selection_criteria="Jakość, koszty, doświadczenie.",
            selection_date=date(2027, 5, 15),
            min_grant=Decimal("1000.00"),
            max_grant=Decimal("5000000.00"),
            min_own_contribution=Decimal("10.00"),
        )
        RequiredAttachment.objects.create(competition=competition, name="Statut organizacji", sort_order=0)
        return services.competition_announce(user=self.official, competition=competition)

    def members(self, count: int) -> list:
        """``count`` organisations, each with one member (its administrator); returns the users."""
        from organisations.choices import District, LegalForm
        from organisations.demo import nip_with_check_digit
        from organisations.models import Membership, Organisation, User

        taken = set(Organisation.objects.values_list("nip", flat=True))
        nips, body = [], 700_000_000
        while len(nips) < count:
            nip = nip_with_check_digit(f"{body:09d}")
            body += 1
            if nip and nip not in taken:
                nips.append(nip)
                taken.add(nip)
        first = self._members
        self._members += count
        users = User.objects.bulk_create(
            User(
                email=f"czlonek-{self.tag}-{first + i}@example.org",
                password=self.password,
                first_name="Alicja",
                last_name=f"Nowak-{first + i}",
            )
            for i in range(count)
        )
        organisations = Organisation.objects.bulk_create(
            Organisation(
                name=f"Fundacja Benchmarkowa {self.tag}-{first + i}",
                slug=f"fundacja-bench-{self.tag}-{first + i}",
                legal_form=LegalForm.FOUNDATION,
                district=District.WOLA,
                nip=nip,
                street_address="ul. Ząbkowska 12",
                postal_code="03-736",
                email=f"biuro-{first + i}@example.org",
            )
            for i, nip in enumerate(nips)
        )
        Membership.objects.bulk_create(
            Membership(user=user, organisation=organisation, is_admin=True)
            for user, organisation in zip(users, organisations, strict=True)
        )
        return list(User.objects.filter(pk__in=[u.pk for u in users]).order_by("pk"))

    def draft(self, user, competition, size: dict, upto: str = "attachments"):
        """A draft with every step up to ``upto`` saved the way the wizard saves it."""
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.http import QueryDict

        from competitions import offer_services
        from competitions.offer_forms import STEPS
        from competitions.offer_views import _cleaned, _raw

        organisation = user.memberships.get().organisation
        data = offer_post_data(organisation, **size)
        offer = offer_services.offer_start(user=user, competition=competition, organisation=organisation)
        for name, form_class, _heading in STEPS:
            if name == "partners" and not competition.joint_offers_allowed:
                continue
            if name == "attachments":
                offer_services.offer_attachment_add(
                    user=user,
                    offer=offer,
                    required=competition.required_attachments.get(),
                    upload=SimpleUploadedFile("statut.pdf", STATUTE, content_type="application/pdf"),
                )
            post = QueryDict(urlencode(data[name]))
            kwargs = {"competition": competition, "organisation": organisation, "previous": offer.content}
            if name == "attachments":
                kwargs["offer"] = offer
            form = form_class(data=post, prefix=name, **kwargs)
            if not form.is_valid():
                errors = form.errors if not hasattr(form, "non_form_errors") else form.non_form_errors()
                raise RuntimeError(f"step {name} of the seeded offer is not valid: {errors} {form.errors}")
            offer = offer_services.offer_save_step(
                user=user,
                offer=offer,
                step=name,
                cleaned=_cleaned(form),
                raw=_raw(post, name),
                revision=offer.revision,
            )
            if name == upto:
                break
        problems = offer_services.offer_rule_problems(offer)
        if upto == "attachments" and problems:
            raise RuntimeError(f"the seeded draft cannot be submitted: {problems}")
        return offer


def session_cookies(user) -> dict:
    """A signed-in session stored the way ``django.contrib.auth.login`` stores it, and a CSRF cookie."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.crypto import get_random_string

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return {settings.SESSION_COOKIE_NAME: store.session_key, settings.CSRF_COOKIE_NAME: get_random_string(32)}


def step_url(offer, step: str) -> str:
    from django.urls import reverse

    return reverse("offers:step", kwargs={"pk": offer.pk, "step": step})


def step_post(step: str, data: dict, revision: int, cookies: dict | None = None) -> dict:
    fields = {"offer_wizard-current_step": step, "revision": str(revision), **data}
    if cookies:
        fields["csrfmiddlewaretoken"] = cookies["csrftoken"]
    return fields


# --- 1. saving a step ------------------------------------------------------------------------------------


@dataclass
class Timing:
    label: str
    requests: int
    p50_ms: float
    p99_ms: float
    cpu_ms: float  # mean CPU per request of the process(es) serving it
    server_p50_ms: float = float("nan")  # gunicorn's own measure of the request (access log)
    server_p99_ms: float = float("nan")
    db_cpu_ms: float = float("nan")  # PostgreSQL backends' CPU per request
    queries: int = 0
    cpu_p50_ms: float = float("nan")
    cpu_p99_ms: float = float("nan")
    other_cores: float = float("nan")  # the machine's busy cores from other people's work meanwhile


class Meter:
    """CPU seconds since it was made: this process, PostgreSQL's backends of our database (per backend,
    so one that exits, e.g. at CONN_MAX_AGE, is not subtracted), and the whole machine, whose busy time
    not explained by those (and ``others``) is other people's work."""

    def __init__(self):
        self.wall, self.mine, self.busy = time.perf_counter(), time.process_time(), machine_busy_seconds()
        self.backends = self._backends()

    @staticmethod
    def _backends() -> dict[int, float]:
        found = {}
        needle = f" {DB_NAME} ".encode()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if cmdline.startswith(b"postgres: ") and needle in cmdline:
                found[int(entry.name)] = cpu_seconds(int(entry.name))
        return found

    def postgres(self) -> float:
        return sum(cpu - self.backends.get(pid, 0.0) for pid, cpu in self._backends().items())

    def other_cores(self, others: float = 0.0) -> float:
        """Busy cores of the machine beyond this process, PostgreSQL and ``others`` CPU seconds."""
        wall = time.perf_counter() - self.wall
        mine = time.process_time() - self.mine
        return (machine_busy_seconds() - self.busy - mine - self.postgres() - others) / wall


# Where a submission's CPU goes: (label, file suffix, function) of cProfile's cumulative time.
SUBMIT_PARTS = [
    (
        "the whole request (Django's handler, middleware included)",
        "django/core/handlers/base.py",
        "get_response",
    ),
    ("  signed-in user (auth get_user)", "django/contrib/auth/__init__.py", "get_user"),
    ("  sessions (load)", "sessions/backends/db.py", "load"),
    (
        "  the offer read and the permission (_editable_offer)",
        "competitions/offer_views.py",
        "_editable_offer",
    ),
    ("  the wizard's POST (the summary form, then done())", "competitions/offer_views.py", "post"),
    ("    offer_submit", "competitions/offer_services.py", "offer_submit"),
    ("      offer_rule_problems", "competitions/offer_services.py", "offer_rule_problems"),
    ("      offer_checksum", "competitions/offer_services.py", "offer_checksum"),
    (
        "      queue the PDF (Celery delay to Redis, on commit)",
        "competitions/offer_services.py",
        "queue_offer_documents",
    ),
    ("  SQL: compile + run (execute_sql)", "sql/compiler.py", "execute_sql"),
    ("  SQL: waiting for PostgreSQL (cursor.execute)", "psycopg/cursor.py", "execute"),
]


class StepBench:
    """One draft whose "task" and "costs" (20 rows) steps are saved over and over."""

    STEPS = {"task": "schedule", "costs": "financing"}  # the step saved, the step it redirects to

    def __init__(self, seeder: Seeder):
        from competitions.models import Offer

        competition = seeder.competition("kroki")
        self.user = seeder.members(1)[0]
        offer = seeder.draft(self.user, competition, TYPICAL)
        self.offer = Offer.objects.get(pk=offer.pk)
        self.data = offer_post_data(self.user.memberships.get().organisation, **TYPICAL)
        self.revision = self.offer.revision

    def in_process(self, step: str, requests: int, warmup: int) -> Timing:
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(self.user)
        url, expected = step_url(self.offer, step), step_url(self.offer, self.STEPS[step])

        def post():
            response = client.post(url, step_post(step, self.data[step], self.revision))
            if response.status_code != 302 or response["Location"] != expected:
                raise RuntimeError(
                    f"saving {step} answered {response.status_code} {response.get('Location')}"
                )
            self.revision += 1

        for _ in range(warmup):
            post()
        with CaptureQueriesContext(connection) as captured:
            post()
        queries = len(captured)  # now: the next request resets the query log
        walls, cpus = [], []
        meter = Meter()
        for _ in range(requests):
            t0, c0 = time.perf_counter(), time.process_time()
            post()
            cpus.append((time.process_time() - c0) * 1000)
            walls.append((time.perf_counter() - t0) * 1000)
        db = meter.postgres() / requests * 1000
        other = meter.other_cores()
        return Timing(
            label=f"{step}, in-process (django.test.Client)",
            requests=requests,
            p50_ms=percentile(walls, 50),
            p99_ms=percentile(walls, 99),
            cpu_ms=sum(cpus) / len(cpus),
            cpu_p50_ms=percentile(cpus, 50),
            cpu_p99_ms=percentile(cpus, 99),
            db_cpu_ms=db,
            queries=queries,
            other_cores=other,
        )

    def submit_in_process(self, seeder: Seeder, count: int, profiled: int) -> tuple[Timing, list]:
        """The summary step's POST (the submission, nothing saved before it) of fresh drafts, one at a
        time: the floor under the surge. Then ``profiled`` more under cProfile, shared out by stage."""
        from django.test import Client

        warmup = 3
        users = seeder.members(warmup + count + profiled)
        drafts = [seeder.draft(user, self.offer.competition, TYPICAL) for user in users]
        clients = []
        for user in users:
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            clients.append(client)

        def submit(client, offer):
            response = client.post(
                step_url(offer, "summary"), step_post("summary", {"summary-confirm": "on"}, offer.revision)
            )
            if response.status_code != 302 or response["Location"] != f"/konto/oferty/{offer.pk}/":
                raise RuntimeError(f"submitting answered {response.status_code} {response.get('Location')}")

        pairs = list(zip(clients, drafts, strict=True))
        for client, offer in pairs[:warmup]:
            submit(client, offer)
        walls, cpus = [], []
        meter = Meter()
        for client, offer in pairs[warmup : warmup + count]:
            t0, c0 = time.perf_counter(), time.process_time()
            submit(client, offer)
            cpus.append((time.process_time() - c0) * 1000)
            walls.append((time.perf_counter() - t0) * 1000)
        db = meter.postgres() / count * 1000
        other = meter.other_cores()
        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
        for client, offer in pairs[warmup + count :]:
            submit(client, offer)
        profiler.disable()
        stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]

        def cumulative(suffix, function):
            seconds = sum(v[3] for k, v in stats.items() if k[0].endswith(suffix) and k[2] == function)
            return seconds / profiled * 1000

        shares = [(label, cumulative(suffix, function)) for label, suffix, function in SUBMIT_PARTS]
        timing = Timing(
            label="summary = submit, in-process (django.test.Client)",
            requests=count,
            p50_ms=percentile(walls, 50),
            p99_ms=percentile(walls, 99),
            cpu_ms=sum(cpus) / len(cpus),
            cpu_p50_ms=percentile(cpus, 50),
            cpu_p99_ms=percentile(cpus, 99),
            db_cpu_ms=db,
            other_cores=other,
        )
        return timing, shares

    def over_http(self, server: Gunicorn, access_log: Path, step: str, requests: int, warmup: int) -> Timing:
        cookies = session_cookies(self.user)
        url, expected = step_url(self.offer, step), step_url(self.offer, self.STEPS[step])

        def post() -> float:
            reply = http_request(
                server.port, "POST", url, cookies, step_post(step, self.data[step], self.revision, cookies)
            )
            if reply.status != 302 or reply.location != expected:
                raise RuntimeError(
                    f"saving {step} over HTTP answered {reply.status} {reply.location} {reply.error}"
                )
            self.revision += 1
            return reply.seconds * 1000

        for _ in range(warmup):
            post()
        logged_before = len(access_log_micros(access_log, "POST", f"/krok/{step}/$"))
        cpu_before, meter = server.cpu_seconds(), Meter()
        walls = [post() for _ in range(requests)]
        cpu = (server.cpu_seconds() - cpu_before) / requests * 1000
        db = meter.postgres() / requests * 1000
        other = meter.other_cores(cpu * requests / 1000)
        time.sleep(0.5)  # the access log is written after the response
        server_ms = access_log_micros(access_log, "POST", f"/krok/{step}/$")[logged_before:]
        return Timing(
            label=f"{step}, HTTP to gunicorn, one at a time",
            requests=requests,
            p50_ms=percentile(walls, 50),
            p99_ms=percentile(walls, 99),
            cpu_ms=cpu,
            server_p50_ms=percentile(server_ms, 50),
            server_p99_ms=percentile(server_ms, 99),
            db_cpu_ms=db,
            other_cores=other,
        )


def text_chars(content: dict) -> int:
    return sum(
        len(value)
        for step in content.values()
        if isinstance(step, dict)
        for value in step.values()
        if isinstance(value, str)
    )


# --- 2. the PDF ------------------------------------------------------------------------------------------


@dataclass
class PdfResult:
    pages: int
    renders: int
    bytes: int
    wall_ms: list[float]
    cpu_ms: list[float]
    checksum_on_every_page: bool
    first_ms: float  # the first render in the process (loads fonts)
    other_cores: float  # the machine's busy cores from other people's work meanwhile
    content: str  # what the offer holds
    profile: str = ""
    shares: list[tuple[str, float]] = field(default_factory=list)

    @property
    def ms_per_page(self) -> float:
        return percentile(self.wall_ms, 50) / self.pages


# Where a render's time goes: (label, substring of the file name) for cProfile's own time (tottime).
PDF_PARTS = [
    ("Django template", "/django/"),
    ("HTML parsing (tinyhtml5)", "/tinyhtml5/"),
    ("CSS parsing (tinycss2)", "/tinycss2/"),
    ("CSS selectors (cssselect2)", "/cssselect2/"),
    ("WeasyPrint: styles (css/)", "/weasyprint/css/"),
    ("WeasyPrint: box tree", "/weasyprint/formatting_structure/"),
    ("WeasyPrint: layout", "/weasyprint/layout/"),
    ("WeasyPrint: text (Pango)", "/weasyprint/text/"),
    ("WeasyPrint: drawing", "/weasyprint/draw/"),
    ("WeasyPrint: PDF assembly", "/weasyprint/pdf/"),
    ("WeasyPrint: other", "/weasyprint/"),
    ("font subsetting (fontTools)", "/fontTools/"),
    ("PDF writer (pydyf)", "/pydyf/"),
    ("C functions (Pango, HarfBuzz, zlib…)", "~"),
]


def share_profile(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Seconds of own time per part of the pipeline (each function counted once, first match)."""
    totals = dict.fromkeys([label for label, _ in PDF_PARTS] + ["other Python"], 0.0)
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        for label, needle in PDF_PARTS:
            if (needle == "~" and filename == "~") or (needle != "~" and needle in filename):
                totals[label] += tottime
                break
        else:
            totals["other Python"] += tottime
    return [(label, seconds) for label, seconds in totals.items() if seconds > 0]


def pdf_bench(seeder: Seeder, renders: int) -> PdfResult:
    from pypdf import PdfReader

    from competitions import offer_services
    from competitions.choices import OfferState
    from competitions.models import Offer
    from competitions.offer_documents import render_offer_pdf

    competition = seeder.competition("pdf")
    user = seeder.members(1)[0]
    draft = seeder.draft(user, competition, TEN_PAGES)
    offer = Offer.objects.select_related("competition__sphere", "organisation").get(pk=draft.pk)
    # Numbered and checksummed as offer_submit does, without queueing the worker's PDF.
    offer.number = f"{competition.signature}/001"
    offer.checksum = offer_services.offer_checksum(offer)
    Offer.objects.filter(pk=offer.pk).update(
        state=OfferState.SUBMITTED, number=offer.number, checksum=offer.checksum, submitted_at=offer.saved_at
    )
    offer = Offer.objects.select_related("competition__sphere", "organisation").get(pk=draft.pk)
    checksum = offer_services.display_checksum(offer.checksum)

    t0 = time.perf_counter()
    pdf = render_offer_pdf(offer, draft=False)  # the first in a process: fonts, stylesheets, templates
    first_ms = (time.perf_counter() - t0) * 1000
    walls, cpus = [], []
    meter = Meter()
    for _ in range(renders):
        t0, c0 = time.perf_counter(), time.process_time()
        pdf = render_offer_pdf(offer, draft=False)
        cpus.append((time.process_time() - c0) * 1000)
        walls.append((time.perf_counter() - t0) * 1000)
    other = meter.other_cores()
    reader = PdfReader(io.BytesIO(pdf))
    texts = [page.extract_text() for page in reader.pages]
    (OUT / "offer-10-pages.pdf").write_bytes(pdf)

    profiler = cProfile.Profile()
    profiler.enable()
    render_offer_pdf(offer, draft=False)
    profiler.disable()
    stats = pstats.Stats(profiler)
    stream = io.StringIO()
    stats.stream = stream  # type: ignore[attr-defined]
    stats.sort_stats("tottime").print_stats(25)
    content = offer.content
    return PdfResult(
        pages=len(reader.pages),
        renders=renders,
        bytes=len(pdf),
        wall_ms=walls,
        cpu_ms=cpus,
        checksum_on_every_page=all(checksum in text for text in texts),
        first_ms=first_ms,
        other_cores=other,
        content=(
            f"{len(content['schedule'])} activities, {len(content['results'])} results, "
            f"{len(content['costs'])} cost rows, {text_chars(content)} characters in the text fields"
        ),
        profile=stream.getvalue(),
        shares=share_profile(stats),
    )


# --- 3. the deadline surge -------------------------------------------------------------------------------


RENDER_TASK = "competitions.tasks.render_submitted_offer"
EMAIL_TASK = "competitions.tasks.send_offer_confirmation"
SPREAD_FROM = 55  # spread mode: the first submission this many seconds before the deadline …
SPREAD_WINDOW = 50  # … the last one this many seconds later


@dataclass
class SurgeResult:
    worker_class: str
    workers: int
    threads: int
    mode: str
    answered_in_s: float  # from firing to the last answer
    worker_cores_during: float  # the Celery worker's CPU seconds per second while submissions ran
    other_cores: float  # busy cores from other people's work while submissions ran
    submissions: int
    seed_seconds: float
    fired_before_deadline_s: float
    first_sent_s: float  # seconds before the deadline
    last_answer_s: float  # seconds before the deadline (negative: after)
    statuses: dict
    redirected_to_offer: int
    p50_s: float
    p99_s: float
    max_s: float
    server_p50_ms: float
    server_p99_ms: float
    web_cpu_ms: float  # gunicorn CPU per submission
    db_cpu_ms: float
    client_cpu_ms: float  # this process (the load generator) while the submissions ran, per submission
    submitted: int
    distinct_numbers: int
    numbers_in_sequence: bool
    transitions: int
    submitted_after_deadline: int
    pdfs_done_at_last_answer: int
    pdf_total_s: float  # from the first submission to the last PDF stored
    pdf_after_last_answer_s: float
    pdfs: int
    pdf_task_p50_s: float
    pdf_task_max_s: float
    worker_cpu_per_pdf_ms: float
    emails: int
    pdf_pages: int
    web_workers_with_pango: int
    late_status: int
    late_refused: bool
    late_message_shown: bool
    late_draft_intact: bool
    late_note: str
    errors: list[str] = field(default_factory=list)
    worker_autogroup: str = ""  # the Celery worker's scheduling group and its nice, when autogroups are on


def warm_up(seeder, server, worker, args, worker_class: str, name: str) -> None:
    """Submit a few offers of another competition through every web worker, then wait for their PDFs
    and e-mails: at 23:59 a server has been answering all day, so the surge should not also pay each
    worker's first request (URLs, translations, templates, the broker connection). All at once, so the
    submissions spread over the workers; done before the deadline moves, so the Celery worker is idle
    again when the surge starts."""
    from competitions.models import Offer

    count = WARM_UP_PER_WORKER * args.workers * (args.threads if worker_class == "gthread" else 1)
    competition = seeder.competition(name)
    users = seeder.members(count)
    drafts = [seeder.draft(user, competition, TYPICAL) for user in users]
    emails_before = len(worker.task_seconds(EMAIL_TASK))
    replies = fire_all(
        server.port,
        [
            (
                0.0,
                "POST",
                step_url(draft, "summary"),
                cookies,
                step_post("summary", {"summary-confirm": "on"}, draft.revision, cookies),
            )
            for draft, cookies in zip(drafts, map(session_cookies, users), strict=True)
        ],
    )
    if any(reply.status != 302 for reply in replies):
        raise RuntimeError(f"warm-up submissions failed: {Counter(r.status for r in replies)}")
    until = time.monotonic() + 120
    while time.monotonic() < until:
        rendered = Offer.objects.filter(competition=competition).exclude(pdf="").count()
        if rendered >= count and len(worker.task_seconds(EMAIL_TASK)) - emails_before >= count:
            break
        time.sleep(0.5)
    print(f"  warmed {args.workers} web workers with {count} submissions of another competition", flush=True)


def surge_bench(seeder, server, access_log, worker, args, worker_class: str, mode: str) -> SurgeResult:
    """``burst``: every submission at once, ``fire_before`` s before the deadline; ``spread``: one
    every 50/``count`` s through the last minute (from 55 s to 5 s before the deadline)."""
    from django.db.models import Count
    from django.utils import timezone

    from competitions import offer_services
    from competitions.choices import OfferState
    from competitions.models import Competition, Offer, OfferTransition

    count, lead = args.submissions, args.lead
    fire_before = args.fire_before if mode == "burst" else min(SPREAD_FROM, lead - 3)
    window = fire_before - (SPREAD_FROM - SPREAD_WINDOW)
    offsets = [0.0] * count if mode == "burst" else [i * window / count for i in range(count)]
    started = time.perf_counter()
    competition = seeder.competition(f"termin-{mode}-{worker_class}")
    users = seeder.members(count + 1)
    offers = [seeder.draft(user, competition, TYPICAL) for user in users]
    for offer in offers:
        problems = offer_services.offer_rule_problems(Offer.objects.get(pk=offer.pk))
        if problems:
            raise RuntimeError(f"draft {offer.pk} cannot be submitted: {problems}")
    cookies = [session_cookies(user) for user in users]
    seed_seconds = time.perf_counter() - started
    print(
        f"  seeded {count + 1} organisations, members and complete drafts in {seed_seconds:.1f} s", flush=True
    )
    late_offer, late_cookies = offers[-1], cookies[-1]
    offers, cookies = offers[:-1], cookies[:-1]
    warm_up(seeder, server, worker, args, worker_class, f"warm-{mode}-{worker_class}")

    deadline = timezone.now() + timedelta(seconds=lead)
    Competition.objects.filter(pk=competition.pk).update(offer_deadline=deadline)
    deadline_mono = time.monotonic() + (deadline - timezone.now()).total_seconds()
    print(
        f"  deadline moved to {timezone.localtime(deadline):%H:%M:%S} (in {lead} s); "
        f"{count} submissions ({mode}) from {fire_before} s before it",
        flush=True,
    )

    # Built before the clock starts; sent from one thread (see fire_all), each on a new connection.
    requests = [
        (
            offsets[i],
            "POST",
            step_url(offers[i], "summary"),
            cookies[i],
            step_post("summary", {"summary-confirm": "on"}, offers[i].revision, cookies[i]),
        )
        for i in range(count)
    ]
    time.sleep(max(0.0, deadline_mono - fire_before - time.monotonic()))
    logged_before = len(access_log_micros(access_log, "POST", "/krok/summary/$"))
    cpu_before, worker_before, meter = server.cpu_seconds(), worker.cpu_seconds(), Meter()
    renders_before = len(worker.task_seconds(RENDER_TASK))
    emails_before = len(worker.task_seconds(EMAIL_TASK))
    client_before = time.process_time()
    fired = time.monotonic()
    replies = fire_all(server.port, requests)
    client_cpu = time.process_time() - client_before
    last_answer = max(r.started + r.seconds for r in replies)
    worker_cpu_during = worker.cpu_seconds() - worker_before
    worker_cores = worker_cpu_during / (last_answer - fired)
    web_cpu = (server.cpu_seconds() - cpu_before) / count * 1000
    db_cpu = meter.postgres() / count * 1000
    client_cpu_ms = client_cpu / count * 1000
    other_cores = meter.other_cores(web_cpu * count / 1000 + worker_cpu_during)
    pdfs_at_last_answer = Offer.objects.filter(competition=competition).exclude(pdf="").count()
    web_pango = sum(pango_loaded(pid) for pid in server.pids())
    print(
        f"  {count} answers in {last_answer - fired:.2f} s; {pdfs_at_last_answer} PDFs ready by then",
        flush=True,
    )

    statuses = Counter(r.status for r in replies)
    errors = [f"{r.status} {r.location} {r.error}" for r in replies if r.status != 302][:5]
    redirected = sum(
        r.status == 302 and r.location == f"/konto/oferty/{o.pk}/"
        for r, o in zip(replies, offers, strict=True)
    )
    seconds = [r.seconds for r in replies]

    # One member 1 s after the deadline.
    time.sleep(max(0.0, deadline_mono + 1 - time.monotonic()))
    late_before = Offer.objects.get(pk=late_offer.pk)
    late = http_request(
        server.port,
        "POST",
        step_url(late_offer, "summary"),
        late_cookies,
        step_post("summary", {"summary-confirm": "on"}, late_before.revision, late_cookies),
    )
    late_after = Offer.objects.get(pk=late_offer.pk)
    page = http_request(server.port, "GET", late.location or "/", {**late_cookies, **late.cookies})
    shown = "termin składania ofert minął" in page.body.decode(errors="replace").lower()

    def without_summary(content: dict) -> dict:
        kept = {k: v for k, v in content.items() if k not in ("summary", "_raw")}
        kept["_raw"] = {k: v for k, v in content.get("_raw", {}).items() if k != "summary"}
        return kept

    intact = (
        late_after.state == OfferState.DRAFT
        and not late_after.number
        and not late_after.checksum
        and without_summary(late_after.content) == without_summary(late_before.content)
    )
    note = ""
    if late_after.content != late_before.content or late_after.revision != late_before.revision:
        note = (
            f"the late POST still saved the summary step into the draft (revision "
            f"{late_before.revision} → {late_after.revision}) before the submission was refused"
        )

    submitted = Offer.objects.filter(competition=competition, state=OfferState.SUBMITTED)
    numbers = list(submitted.values_list("number", flat=True))
    expected_numbers = {f"{competition.signature}/{n:03d}" for n in range(1, count + 1)}
    transitions = OfferTransition.objects.filter(
        offer__competition=competition, source=OfferState.DRAFT, target=OfferState.SUBMITTED
    ).count()
    duplicated_transitions = (
        OfferTransition.objects.filter(offer__competition=competition, target=OfferState.SUBMITTED)
        .values("offer")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    if duplicated_transitions:
        errors.append(f"{duplicated_transitions} offers were submitted more than once")
    after_deadline = submitted.filter(submitted_at__gt=deadline).count()

    # The worker renders the PDFs and sends the e-mails.
    wait_until = time.monotonic() + max(900, count * 6)
    done = 0
    while time.monotonic() < wait_until:
        done = submitted.exclude(pdf="").count()
        emails = len(worker.task_seconds(EMAIL_TASK)) - emails_before
        if done >= len(numbers) and emails >= len(numbers):
            break
        time.sleep(0.5)
    all_done = time.monotonic()
    worker_cpu = worker.cpu_seconds() - worker_before
    render_times = worker.task_seconds(RENDER_TASK)[renders_before:]
    emails = len(worker.task_seconds(EMAIL_TASK)) - emails_before
    pdf_pages = 0
    sample = submitted.exclude(pdf="").first()
    if sample is not None:
        from pypdf import PdfReader

        with sample.pdf.open("rb") as handle:
            pdf_pages = len(PdfReader(handle).pages)
    server_ms = access_log_micros(access_log, "POST", "/krok/summary/$")[
        logged_before : logged_before + count
    ]
    return SurgeResult(
        worker_class=worker_class,
        workers=args.workers,
        threads=args.threads if worker_class == "gthread" else 1,
        mode=mode,
        answered_in_s=last_answer - fired,
        other_cores=other_cores,
        worker_cores_during=worker_cores,
        worker_autogroup=worker.autogroup,
        submissions=count,
        seed_seconds=seed_seconds,
        fired_before_deadline_s=deadline_mono - fired,
        first_sent_s=deadline_mono - min(r.started for r in replies),
        last_answer_s=deadline_mono - last_answer,
        statuses=dict(statuses),
        redirected_to_offer=redirected,
        p50_s=percentile(seconds, 50),
        p99_s=percentile(seconds, 99),
        max_s=max(seconds),
        server_p50_ms=percentile(server_ms, 50),
        server_p99_ms=percentile(server_ms, 99),
        web_cpu_ms=web_cpu,
        db_cpu_ms=db_cpu,
        client_cpu_ms=client_cpu_ms,
        submitted=len(numbers),
        distinct_numbers=len(set(numbers)),
        numbers_in_sequence=set(numbers) == expected_numbers,
        transitions=transitions,
        submitted_after_deadline=after_deadline,
        pdfs_done_at_last_answer=pdfs_at_last_answer,
        pdf_total_s=all_done - fired,
        pdf_after_last_answer_s=all_done - last_answer,
        pdfs=done,
        pdf_task_p50_s=percentile(render_times, 50),
        pdf_task_max_s=max(render_times, default=float("nan")),
        worker_cpu_per_pdf_ms=worker_cpu / max(done, 1) * 1000,
        emails=emails,
        pdf_pages=pdf_pages,
        web_workers_with_pango=web_pango,
        late_status=late.status,
        # Refused at the step save (back to the offer) or at the submission (back to the summary).
        late_refused=late.status == 302
        and late.location in (step_url(late_offer, "summary"), f"/konto/oferty/{late_offer.pk}/"),
        late_message_shown=shown,
        late_draft_intact=intact,
        late_note=note,
        errors=errors,
    )


# --- report ----------------------------------------------------------------------------------------------


def yes(flag: bool) -> str:
    return "yes" if flag else "**no**"


def fmt(value: float, digits: int = 1) -> str:
    return "–" if value != value else f"{value:.{digits}f}"  # NaN: not measured


def report(
    info: dict, steps: list[Timing], submit_shares: list, pdf: PdfResult | None, surges: list[SurgeResult]
) -> str:
    m = info["machine"]
    lines = [
        f"# Offer generator benchmark, {info['started']}",
        "",
        f"Code {info['code']}; {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, Python {m['python']}; "
        f"load average {m['load_1min']} before the run. PostgreSQL database `{DB_NAME}`, "
        "`portal.settings.production` (DEBUG off), Redis cache DB 6, Celery broker DB 7."
        + (" Smoke run (`--quick`)." if info["quick"] else ""),
        "",
    ]
    verdict = []
    if steps:
        lines += [
            f"## 1. Saving one wizard step (target: under {STEP_TARGET_MS} ms of server time)",
            "",
            "| Step | Measured | Requests | p50 ms | p99 ms | server CPU ms/req (mean) | CPU p50 / p99 ms "
            "| gunicorn's own time p50 / p99 ms | PostgreSQL CPU ms/req | SQL queries | other work, cores |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for t in steps:
            lines.append(
                f"| {t.label.split(',')[0]} | {t.label.split(', ', 1)[1]} | {t.requests} | {fmt(t.p50_ms)} "
                f"| {fmt(t.p99_ms)} | {fmt(t.cpu_ms)} | {fmt(t.cpu_p50_ms)} / {fmt(t.cpu_p99_ms)} "
                f"| {fmt(t.server_p50_ms)} / {fmt(t.server_p99_ms)} | {fmt(t.db_cpu_ms)} "
                f"| {t.queries or '–'} | {fmt(t.other_cores, 2)} |"
            )
        lines += [
            "",
            "Server CPU: `time.process_time()` of this process around each request in-process (the test "
            "client's own work included); the gunicorn master and workers' CPU from /proc over HTTP. "
            "gunicorn's own time: `%(D)s` of its access log, from the request read to the response "
            "written. The costs step has 20 rows; each POST saves the step (a new revision) and redirects. "
            "The summary step's POST is the submission: it validates the summary's checkbox and calls "
            "`offer_submit` (no step is saved or revalidated first); each one needs a fresh draft.",
            "",
        ]
        if submit_shares:
            lines += [
                "Where one submission's CPU goes (in-process, cProfile's cumulative time per submission; "
                "profiling inflates it):",
                "",
                "| Stage | ms |",
                "|---|---:|",
            ]
            lines += [f"| {label.strip()} | {ms:.1f} |" for label, ms in submit_shares]
            lines.append("")
        saves = [t for t in steps if not t.label.startswith("summary")]

        def server_ms(t: Timing, q: str) -> float:
            # gunicorn's own time over HTTP, the request's wall time in-process.
            value = getattr(t, f"server_{q}_ms")
            return value if value == value else getattr(t, f"{q}_ms")

        verdict.append(
            (
                f"Save a wizard step < {STEP_TARGET_MS} ms server time",
                "; ".join(
                    f"{t.label.split(',')[0]} {'HTTP' if 'HTTP' in t.label else 'in-process'} "
                    f"p50 {fmt(server_ms(t, 'p50'))} / p99 {fmt(server_ms(t, 'p99'))} ms"
                    for t in saves
                ),
                all(server_ms(t, "p99") < STEP_TARGET_MS for t in saves),
            )
        )
    if pdf:
        per_page = pdf.ms_per_page
        lines += [
            f"## 2. A 10-page offer PDF (target: under {PDF_TARGET_MS_PER_PAGE} ms per page)",
            "",
            f"Offer content: {pdf.content}.",
            "",
            "| Pages | PDF size | Renders | p50 ms/render | min – max ms | CPU ms/render (p50) | ms per page "
            "| first render in a process | checksum on every page | other work, cores |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
            f"| {pdf.pages} | {pdf.bytes / 1024:.0f} KiB | {pdf.renders} | {percentile(pdf.wall_ms, 50):.0f} "
            f"| {min(pdf.wall_ms):.0f} – {max(pdf.wall_ms):.0f} | {percentile(pdf.cpu_ms, 50):.0f} "
            f"| **{per_page:.0f}** | {pdf.first_ms:.0f} ms | {yes(pdf.checksum_on_every_page)} "
            f"| {pdf.other_cores:.2f} |",
            "",
            "`render_offer_pdf(offer, draft=False)` in this process: context, template, WeasyPrint, "
            "PDF bytes. ms per page = p50 / pages. The PDF is kept as `bench/out/offer-10-pages.pdf`.",
            "",
            "Where one render's time goes (cProfile, own time by library; profiling adds overhead):",
            "",
            "| Part | ms | % |",
            "|---|---:|---:|",
        ]
        total = sum(seconds for _, seconds in pdf.shares)
        for label, seconds in sorted(pdf.shares, key=lambda item: -item[1]):
            lines.append(f"| {label} | {seconds * 1000:.0f} | {100 * seconds / total:.0f} |")
        lines.append("")
        verdict.append(
            (
                f"10-page PDF < {PDF_TARGET_MS_PER_PAGE} ms/page",
                f"{per_page:.0f} ms/page ({pdf.pages} pages, {percentile(pdf.wall_ms, 50):.0f} ms)",
                per_page < PDF_TARGET_MS_PER_PAGE and pdf.checksum_on_every_page,
            )
        )
    for s in surges:
        ok = (
            s.submitted == s.submissions
            and s.distinct_numbers == s.submissions
            and s.numbers_in_sequence
            and s.redirected_to_offer == s.submissions
            and not any(code >= 500 or code == 0 for code in s.statuses)
            and s.transitions == s.submissions
            and not s.errors
        )
        threads = f", {s.threads} threads each" if s.worker_class == "gthread" else ""
        how = (
            "all at once (one non-blocking client thread)"
            if s.mode == "burst"
            else f"spread evenly from {s.fired_before_deadline_s:.0f} s to 5 s before the deadline"
        )
        lines += [
            f"## 3. Deadline surge ({s.mode}): {s.submissions} submissions {how}, gunicorn {s.workers} "
            f"{s.worker_class} workers{threads}",
            "",
            "| Figure | Value |",
            "|---|---|",
            f"| drafts seeded (organisation, member, complete draft, attachment, session) | "
            f"{s.submissions + 1} in {s.seed_seconds:.0f} s |",
            f"| first submission sent | {s.fired_before_deadline_s:.1f} s before the deadline |",
            f"| last answer | {s.last_answer_s:.1f} s before the deadline, {s.answered_in_s:.1f} s after the "
            f"first was sent ({s.submissions / s.answered_in_s:.1f} submissions/s) |",
            f"| HTTP statuses | {', '.join(f'{k}: {v}' for k, v in sorted(s.statuses.items()))} |",
            f"| redirected to the submitted offer | {s.redirected_to_offer} |",
            f"| latency p50 / p99 / max (client, connect to last byte) | {s.p50_s:.2f} / **{s.p99_s:.2f}** "
            f"/ {s.max_s:.2f} s |",
            f"| gunicorn's own time per submission p50 / p99 | {s.server_p50_ms:.0f} / "
            f"{s.server_p99_ms:.0f} ms |",
            f"| gunicorn CPU per submission | {s.web_cpu_ms:.0f} ms |",
            f"| PostgreSQL CPU per submission | {s.db_cpu_ms:.0f} ms |",
            f"| load generator's CPU per submission (this process, one thread) | {s.client_cpu_ms:.1f} ms |",
            f"| Celery worker's CPU while the submissions ran | {s.worker_cores_during:.2f} cores "
            f"(nice 10; scheduling group: {s.worker_autogroup or 'no autogroups'}) |",
            f"| other people's work on the machine meanwhile | {s.other_cores:.2f} cores |",
            f"| offers submitted / distinct numbers / numbers exactly 001–{s.submissions:03d} | "
            f"{s.submitted} / {s.distinct_numbers} / {yes(s.numbers_in_sequence)} |",
            f"| draft → submitted transitions logged | {s.transitions} |",
            f"| submitted after the deadline | {s.submitted_after_deadline} |",
            f"| PDFs already stored when the last answer came | {s.pdfs_done_at_last_answer} |",
            f"| all {s.pdfs} PDFs and {s.emails} e-mails done | {s.pdf_total_s:.0f} s after firing, "
            f"{s.pdf_after_last_answer_s:.0f} s after the last answer |",
            f"| worker's render task p50 / max | {s.pdf_task_p50_s:.2f} / {s.pdf_task_max_s:.2f} s "
            f"({s.pdf_pages} pages each) |",
            f"| worker CPU per PDF | {s.worker_cpu_per_pdf_ms:.0f} ms |",
            f"| gunicorn processes with Pango loaded (rendered a PDF) | {s.web_workers_with_pango} |",
            f"| late submission (deadline + 1 s) | HTTP {s.late_status}, refused: {yes(s.late_refused)}, "
            f"message shown: {yes(s.late_message_shown)}, draft kept: {yes(s.late_draft_intact)} |",
        ]
        if s.late_note:
            lines.append(f"| note | {s.late_note} |")
        if s.errors:
            lines.append(f"| errors | {'; '.join(s.errors)} |")
        lines.append("")
        verdict += [
            (
                f"{s.submissions} submissions ({s.mode}, {s.worker_class}): none lost or duplicated",
                f"{s.submitted} submitted, {s.distinct_numbers} distinct numbers, "
                f"statuses {dict(sorted(s.statuses.items()))}",
                ok,
            ),
            (
                f"{s.submissions} submissions ({s.mode}, {s.worker_class}): p99 < {SURGE_P99_TARGET_S:.0f} s",
                f"p50 {s.p50_s:.2f} s, p99 {s.p99_s:.2f} s",
                s.p99_s < SURGE_P99_TARGET_S,
            ),
            (
                f"{s.submissions} submissions ({s.mode}, {s.worker_class}): "
                "no web worker blocked by PDF rendering",
                f"{s.web_workers_with_pango} web processes ever loaded Pango; web CPU "
                f"{s.web_cpu_ms:.0f} ms/submission vs. {s.worker_cpu_per_pdf_ms:.0f} ms per PDF "
                "in the worker",
                s.web_workers_with_pango == 0,
            ),
            (
                "late submission refused, draft kept",
                f"HTTP {s.late_status} back to the summary, message shown: {s.late_message_shown}",
                s.late_refused and s.late_draft_intact and s.late_message_shown,
            ),
        ]
    lines += ["## Verdict", "", "| Target | Measured | Met |", "|---|---|---|"]
    lines += [f"| {target} | {measured} | {yes(met)} |" for target, measured, met in verdict]
    return "\n".join(lines) + "\n"


# --- main ------------------------------------------------------------------------------------------------


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smoke run: fewer requests and submissions")
    parser.add_argument(
        "--parts", nargs="+", choices=["step", "pdf", "surge"], default=["step", "pdf", "surge"]
    )
    parser.add_argument("--fresh", action="store_true", help=f"drop {DB_NAME} and migrate it again")
    parser.add_argument(
        "--worker-classes",
        nargs="+",
        choices=["sync", "gthread"],
        default=["sync", "gthread"],
        help="gunicorn worker classes; the first runs every surge mode, the others the burst only",
    )
    parser.add_argument(
        "--workers", type=int, default=WORKERS, help=f"gunicorn workers (default {WORKERS}, one per core)"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker (default 4)")
    parser.add_argument(
        "--modes", nargs="+", choices=["burst", "spread"], default=["burst", "spread"], help="surge modes"
    )
    parser.add_argument("--submissions", type=int, help="concurrent submissions (default 200, quick 30)")
    parser.add_argument("--lead", type=int, help="seconds from moving the deadline to it (default 60)")
    parser.add_argument("--fire-before", type=float, default=20, help="burst: fire this many s before it")
    parser.add_argument(
        "--wait-others",
        type=int,
        default=600,
        help="wait at most this long in all while another gunicorn runs",
    )
    args = parser.parse_args()
    args.submissions = args.submissions or (30 if args.quick else 200)
    args.lead = args.lead or (35 if args.quick else 60)
    if args.fire_before >= args.lead:
        parser.error("--fire-before must be smaller than --lead")
    return args


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def run_servers(env: dict, worker_class: str, args, own: set[int]):
    """gunicorn (``--workers`` of ``worker_class``) and a Celery worker, stopped on leaving the block."""
    access_log = OUT / f"offers-gunicorn-{worker_class}-access.log"
    access_log.write_text("")
    server_env = {**env, "GUNICORN_CMD_ARGS": gunicorn_cmd_args(worker_class, args.threads, access_log)}
    flush_redis()  # an empty queue: nothing left over from earlier runs or the in-process parts
    server = Gunicorn(
        BIN / "gunicorn",
        "portal.wsgi:application",
        server_env,
        ROOT,
        args.workers,
        OUT / f"offers-gunicorn-{worker_class}.log",
    )
    try:
        worker = CeleryWorker(env, OUT / f"offers-celery-{worker_class}.log")
    except BaseException:
        server.stop()
        raise
    try:
        server.wait_ready()
        worker.wait_ready()
        own.update(server.pids())
        if any(pango_loaded(pid) for pid in server.pids()):
            raise RuntimeError("gunicorn loaded Pango before any request: the Pango check would mean nothing")
    except BaseException:
        worker.stop()
        server.stop()
        raise
    return server, access_log, worker


def main() -> int:
    args = parse_args()
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)  # so `finally` stops gunicorn and Celery
    OUT.mkdir(parents=True, exist_ok=True)
    PRIVATE_MEDIA.mkdir(parents=True, exist_ok=True)
    static_root = Path(tempfile.mkdtemp(prefix="portal-bench-offers-static-"))
    env = bench_env(static_root)
    os.environ.update(env)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%SZ")
    info = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "code": site_bench.code_version(),
        "machine": machine(),
        "quick": args.quick,
    }
    print(f"code {info['code']}; machine {info['machine']}", flush=True)
    requests, warmup = (30, 5) if args.quick else (300, 30)
    steps: list[Timing] = []
    submit_shares: list[tuple[str, float]] = []
    pdf = None
    surges: list[SurgeResult] = []
    others = OtherBenchmarks(args.wait_others)
    try:
        prepare_django(args.fresh)
        seeder = Seeder(datetime.now(UTC).strftime("%y%m%d%H%M%S"))
        if "step" in args.parts:
            others.wait()
            print("\n== 1. saving a step, in-process", flush=True)
            step_bench = StepBench(seeder)
            for step in ("task", "costs"):
                steps.append(step_bench.in_process(step, requests, warmup))
                print(f"  {format_timing(steps[-1])}", flush=True)
            timing, submit_shares = step_bench.submit_in_process(
                seeder, *((10, 5) if args.quick else (40, 20))
            )
            steps.append(timing)
            print(f"  {format_timing(timing)}", flush=True)
        if "pdf" in args.parts:
            others.wait()
            print("\n== 2. the 10-page PDF", flush=True)
            pdf = pdf_bench(seeder, 2 if args.quick else 6)
            print(
                f"  {pdf.pages} pages, p50 {percentile(pdf.wall_ms, 50):.0f} ms/render, "
                f"{pdf.ms_per_page:.0f} ms/page; checksum on every page: {pdf.checksum_on_every_page}",
                flush=True,
            )
            print(pdf.profile)
        if "step" in args.parts or "surge" in args.parts:
            for index, worker_class in enumerate(args.worker_classes):
                others.wait()
                server, access_log, worker = run_servers(env, worker_class, args, others.own)
                try:
                    print(f"\ngunicorn on :{server.port} ({worker_class}), Celery worker ready", flush=True)
                    if "step" in args.parts and index == 0:
                        print("\n== 1. saving a step, over HTTP", flush=True)
                        for step in ("task", "costs"):
                            steps.append(step_bench.over_http(server, access_log, step, requests, warmup))
                            print(f"  {format_timing(steps[-1])}", flush=True)
                    if "surge" in args.parts:
                        for mode in args.modes if index == 0 else ["burst"]:
                            others.wait()
                            print(f"\n== 3. deadline surge ({mode}, {worker_class})", flush=True)
                            surges.append(
                                surge_bench(seeder, server, access_log, worker, args, worker_class, mode)
                            )
                            print(f"  {format_surge(surges[-1])}", flush=True)
                finally:
                    worker.stop()
                    server.stop()
    except KeyboardInterrupt:
        print("\ninterrupted; gunicorn and the Celery worker stopped", file=sys.stderr)
        return 130
    except (subprocess.CalledProcessError, RuntimeError) as error:
        print(f"\nbenchmark failed: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(static_root, ignore_errors=True)

    text = report(info, steps, submit_shares, pdf, surges)
    print("\n" + text)
    (OUT / f"offers-{stamp}.md").write_text(text)
    (OUT / f"offers-{stamp}.json").write_text(
        json.dumps(
            {
                **info,
                "steps": [t.__dict__ for t in steps],
                "submit_profile_ms": submit_shares,
                "pdf": {k: v for k, v in (pdf.__dict__ if pdf else {}).items() if k != "profile"},
                "surges": [s.__dict__ for s in surges],
            },
            indent=2,
            ensure_ascii=False,
            default=str,
        )
    )
    print(f"written bench/out/offers-{stamp}.md and .json")
    return 0


def format_surge(s: SurgeResult) -> str:
    return (
        f"{s.submissions} submissions: statuses {dict(s.statuses)}, p50 {s.p50_s:.2f} s, "
        f"p99 {s.p99_s:.2f} s; {s.submitted} submitted, {s.distinct_numbers} distinct numbers; "
        f"{s.pdfs} PDFs in {s.pdf_total_s:.0f} s; "
        f"late: refused {s.late_refused}, draft kept {s.late_draft_intact}"
    )


def format_timing(t: Timing) -> str:
    return (
        f"{t.label}: {t.requests} requests, p50 {t.p50_ms:.1f} ms, p99 {t.p99_ms:.1f} ms, "
        f"CPU {t.cpu_ms:.1f} ms/req, gunicorn's time p50 {fmt(t.server_p50_ms)} / "
        f"p99 {fmt(t.server_p99_ms)} ms, "
        f"PostgreSQL CPU {t.db_cpu_ms:.1f} ms/req" + (f", {t.queries} queries" if t.queries else "")
    )


if __name__ == "__main__":
    sys.exit(main())
