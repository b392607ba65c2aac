"""portal.ratelimit: per-IP and per-target limits in fixed windows, a Polish "try again in" message,
and a cache outage that lets requests through and is logged."""

import logging
from unittest import mock

import pytest
from django.core.cache import cache
from django.utils import translation

from portal.ratelimit import RateLimited, check_rate_limit


def _hits(n, **kwargs):
    for _ in range(n):
        check_rate_limit(**kwargs)


def test_the_ip_limit_refuses_the_request_past_the_count():
    _hits(3, scope="register", ip="10.0.0.1", per_ip=(3, 600))
    with pytest.raises(RateLimited) as info:
        check_rate_limit(scope="register", ip="10.0.0.1", per_ip=(3, 600))
    assert 0 < info.value.retry_after <= 600


def test_another_ip_and_another_scope_have_their_own_counters():
    _hits(3, scope="register", ip="10.0.0.1", per_ip=(3, 600))
    check_rate_limit(scope="register", ip="10.0.0.2", per_ip=(3, 600))
    check_rate_limit(scope="password_reset", ip="10.0.0.1", per_ip=(3, 600))


def test_the_target_limit_holds_across_addresses_and_letter_case():
    for n, address in enumerate(["Ala@Example.pl", "ala@example.pl", " ALA@EXAMPLE.PL "]):
        check_rate_limit(scope="reset", ip=f"10.0.1.{n}", target=address, per_target=(3, 600))
    with pytest.raises(RateLimited):
        check_rate_limit(scope="reset", ip="10.0.1.99", target="ala@example.pl", per_target=(3, 600))
    # Another address is not affected.
    check_rate_limit(scope="reset", ip="10.0.1.99", target="ola@example.pl", per_target=(3, 600))


def test_the_window_ends_and_requests_are_accepted_again():
    with mock.patch("portal.ratelimit.time.time", return_value=1_000_000.0):
        _hits(2, scope="s", ip="10.0.0.1", per_ip=(2, 60))
        with pytest.raises(RateLimited) as info:
            check_rate_limit(scope="s", ip="10.0.0.1", per_ip=(2, 60))
    assert info.value.retry_after == 60 - (1_000_000 % 60) + 1
    with mock.patch("portal.ratelimit.time.time", return_value=1_000_000.0 + 61):
        check_rate_limit(scope="s", ip="10.0.0.1", per_ip=(2, 60))


def test_the_message_is_polish_and_says_when_to_try_again():
    with translation.override("pl"):
        assert RateLimited(600).message == "Zbyt wiele prób. Spróbuj ponownie za 10 minut."
        assert RateLimited(61).message == "Zbyt wiele prób. Spróbuj ponownie za 2 minuty."
        assert RateLimited(30).message == "Zbyt wiele prób. Spróbuj ponownie za 30 sekund."
        assert RateLimited(22).message == "Zbyt wiele prób. Spróbuj ponownie za 22 sekundy."
    with translation.override("en"):
        assert RateLimited(60).message == "Too many attempts. Try again in 1 minute."


def test_a_cache_outage_lets_the_request_through_and_is_logged(caplog):
    with (
        mock.patch.object(cache, "add", side_effect=ConnectionError("redis down")),
        caplog.at_level(logging.ERROR, logger="portal.ratelimit"),
    ):
        _hits(10, scope="register", ip="10.0.0.1", per_ip=(1, 600))
    assert "cache is unavailable" in caplog.text


def test_the_cache_never_holds_the_address_in_clear():
    check_rate_limit(scope="reset", ip="10.0.0.1", target="ala@example.pl", per_target=(3, 600))
    keys = list(cache._cache.keys())  # LocMemCache in the test settings
    assert keys
    assert not any("ala@example.pl" in key or "10.0.0.1" in key for key in keys)
