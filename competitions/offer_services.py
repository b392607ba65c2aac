"""Writing, submitting, withdrawing and correcting offers.

A draft is saved at every step with a revision number (optimistic locking);
submission is judged on the server against the deadline in Europe/Warsaw time,
freezes the offer, numbers it, fixes a checksum and queues its PDF and e-mail
on commit. When the broker is down the submission still stands: the beat task
``render_missing_offer_pdfs`` finishes the side effects later.
"""

import copy
import datetime
import hashlib
import json
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import uploads
from portal.permissions import ensure

from . import budget
from .choices import CompetitionState, OfferState
from .models import Competition, Offer, OfferAttachment, OfferTransition
from .submission_rush import note_submission

logger = logging.getLogger(__name__)

DEADLINE_PASSED = _(
    "The deadline for offers passed at %(deadline)s (Warsaw time). The offer was not submitted; "
    "your draft is kept unchanged."
)
COMPETITION_NOT_OPEN = _("This competition is not accepting offers.")
NOT_A_DRAFT = _("This offer has been submitted and can no longer be changed. Withdraw it to correct it.")
NOT_SUBMITTED = _("Only a submitted offer can be withdrawn.")
INCOMPLETE = _("The offer is not complete: %(steps)s.")
STEPS_REQUIRED = [
    "basic",
    "offeror",
    "task",
    "schedule",
    "results",
    "characteristics",
    "costs",
    "financing",
    "statements",
]


class OfferChangedMeanwhile(Exception):
    """Someone else saved the draft after this person opened it."""

    def __init__(self, offer: Offer):
        super().__init__("offer changed meanwhile")
        self.offer = offer


@dataclass(frozen=True)
class Totals:
    total_cost: object
    requested_grant: object


def _totals(content: dict) -> Totals:
    costs = content.get("costs") or []
    financing = content.get("financing") or {}
    return Totals(budget.total_of(costs), budget.money(financing.get("grant")))


def _log(offer, source, target, user, comment=""):
    OfferTransition.objects.create(offer=offer, source=source, target=target, by=user, comment=comment)


def current_offer(*, competition: Competition, organisation) -> Offer | None:
    """The organisation's current (not withdrawn) offer in the competition, if it has one."""
    return (
        Offer.objects.current()
        .filter(competition=competition, organisation=organisation)
        .exclude(state=OfferState.WITHDRAWN)
        .first()
    )


@transaction.atomic
def offer_start(*, user, competition: Competition, organisation) -> Offer:
    """The organisation's current offer in the competition, or a new draft."""
    ensure(user, "offer.create", organisation)
    # Two members starting at once must find one draft, not make two: lock the competition row.
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if not competition.is_open_for_offers:
        raise ValidationError(COMPETITION_NOT_OPEN, code="not_open")
    existing = current_offer(competition=competition, organisation=organisation)
    if existing is not None:
        return existing
    return Offer.objects.create(
        competition=competition, organisation=organisation, created_by=user, saved_by=user
    )


@transaction.atomic
def offer_save_step(*, user, offer: Offer, step: str, cleaned, raw: dict, revision: int) -> Offer:
    """Save one step of a draft; refuse when someone saved it after ``revision`` was read."""
    ensure(user, "offer.edit", offer)
    locked = Offer.objects.select_for_update(of=("self",)).select_related("competition").get(pk=offer.pk)
    if locked.state != OfferState.DRAFT:
        raise ValidationError(NOT_A_DRAFT, code="not_a_draft")
    if timezone.now() > locked.competition.offer_deadline:
        deadline = timezone.localtime(locked.competition.offer_deadline).strftime("%d.%m.%Y %H:%M:%S")
        raise ValidationError(DEADLINE_PASSED, code="deadline_passed", params={"deadline": deadline})
    if locked.revision != revision:
        raise OfferChangedMeanwhile(locked)
    content = dict(locked.content or {})
    content[step] = json.loads(json.dumps(cleaned, default=str))
    content.setdefault("_raw", {})[step] = raw
    totals = _totals(content)
    Offer.objects.filter(pk=locked.pk).update(
        content=content,
        last_step=step,
        revision=locked.revision + 1,
        saved_at=timezone.now(),
        saved_by=user,
        title=(content.get("basic") or {}).get("title", "")[:300],
        total_cost=totals.total_cost,
        requested_grant=totals.requested_grant,
    )
    return Offer.objects.get(pk=offer.pk)


