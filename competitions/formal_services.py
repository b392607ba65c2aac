"""The formal check of offers and the corrections it asks for.

An official checks each submitted offer against the competition's formal checklist
(after the deadline, so the competition is closed) and records one of three outcomes:
formally correct, returned for correction (the gaps, the steps of the generator the
organisation may change, and a deadline in Europe/Warsaw time) or formally rejected.
A returned offer is corrected in a new version (``replaces`` the returned one, same
number, new checksum and PDF); only the flagged steps may differ. A correction not
submitted in time rejects the offer formally (``reject_late_corrections``, run by
Celery beat every minute and on access).
"""

import json
import logging
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransition, TransitionNotAllowed

from notifications.services import notify
from organisations.choices import ROLE_GROUPS, Role
from portal.permissions import ensure

from . import offer_services
from .choices import CompetitionState, FormalOutcome, OfferState
from .formal_selectors import offer_diff, offer_timeline, offer_versions  # noqa: F401  (part of this API)
from .models import FormalCheck, Offer, OfferAttachment
from .offer_services import OfferChangedMeanwhile, _log

logger = logging.getLogger(__name__)

WARSAW = ZoneInfo("Europe/Warsaw")
# Art. 14-ish practice of Polish city halls: a week to fill the gaps.
DEFAULT_CORRECTION_DAYS = 7

COMPETITION_NOT_CLOSED = _(
    "Offers are checked formally after the deadline for offers, when the competition is closed; "
    "this competition is %(state)s."
)
NOT_SUBMITTED = _("Only a submitted offer awaits the formal check; this one is %(state)s.")
NOT_CURRENT = _("This version has been replaced by a newer one; check the current version.")
CHANGED_MEANWHILE = _(
    "Someone changed this offer meanwhile (it is now %(state)s). Your check was not recorded; "
    "reload the page."
)
UNKNOWN_OUTCOME = _("Choose the outcome of the formal check.")
UNANSWERED = _("Answer every item of the checklist: %(items)s.")
NOT_MET = _("The offer cannot be formally correct while a requirement is not met: %(items)s.")
GAPS_REQUIRED = _("List the gaps to correct, one per line.")
STEPS_REQUIRED = _("Choose at least one part of the offer the organisation may correct.")
UNKNOWN_STEP = _("There is no part %(step)s in the offer.")
DEADLINE_NOT_FUTURE = _("The deadline for the correction must be in the future.")
REASON_REQUIRED = _("Give the reason for the formal rejection.")
LATE_REASON = _("The correction was not made in time.")

NOT_RETURNED = _("Only an offer returned for correction can be corrected; this one is %(state)s.")
CORRECTION_LATE = _(
    "The deadline for the correction passed at %(deadline)s (Warsaw time); the offer can no longer "
    "be corrected."
)
NOT_A_CORRECTION = _("This draft is not a correction of a returned offer.")
NOT_A_DRAFT = _("This correction has already been submitted.")
STEP_NOT_FLAGGED = _(
    "%(step)s was not returned for correction and cannot be changed. Correct only: %(flagged)s."
)


def _members(offer) -> list:
    return [m.user for m in offer.organisation.memberships.select_related("user")]


def _officials() -> list:
    from django.contrib.auth import get_user_model

    return list(get_user_model().objects.filter(groups__name=ROLE_GROUPS[Role.OFFICIAL], is_active=True))


def _local(moment) -> str:
    return timezone.localtime(moment, WARSAW).strftime("%d.%m.%Y %H:%M")


def _offer_url(offer) -> str:
    return reverse("offers:detail", args=[offer.pk])


def step_choices(competition) -> list[tuple[str, str]]:
    """The generator's steps an official can return for correction (all but the summary)."""
    from .offer_forms import STEPS

    return [
        (name, heading)
        for name, _form, heading in STEPS
        if name != "summary" and (name != "partners" or competition.joint_offers_allowed)
    ]


def default_correction_deadline(now=None) -> datetime:
    """Seven days from now, at the end of that day in Warsaw."""
    day = timezone.localtime(now or timezone.now(), WARSAW).date() + timedelta(days=DEFAULT_CORRECTION_DAYS)
    return end_of_day(day)


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time(23, 59, 59), tzinfo=WARSAW)


