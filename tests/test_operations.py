"""Operations: the health checks a load balancer reads, the security log's JSON lines, the
403 handler that logs refused permissions, security.txt and the optional Sentry hook."""

import io
import json
import logging
import logging.config
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.test import RequestFactory

from portal import views
from portal.permissions import can, forget_refusals
from portal.security_log import JsonFormatter, log_security_event

ROOT = Path(__file__).resolve().parent.parent


def _broker_configured(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False


@pytest.mark.django_db
def test_healthz_answers_ok_with_one_line_per_check(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content.decode().splitlines() == ["ok", "database: ok", "cache: ok"]
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_checks_the_broker_when_tasks_go_through_one(client, settings, monkeypatch):
    _broker_configured(settings)
    monkeypatch.setattr(views, "check_broker", lambda: None)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert "broker: ok" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "error"),
    [
        ("database", OperationalError("could not connect to server")),
        ("cache", ConnectionError("redis down")),
        ("broker", OSError("connection refused")),
    ],
)
def test_healthz_answers_503_naming_what_failed(client, settings, monkeypatch, name, error):
    _broker_configured(settings)
    monkeypatch.setattr(views, "check_broker", lambda: None)

    def failing():
        raise error

    monkeypatch.setattr(views, f"check_{name}", failing)
    response = client.get("/healthz")
    assert response.status_code == 503
    lines = response.content.decode().splitlines()
    assert lines[0] == f"failed: {name}"
    assert f"{name}: failed ({type(error).__name__})" in lines
    # The others are still reported, and the error's text (hosts, credentials) is not.
    assert len([line for line in lines if line.endswith(": ok")]) == 2
    assert str(error) not in response.content.decode()


@pytest.mark.django_db
def test_a_real_cache_that_is_down_is_named(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content.decode().splitlines()[:2] == ["failed: cache", "database: ok"]


@pytest.mark.django_db
def test_a_hanging_check_is_reported_as_timed_out_without_holding_the_request(client, monkeypatch):
    monkeypatch.setattr(views, "CHECK_TIMEOUT", 0.2)
    monkeypatch.setattr(views, "check_cache", lambda: time.sleep(1.5))
    started = time.monotonic()
    response = client.get("/healthz")
    assert time.monotonic() - started < 1.2
    assert response.status_code == 503
    assert "cache: timed out" in response.content.decode().splitlines()


def test_a_real_broker_that_does_not_answer_fails_quickly(settings, monkeypatch):
    # Port 1 on localhost refuses at once; the check must not retry for long.
    _broker_configured(settings)
    monkeypatch.setattr(views, "CHECK_TIMEOUT", 0.5)
    started = time.monotonic()
    with pytest.raises(Exception):  # noqa: B017 - kombu raises the transport's own error
        views.check_broker()
    assert time.monotonic() - started < 3


def test_the_broker_is_not_checked_when_tasks_run_eagerly(settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    assert "broker" not in views._checks()


@pytest.mark.django_db
def test_liveness_is_trivial(client, django_assert_num_queries, monkeypatch):
    def touched():
        raise AssertionError("the liveness check must not touch a dependency")

    for name in ("check_database", "check_cache", "check_broker"):
        monkeypatch.setattr(views, name, touched)
    with django_assert_num_queries(0):
        response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.content == b"ok\n"


@pytest.mark.django_db
def test_security_txt_names_the_contact_and_a_future_expiry(client, settings):
    from datetime import UTC, datetime

    response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    fields = dict(line.split(": ", 1) for line in response.content.decode().splitlines())
    assert fields["Contact"] == f"mailto:{settings.SECURITY_CONTACT_EMAIL}"
    assert fields["Preferred-Languages"] == "pl, en"
    expires = datetime.fromisoformat(fields["Expires"].replace("Z", "+00:00"))
    assert 0 < (expires - datetime.now(UTC)).days <= 365


@pytest.fixture
def security_lines():
    """Configure logging as production does and give back the JSON lines written."""
    from portal.settings import base

    logging.config.dictConfig(base.LOGGING)
    logger = logging.getLogger("portal.security")
    (handler,) = logger.handlers
    stream = io.StringIO()
    handler.setStream(stream)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)
        logger.propagate = True
        logger.setLevel(logging.NOTSET)


@pytest.mark.django_db
def test_a_security_event_is_one_json_line_with_user_and_ip(make_user, security_lines):
    user = make_user(email="ala@example.org")
    request = RequestFactory().get("/konto/oferty/7/", REMOTE_ADDR="203.0.113.9")
    request.user = user
    log_security_event("lockout", request=request, failures=5)
    (line,) = security_lines()
    assert line["event"] == "lockout"
    assert line["user"] == "ala@example.org"
    assert line["ip"] == "203.0.113.9"
    assert line["path"] == "/konto/oferty/7/"
    assert line["level"] == "WARNING"
    assert line["details"] == {"user_id": user.pk, "failures": 5}
    assert line["timestamp"].endswith("+00:00")


def test_a_plain_record_through_the_json_formatter_is_still_valid_json():
    record = logging.LogRecord("portal.security", logging.ERROR, __file__, 1, 'odd "text"\n', (), None)
    line = json.loads(JsonFormatter().format(record))
    assert line["event"] == ""
    assert line["details"] == {"message": 'odd "text"\n'}


@pytest.mark.django_db
def test_a_refused_permission_that_becomes_a_403_is_logged_with_its_action(make_user, caplog, client):
    from organisations.choices import Role

    member = make_user(Role.NGO_MEMBER)
    request = RequestFactory().post("/konto/komisja/1/", REMOTE_ADDR="198.51.100.4")
    request.user = member
    forget_refusals()
    decision = can(member, "competition.manage")
    assert not decision
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        response = views.permission_denied(request, PermissionDenied(decision.reason))
    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "portal.security"]
    assert record.security["event"] == "permission_refused"
    assert record.security["action"] == "competition.manage"
    assert record.security["user"] == member.email
    assert record.security["ip"] == "198.51.100.4"
    assert record.security["method"] == "POST"