def offer_checksum(offer: Offer) -> str:
    """SHA-256 over the offer's content, competition, organisation, version and attachments.

    Canonical JSON (sorted keys, no whitespace) so the same offer always gives the
    same checksum, on any machine; the raw form data is left out.
    """
    content = {key: value for key, value in (offer.content or {}).items() if not key.startswith("_")}
    payload = {
        "competition": offer.competition.signature,
        "organisation": offer.organisation.nip,
        "version": offer.version,
        "content": content,
        "attachments": sorted(attachment.sha256 for attachment in offer.attachments.all()),
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def display_checksum(checksum: str) -> str:
    """The first 16 hex digits in groups of four, as printed on every page of the PDF."""
    head = checksum[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, len(head), 4))


def offer_rule_problems(offer: Offer) -> list[str]:
    """Everything that stops this draft from being submitted, in words the NGO can act on."""
    from .offer_forms import JOINT_OFFER_WITHOUT_PARTNERS, STEP_HEADINGS, is_joint

    content = offer.content or {}
    competition = offer.competition
    steps = list(STEPS_REQUIRED)
    joint = competition.joint_offers_allowed and is_joint(content)
    if joint:
        steps.append("partners")
    missing = [str(STEP_HEADINGS[step]) for step in steps if step not in content]
    problems = []
    if missing:
        problems.append(str(INCOMPLETE % {"steps": ", ".join(missing)}))
        return problems
    task = content["task"]
    problems += [
        str(message) for _field, message in budget.period_problems(competition, task["start"], task["end"])
    ]
    message = budget.legal_form_problem(competition, content["offeror"]["legal_form"])
    if message:
        problems.append(str(message))
    for row in content.get("schedule") or []:
        problems += [
            f"{row.get('name', '')}: {message}"
            for _field, message in budget.activity_date_problems(
                competition, task, row.get("start"), row.get("end")
            )
        ]
    message = budget.administrative_share_problem(competition, content["costs"])
    if message:
        problems.append(str(message))
    total = budget.total_of(content["costs"])
    problems += [
        str(message)
        for _field, message in budget.financing_problems(competition, total, content["financing"])
    ]
    if joint:
        rows = content.get("partners") or []
        partners = [row for row in rows if not row.get("lead")]
        if not partners:
            problems.append(str(JOINT_OFFER_WITHOUT_PARTNERS))
        else:
            lead = next((row.get("share") for row in rows if row.get("lead")), 0)
            # The costs may have changed after V.C was saved: the split is checked against them again.
            message = budget.partner_shares_problem(total, lead, partners)
            if message:
                problems.append(str(message))
    missing_files = budget.missing_attachments(competition, offer)
    if missing_files:
        problems.append(
            str(_("Add the required attachments: %(names)s.") % {"names": ", ".join(missing_files)})
        )
    return problems


def _ensure_open(competition: Competition, now) -> None:
    if now > competition.offer_deadline:
        deadline = timezone.localtime(competition.offer_deadline).strftime("%d.%m.%Y %H:%M:%S")
        raise ValidationError(DEADLINE_PASSED, code="deadline_passed", params={"deadline": deadline})
    if competition.state != CompetitionState.ANNOUNCED:
        raise ValidationError(COMPETITION_NOT_OPEN, code="not_open")