def _deadline(value, now) -> datetime:
    if value in (None, ""):
        return default_correction_deadline(now)
    if isinstance(value, datetime):
        deadline = value if timezone.is_aware(value) else value.replace(tzinfo=WARSAW)
    elif isinstance(value, date):
        deadline = end_of_day(value)
    else:
        raise ValidationError(DEADLINE_NOT_FUTURE, code="deadline")
    if deadline <= now:
        raise ValidationError(DEADLINE_NOT_FUTURE, code="deadline")
    return deadline


def _clean_answers(competition, answers: dict) -> tuple[dict, list]:
    """Every checklist item answered met / not met (with an optional note); returns (answers, not met)."""
    cleaned, unanswered, not_met = {}, [], []
    for item in competition.formal_checklist.all():
        answer = (answers or {}).get(str(item.pk)) or (answers or {}).get(item.pk) or {}
        met = answer.get("met")
        if isinstance(met, str):
            met = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}.get(
                met.lower()
            )
        if met not in (True, False):
            unanswered.append(item.text)
            continue
        cleaned[str(item.pk)] = {"met": met, "note": str(answer.get("note") or "").strip()[:1000]}
        if not met:
            not_met.append(item.text)
    if unanswered:
        raise ValidationError(UNANSWERED, code="unanswered", params={"items": "; ".join(unanswered)})
    return cleaned, not_met


def _transition(offer, method: str) -> None:
    """Run ``method`` and save; a change by someone else since the row was read is refused."""
    try:
        getattr(offer, method)()
        offer.save()
    except (ConcurrentTransition, TransitionNotAllowed) as error:
        current = Offer.objects.get(pk=offer.pk)
        raise ValidationError(
            CHANGED_MEANWHILE, code="concurrent", params={"state": current.get_state_display()}
        ) from error


@transaction.atomic
def formal_check(
    *,
    user,
    offer: Offer,
    answers: dict,
    outcome: str,
    gaps: str = "",
    steps=(),
    correction_deadline=None,
    reason: str = "",
    revision: int | None = None,
    now=None,
) -> FormalCheck:
    """Record the formal check of a submitted offer and move it on.

    ``answers`` maps checklist item pks to ``{"met": bool, "note": str}``; every item
    must be answered. ``outcome`` is a ``FormalOutcome``: correct (no item may be not
    met), returned (``gaps``, ``steps`` of the generator and a future
    ``correction_deadline``, a date or datetime, 7 days by default) or rejected
    (``reason``). ``revision`` is the offer's revision as the official saw it: a
    check recorded meanwhile by someone else is refused.
    """
    from .services import competition_close_if_expired

    ensure(user, "offer.check_formally", offer)
    now = now or timezone.now()
    locked = Offer.objects.select_for_update(of=("self",)).select_related("competition").get(pk=offer.pk)
    # The beat may be late: a competition past its deadline is closed now, as on any access.
    competition = competition_close_if_expired(locked.competition, now=now)
    if competition.state != CompetitionState.CLOSED:
        raise ValidationError(
            COMPETITION_NOT_CLOSED, code="not_closed", params={"state": competition.get_state_display()}
        )
    if (revision is not None and locked.revision != revision) or (
        locked.state != OfferState.SUBMITTED and offer.state == OfferState.SUBMITTED
    ):
        raise ValidationError(
            CHANGED_MEANWHILE, code="concurrent", params={"state": locked.get_state_display()}
        )
    if locked.state != OfferState.SUBMITTED:
        raise ValidationError(
            NOT_SUBMITTED, code="not_submitted", params={"state": locked.get_state_display()}
        )
    if Offer.objects.filter(replaces=locked).exists():
        raise ValidationError(NOT_CURRENT, code="not_current")

    if outcome not in FormalOutcome.values:
        raise ValidationError(UNKNOWN_OUTCOME, code="outcome")
    cleaned, not_met = _clean_answers(locked.competition, answers)
    check = FormalCheck(offer=locked, outcome=outcome, answers=cleaned, checked_by=user, checked_at=now)
    source = locked.state
    if outcome == FormalOutcome.CORRECT:
        if not_met:
            raise ValidationError(NOT_MET, code="not_met", params={"items": "; ".join(not_met)})
        method, comment = "accept_formally", ""
    elif outcome == FormalOutcome.RETURNED:
        lines = [line.strip() for line in (gaps or "").splitlines() if line.strip()]
        if not lines:
            raise ValidationError(GAPS_REQUIRED, code="gaps")
        allowed = dict(step_choices(locked.competition))
        steps = list(dict.fromkeys(steps or ()))
        if not steps:
            raise ValidationError(STEPS_REQUIRED, code="steps")
        for step in steps:
            if step not in allowed:
                raise ValidationError(UNKNOWN_STEP, code="steps", params={"step": step})
        check.gaps = "\n".join(lines)
        check.steps = steps
        check.correction_deadline = _deadline(correction_deadline, now)
        locked.correction_steps = steps
        locked.correction_deadline = check.correction_deadline
        method, comment = "return_for_correction", check.gaps
    else:
        if not (reason or "").strip():
            raise ValidationError(REASON_REQUIRED, code="reason")
        check.reason = reason.strip()
        method, comment = "reject_formally", check.reason

    locked.revision += 1
    _transition(locked, method)
    check.save()
    _log(locked, source, locked.state, user, comment)
    _notify_outcome(locked, check)
    return check


