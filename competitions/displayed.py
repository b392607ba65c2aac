"""Objects as people see them now, without writing: reads never move a workflow.

A competition past its deadline and a returned offer past its correction deadline
change state in Celery beat (``close_expired_competitions``, ``reject_late_corrections``).
Until beat runs, a page shows them in the state they are due to be in: ``as_seen``
gives an in-memory copy with that state, which refuses to be saved.
"""

import copy


class DisplayCopySaved(RuntimeError):
    """A copy made for display was about to be saved."""


def _refuse_save(*args, **kwargs):
    raise DisplayCopySaved("a copy made for display is never saved")


def as_seen(obj, now=None):
    """``obj`` (a Competition or an Offer) as it is due to be at ``now``; ``obj`` itself if unchanged."""
    state = obj.state_at(now)
    if state == obj.state:
        return obj
    seen = copy.copy(obj)
    # The state field is protected (django-fsm) against assignment; this copy only shows it.
    seen.__dict__["state"] = state
    seen.save = _refuse_save
    return seen