def _take_number(competition_id: int, now) -> str:
    """The competition's next offer number, e.g. "BAS-WZ.526.1.2027/007".

    One UPDATE takes the sequence and locks the competition row until the commit: numbers are
    handed out one at a time, and a submission that fails afterwards (an official cancelled the
    competition meanwhile) rolls its number back, so none is skipped. At the deadline everyone
    queues on this row, so it is taken last and held only for the offer's UPDATE and the commit.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Competition._meta.db_table} SET offers_numbered = offers_numbered + 1 "  # noqa: S608
            "WHERE id = %s RETURNING offers_numbered, signature, state, offer_deadline",
            [competition_id],
        )
        sequence, signature, state, deadline = cursor.fetchone()
    if timezone.is_naive(deadline):  # SQLite keeps UTC without an offset
        deadline = timezone.make_aware(deadline, datetime.UTC)
    _ensure_open(Competition(state=state, offer_deadline=deadline), now)
    return f"{signature}/{sequence:03d}"


def _relations_loaded(offer: Offer) -> bool:
    return Offer.competition.is_cached(offer) and Offer.organisation.is_cached(offer)


@transaction.atomic
def offer_submit(*, user, offer: Offer, now=None, revision: int | None = None) -> Offer:
    """Submit before the deadline: freeze, number, checksum; PDF and e-mail follow on commit.

    ``revision``: the draft's revision the person reviewed on the summary; when someone
    saved the draft since, nothing is submitted (``OfferChangedMeanwhile``), so what
    goes in is always what the submitter saw.
    """
    ensure(user, "offer.edit", offer)
    now = now or timezone.now()
    # The offer's own row first: the checks, the checksum and the transition log run while
    # other organisations submit in parallel. The competition row, which serialises numbering,
    # is locked last (``_take_number``), just before the offer's UPDATE and the commit: at the
    # deadline everyone queues on it, so what is done while holding it sets the pace.
    state, row_revision = (
        Offer.objects.select_for_update(of=("self",))
        .filter(pk=offer.pk)
        .values_list("state", "revision")
        .get()
    )
    if (state, row_revision) == (offer.state, offer.revision) and _relations_loaded(offer):
        # Every save of a draft raises its revision, so the caller's copy (the view read it
        # moments ago) is the row; a copy of it is changed, as a fresh read would be.
        offer = copy.copy(offer)
        offer.__dict__.pop("_prefetched_objects_cache", None)
    else:
        offer = Offer.objects.select_related("competition", "organisation").get(pk=offer.pk)
    _ensure_open(offer.competition, now)
    if revision is not None and offer.state == OfferState.DRAFT and offer.revision != revision:
        raise OfferChangedMeanwhile(offer)
    if offer.state != OfferState.DRAFT:
        raise ValidationError(NOT_A_DRAFT, code="not_a_draft")
    prefetch_related_objects([offer], "attachments")  # read once, for the rules and the checksum
    problems = offer_rule_problems(offer)
    if problems:
        raise ValidationError(problems, code="rules")
    offer.checksum = offer_checksum(offer)
    offer.submitted_at = now
    kept_number = offer.replaces.number if offer.replaces_id else ""
    offer.submit()
    _log(offer, OfferState.DRAFT, OfferState.SUBMITTED, user)
    _maybe_update_profile(offer)

    if kept_number:
        # A correction keeps its number; the competition row is still locked to see that an
        # official has not cancelled the competition meanwhile.
        competition = (
            Competition.objects.select_for_update()
            .only("state", "offer_deadline")
            .get(pk=offer.competition_id)
        )
        _ensure_open(competition, now)
        offer.number = kept_number
    else:
        offer.number = _take_number(offer.competition_id, now)
    # One statement writes what submitting changes (the content, which can be large, is not
    # written again); the offer row is locked above, so the draft state it requires is still there.
    written = Offer.objects.filter(pk=offer.pk, state=OfferState.DRAFT).update(
        state=offer.state, number=offer.number, checksum=offer.checksum, submitted_at=offer.submitted_at
    )
    if not written:
        raise ValidationError(NOT_A_DRAFT, code="not_a_draft")
    transaction.on_commit(lambda: queue_offer_documents(offer.pk))
    return offer


def _maybe_update_profile(offer: Offer) -> None:
    """Step II may ask to copy the offeror's data back to the organisation's profile."""
    offeror = (offer.content or {}).get("offeror") or {}
    if not offeror.get("update_profile"):
        return
    organisation = offer.organisation
    organisation.email = offeror.get("email") or organisation.email
    organisation.phone = offeror.get("phone") or organisation.phone
    organisation.save(update_fields=["email", "phone", "updated_at"])


def queue_offer_documents(offer_pk: int) -> None:
    """Queue the PDF (which then sends the e-mail); a broker outage must not undo a submission."""
    from .tasks import render_submitted_offer

    try:
        note_submission()  # PDFs wait while offers keep coming in (see submission_rush)
    except Exception:  # the cache is down: the PDF is rendered at once, nothing else changes
        logger.warning("Could not note the submission of offer %s in the cache", offer_pk, exc_info=True)
    try:
        render_submitted_offer.delay(offer_pk)
    except Exception:  # the broker is down: the beat task picks the offer up later
        logger.warning(
            "Could not queue the PDF of offer %s; it will be rendered later", offer_pk, exc_info=True
        )


@transaction.atomic
def offer_withdraw(*, user, offer: Offer, now=None, comment: str = "") -> Offer:
    ensure(user, "offer.edit", offer)
    now = now or timezone.now()
    offer = Offer.objects.select_for_update(of=("self",)).select_related("competition").get(pk=offer.pk)
    if now > offer.competition.offer_deadline:
        deadline = timezone.localtime(offer.competition.offer_deadline).strftime("%d.%m.%Y %H:%M:%S")
        raise ValidationError(
            _("The deadline passed at %(deadline)s; a submitted offer can no longer be withdrawn."),
            params={"deadline": deadline},
        )
    if offer.state != OfferState.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED, code="not_submitted")
    offer.withdrawn_at = now
    offer.withdraw()
    offer.save()
    _log(offer, OfferState.SUBMITTED, OfferState.WITHDRAWN, user, comment)
    return offer


@transaction.atomic
def offer_correct(*, user, offer: Offer, now=None) -> Offer:
    """Withdraw a submitted offer and open a new version of it as a draft (same number, new checksum)."""
    withdrawn = offer_withdraw(user=user, offer=offer, now=now, comment=str(_("Withdrawn to be corrected.")))
    correction = Offer.objects.create(
        competition=withdrawn.competition,
        organisation=withdrawn.organisation,
        title=withdrawn.title,
        content=withdrawn.content,
        last_step=withdrawn.last_step,
        requested_grant=withdrawn.requested_grant,
        total_cost=withdrawn.total_cost,
        version=withdrawn.version + 1,
        replaces=withdrawn,
        created_by=user,
        saved_by=user,
    )
    for attachment in withdrawn.attachments.all():
        OfferAttachment.objects.create(
            offer=correction,
            required=attachment.required,
            name=attachment.name,
            file_name=attachment.file_name,
            file=attachment.file.name,
            size=attachment.size,
            sha256=attachment.sha256,
            uploaded_by=attachment.uploaded_by,
        )
    return correction


@transaction.atomic
def offer_attachment_add(*, user, offer: Offer, required, upload) -> OfferAttachment:
    """Attach a file to a draft (replacing an earlier file for the same requirement)."""
    ensure(user, "offer.edit", offer)
    # Judged under the offer's row lock, which a submission holds while it reads the attachments
    # for its checksum: a file cannot slip into an offer being submitted, or into a frozen one.
    locked = Offer.objects.select_for_update(of=("self",)).filter(pk=offer.pk)
    state = locked.values_list("state", flat=True).get()
    if state != OfferState.DRAFT:
        raise ValidationError(NOT_A_DRAFT, code="not_a_draft")
    file_name = uploads.check_upload(upload, uploads.DOCUMENT)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    upload.name = uploads.storage_name(file_name)
    if required is not None:
        offer.attachments.filter(required=required).delete()
    return OfferAttachment.objects.create(
        offer=offer,
        required=required,
        name=required.name if required else file_name,
        file_name=file_name,
        file=upload,
        size=upload.size,
        sha256=digest.hexdigest(),
        uploaded_by=user,
    )


COMMENTS_CLOSED = _("The 7 days for comments on this offer have passed (art. 19a).")


def offer_comment_add(*, offer: Offer, author_name: str, author_email: str, text: str):
    """A comment on a published small-grant offer from anyone, within its 7 days (art. 19a)."""
    from .models import OfferComment

    if not offer.is_open_for_comments:
        raise ValidationError(COMMENTS_CLOSED, code="comments_closed")
    return OfferComment.objects.create(
        offer=offer, author_name=author_name.strip(), author_email=author_email.strip(), text=text.strip()
    )