def _notify_outcome(offer: Offer, check: FormalCheck) -> None:
    params = {"number": offer.display_number, "title": offer.title}
    if check.outcome == FormalOutcome.CORRECT:
        title = _("Offer %(number)s is formally correct") % params
        body = _("The offer “%(title)s” passed the formal check and goes to the committee.") % params
    elif check.outcome == FormalOutcome.RETURNED:
        from .offer_forms import STEP_HEADINGS

        title = _("Offer %(number)s is returned for correction") % params
        body = _(
            "Correct the offer “%(title)s” by %(deadline)s (Warsaw time). Gaps:\n%(gaps)s\n"
            "You may change: %(steps)s."
        ) % {
            **params,
            "deadline": _local(check.correction_deadline),
            "gaps": check.gaps,
            "steps": ", ".join(str(STEP_HEADINGS[s]) for s in check.steps),
        }
    else:
        title = _("Offer %(number)s is formally rejected") % params
        body = _("The offer “%(title)s” was rejected formally. Reason: %(reason)s") % {
            **params,
            "reason": check.reason,
        }
    notify(
        recipients=_members(offer),
        event=f"offer.formal_{check.outcome}",
        title=title,
        body=body,
        url=_offer_url(offer),
    )


def latest_check(offer: Offer) -> FormalCheck | None:
    return offer.formal_checks.select_related("checked_by").order_by("-checked_at", "-pk").first()


# --- Corrections -----------------------------------------------------------------------------------


def returned_original(draft: Offer) -> Offer | None:
    """The returned offer this draft corrects, or None when it is not a correction draft."""
    if draft.state != OfferState.DRAFT or not draft.replaces_id:
        return None
    original = draft.replaces
    return original if original.state == OfferState.RETURNED or original.correction_steps else None


def is_correction_draft(draft: Offer) -> bool:
    return returned_original(draft) is not None


def _ensure_in_time(original: Offer, now) -> None:
    if original.correction_deadline is None or now > original.correction_deadline:
        deadline = _local(original.correction_deadline) if original.correction_deadline else "—"
        raise ValidationError(CORRECTION_LATE, code="late", params={"deadline": deadline})


@transaction.atomic
def start_correction(*, user, offer: Offer, now=None) -> Offer:
    """Open (or return the open) draft of version n+1 of a returned offer, before its deadline."""
    ensure(user, "offer.correct", offer)
    now = now or timezone.now()
    original = Offer.objects.select_for_update(of=("self",)).select_related("competition").get(pk=offer.pk)
    existing = Offer.objects.filter(replaces=original).first()
    if original.state != OfferState.RETURNED:
        raise ValidationError(
            NOT_RETURNED, code="not_returned", params={"state": original.get_state_display()}
        )
    _ensure_in_time(original, now)
    if existing is not None:
        return existing
    draft = Offer.objects.create(
        competition=original.competition,
        organisation=original.organisation,
        title=original.title,
        content=json.loads(json.dumps(original.content or {})),
        last_step=original.last_step,
        requested_grant=original.requested_grant,
        total_cost=original.total_cost,
        version=original.version + 1,
        replaces=original,
        correction_steps=list(original.correction_steps),
        correction_deadline=original.correction_deadline,
        created_by=user,
        saved_by=user,
        saved_at=now,
    )
    # The files stay where they are; the new version points at them (and their checksums).
    OfferAttachment.objects.bulk_create(
        OfferAttachment(
            offer=draft,
            required=attachment.required,
            name=attachment.name,
            file_name=attachment.file_name,
            file=attachment.file.name,
            size=attachment.size,
            sha256=attachment.sha256,
            uploaded_by=attachment.uploaded_by,
        )
        for attachment in original.attachments.all()
    )
    return draft


