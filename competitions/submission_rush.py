"""Offer PDFs wait while offers are being submitted, so the people submitting get the CPU.

At a deadline hundreds of offers arrive within a minute, often within seconds. Each PDF takes
the worker most of a second of CPU; on the same machine as the web workers that CPU is taken from
the submissions (a niced worker still runs whenever a core is free for a moment, and slows the web
worker on the sibling core). A submission marks the moment in the shared cache; a PDF task that
finds the mark waits, without using the CPU, until a second passes without a submission, but never
longer than ``MAX_HOLD`` after its own offer was submitted, so under a long steady stream PDFs
still follow within a minute. The confirmation e-mail goes out after the PDF, as before.

The mark lives in the cache, so it works where the web and the worker share it (Redis in
production); with a per-process cache the worker never sees it and renders at once.
"""

import time
from datetime import timedelta

from django.core.cache import cache
from django.utils import timezone

SUBMITTING_KEY = "offers:submitting"
QUIET_SECONDS = 1  # how long after the last submission the rush counts as over
MAX_HOLD = timedelta(seconds=60)
POLL_SECONDS = 0.25


def note_submission() -> None:
    """An offer was just submitted (called on commit, next to queuing its PDF)."""
    cache.set(SUBMITTING_KEY, True, QUIET_SECONDS)


def hold_while_submitting(submitted_at, *, now=timezone.now, sleep=time.sleep) -> float:
    """Wait while offers are being submitted, at most until ``submitted_at + MAX_HOLD``;
    returns the seconds waited."""
    waited = 0.0
    until = (submitted_at or now()) + MAX_HOLD
    while cache.get(SUBMITTING_KEY) and now() < until:
        sleep(POLL_SECONDS)
        waited += POLL_SECONDS
    return waited