@pytest.mark.django_db
def test_a_403_from_a_real_view_goes_through_the_handler(make_user, client, caplog):
    from competitions.offer_services import offer_start
    from competitions.tests.offer_helpers import ngo_member, open_competition
    from organisations.choices import Role

    competition = open_competition(make_user(Role.OFFICIAL))
    author = ngo_member(make_user)
    offer = offer_start(
        user=author, competition=competition, organisation=author.memberships.get().organisation
    )
    outsider = ngo_member(make_user)
    client.force_login(outsider)
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        response = client.get(f"/konto/oferty/{offer.pk}/")
    assert response.status_code == 403
    events = [r.security for r in caplog.records if r.name == "portal.security"]
    assert [(e["event"], e["action"], e["user"]) for e in events] == [
        ("permission_refused", "offer.view", outsider.email)
    ]


@pytest.mark.django_db
def test_a_view_with_its_own_refusal_page_logs_through_the_public_helper(make_user, caplog):
    from organisations.choices import Role

    member = make_user(Role.NGO_MEMBER)
    request = RequestFactory().get("/konto/komisja/oferta/3/", REMOTE_ADDR="198.51.100.5")
    request.user = member
    forget_refusals()
    decision = can(member, "audit.view")
    with caplog.at_level(logging.WARNING, logger="portal.security"):
        views.log_permission_refused(request, decision.reason)
    (record,) = [r for r in caplog.records if r.name == "portal.security"]
    assert (record.security["event"], record.security["action"]) == ("permission_refused", "audit.view")


def _sentry_state(env: dict) -> str:
    code = (
        "import sentry_sdk, portal.settings.production as p;"
        "c = sentry_sdk.get_client();"
        "print(p.SENTRY_ENABLED, c.is_active(), c.options.get('send_default_pii'),"
        " c.options.get('environment'), c.options.get('release'))"
    )
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    base_env.update({"SECRET_KEY": "x", "DJANGO_SETTINGS_MODULE": "portal.settings.production", **env})
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], cwd=ROOT, env=base_env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_sentry_starts_only_with_a_dsn():
    assert _sentry_state({}).startswith("False False")
    state = _sentry_state(
        {
            "SENTRY_DSN": "https://public@sentry.example.invalid/1",
            "SENTRY_ENVIRONMENT": "staging",
            "SENTRY_RELEASE": "portal@1.2.3",
        }
    )
    assert state == "True True False staging portal@1.2.3"


def test_sentry_uses_the_django_and_celery_integrations(monkeypatch):
    import sentry_sdk
    import sentry_sdk.integrations.logging

    from portal.settings.sentry import sentry_init

    calls, ignored = [], []
    monkeypatch.setattr(sentry_sdk, "init", lambda **kwargs: calls.append(kwargs))
    monkeypatch.setattr(sentry_sdk.integrations.logging, "ignore_logger", ignored.append)
    assert sentry_init(dsn="") is False
    assert calls == []
    assert sentry_init(dsn="https://k@sentry.example.invalid/1", environment="prod") is True
    (options,) = calls
    names = {type(integration).__name__ for integration in options["integrations"]}
    assert names == {"DjangoIntegration", "CeleryIntegration"}
    assert options["send_default_pii"] is False
    assert ignored == ["portal.security"]  # no security events as breadcrumbs