def _locked_correction(draft: Offer, now) -> tuple[Offer, Offer]:
    """Lock the draft and its original (original first, as everywhere) and check both."""
    draft_row = Offer.objects.only("replaces_id").get(pk=draft.pk)
    if not draft_row.replaces_id:
        raise ValidationError(NOT_A_CORRECTION, code="not_a_correction")
    original = Offer.objects.select_for_update(of=("self",)).get(pk=draft_row.replaces_id)
    locked = Offer.objects.select_for_update(of=("self",)).select_related("competition").get(pk=draft.pk)
    if locked.state != OfferState.DRAFT:
        raise ValidationError(NOT_A_DRAFT, code="not_a_draft")
    if original.state != OfferState.RETURNED:
        raise ValidationError(
            NOT_RETURNED, code="not_returned", params={"state": original.get_state_display()}
        )
    _ensure_in_time(original, now)
    return original, locked


def _flagged(original: Offer) -> list[str]:
    return list(original.correction_steps or [])


def _headings(steps) -> str:
    from .offer_forms import STEP_HEADINGS

    return ", ".join(str(STEP_HEADINGS.get(step, step)) for step in steps)


def step_may_change(original: Offer, step: str) -> bool:
    """The summary is always posted (to submit); other steps only when flagged."""
    return step == "summary" or step in _flagged(original)


@transaction.atomic
def correction_save_step(
    *, user, draft: Offer, step: str, cleaned, raw: dict, revision: int, now=None
) -> Offer:
    """Save one flagged step of a correction draft (the competition's deadline no longer applies;
    the correction's does)."""
    from .offer_forms import STEP_HEADINGS

    ensure(user, "offer.correct", draft)
    now = now or timezone.now()
    original, locked = _locked_correction(draft, now)
    if not step_may_change(original, step):
        raise ValidationError(
            STEP_NOT_FLAGGED,
            code="not_flagged",
            params={"step": STEP_HEADINGS.get(step, step), "flagged": _headings(_flagged(original))},
        )
    if locked.revision != revision:
        raise OfferChangedMeanwhile(locked)
    content = dict(locked.content or {})
    content[step] = json.loads(json.dumps(cleaned, default=str))
    content.setdefault("_raw", {})[step] = raw
    totals = offer_services._totals(content)
    Offer.objects.filter(pk=locked.pk).update(
        content=content,
        last_step=step,
        revision=locked.revision + 1,
        saved_at=now,
        saved_by=user,
        title=(content.get("basic") or {}).get("title", "")[:300],
        total_cost=totals.total_cost,
        requested_grant=totals.requested_grant,
    )
    return Offer.objects.get(pk=locked.pk)


def changed_steps(old: Offer, new: Offer) -> list[str]:
    """Steps whose content (or, for "attachments", whose files) differ between two versions."""
    from .offer_forms import STEPS

    old_content, new_content = old.content or {}, new.content or {}
    changed = [
        name
        for name, _form, _h in STEPS
        if name not in ("summary", "attachments") and old_content.get(name) != new_content.get(name)
    ]
    old_files = sorted(old.attachments.values_list("sha256", flat=True))
    new_files = sorted(new.attachments.values_list("sha256", flat=True))
    if old_files != new_files:
        changed.append("attachments")
    return changed


@transaction.atomic
def submit_correction(*, user, draft: Offer, now=None) -> Offer:
    """Submit the corrected version before the deadline; it goes back to the formal check.

    Only the flagged steps may differ from the returned version. The returned
    version becomes CORRECTED (and stays readable); the new one is SUBMITTED with
    the same number, its own checksum and a PDF rendered on commit.
    """
    from .offer_forms import STEP_HEADINGS

    ensure(user, "offer.correct", draft)
    now = now or timezone.now()
    original, locked = _locked_correction(draft, now)
    flagged = _flagged(original)
    for step in changed_steps(original, locked):
        if step not in flagged:
            raise ValidationError(
                STEP_NOT_FLAGGED,
                code="not_flagged",
                params={"step": STEP_HEADINGS.get(step, step), "flagged": _headings(flagged)},
            )
    problems = offer_services.offer_rule_problems(locked)
    if problems:
        raise ValidationError(problems, code="rules")
    locked.number = original.number
    locked.submitted_at = now
    locked.checksum = offer_services.offer_checksum(locked)
    comment = str(_("Corrected version %(version)s submitted.") % {"version": locked.version})
    _transition(original, "replace_with_correction")
    _transition(locked, "submit")
    _log(original, OfferState.RETURNED, OfferState.CORRECTED, user, comment)
    _log(locked, OfferState.DRAFT, OfferState.SUBMITTED, user, comment)
    transaction.on_commit(lambda: offer_services.queue_offer_documents(locked.pk))
    params = {"number": locked.display_number, "title": locked.title}
    notify(
        recipients=_members(locked),
        event="offer.correction_submitted",
        title=_("The correction of offer %(number)s is submitted") % params,
        body=_("The corrected offer “%(title)s” goes back to the formal check.") % params,
        url=_offer_url(locked),
    )
    check = latest_check(original)
    officials = [check.checked_by] if check and check.checked_by else _officials()
    notify(
        recipients=officials,
        event="offer.correction_submitted",
        title=_("Offer %(number)s was corrected and awaits the formal check") % params,
        body=_("The organisation submitted the correction of “%(title)s”.") % params,
        url=reverse("competition_formal_check", args=[locked.pk]),
    )
    return locked


# --- Late corrections ------------------------------------------------------------------------------


def _reject_late(pk: int, now) -> bool:
    with transaction.atomic():
        offer = Offer.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=pk)
        if (
            offer.state != OfferState.RETURNED
            or not offer.correction_deadline
            or offer.correction_deadline >= now
        ):
            return False
        reason = str(LATE_REASON)
        try:
            offer.reject_formally()
            offer.save()
        except ConcurrentTransition:
            return False
        FormalCheck.objects.create(
            offer=offer, outcome=FormalOutcome.REJECTED, reason=reason, checked_by=None, checked_at=now
        )
        _log(offer, OfferState.RETURNED, OfferState.FORMALLY_REJECTED, None, reason)
        params = {
            "number": offer.display_number,
            "title": offer.title,
            "deadline": _local(offer.correction_deadline),
        }
        notify(
            recipients=_members(offer),
            event="offer.formal_rejected",
            title=_("Offer %(number)s is formally rejected") % params,
            body=_(
                "The correction of “%(title)s” was not submitted by %(deadline)s (Warsaw time), "
                "so the offer is rejected formally."
            )
            % params,
            url=_offer_url(offer),
        )
        return True


def reject_late_corrections(now=None) -> int:
    """Reject formally every returned offer whose correction deadline has passed; return how many."""
    now = now or timezone.now()
    late = Offer.objects.filter(state=OfferState.RETURNED, correction_deadline__lt=now)
    return sum(_reject_late(pk, now) for pk in late.values_list("pk", flat=True))


def reject_if_late(offer: Offer, now=None) -> Offer:
    """On access: a returned offer past its deadline is rejected before anyone sees it."""
    now = now or timezone.now()
    if offer.state == OfferState.RETURNED and offer.correction_deadline and offer.correction_deadline < now:
        _reject_late(offer.pk, now)
        offer.refresh_from_db()
    return offer


@transaction.atomic
def correction_attachment_add(*, user, draft: Offer, required, upload, now=None):
    """Replace a required attachment in a correction draft: only when "Attachments" was flagged."""
    from .offer_forms import STEP_HEADINGS

    ensure(user, "offer.correct", draft)
    original, locked = _locked_correction(draft, now or timezone.now())
    if not step_may_change(original, "attachments"):
        raise ValidationError(
            STEP_NOT_FLAGGED,
            code="not_flagged",
            params={"step": STEP_HEADINGS["attachments"], "flagged": _headings(_flagged(original))},
        )
    return offer_services.offer_attachment_add(user=user, offer=locked, required=required, upload=upload)
