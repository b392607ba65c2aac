"""Read side of the formal check: an offer's versions, the diff between two versions and the timeline.

Used by the officials' versions screen and the organisation's versions page; the
services in ``formal_services`` re-export them.
"""

import json
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext_lazy as _

from .choices import OfferState
from .models import Offer, OfferTransition, WorkflowEvent


def offer_versions(offer: Offer) -> list[Offer]:
    """Every version of the offer, oldest first (following ``replaces`` both ways)."""
    first = offer
    seen = {first.pk}
    while first.replaces_id and first.replaces_id not in seen:
        first = Offer.objects.select_related("replaces").get(pk=first.replaces_id)
        seen.add(first.pk)
    versions = [first]
    while True:
        following = Offer.objects.filter(replaces=versions[-1]).first()
        if following is None or following.pk in {v.pk for v in versions}:
            return versions
        versions.append(following)


@dataclass
class FieldChange:
    label: str
    old: str
    new: str
    row: int | None = None


@dataclass
class StepChanges:
    step: str
    heading: str
    changes: list[FieldChange] = field(default_factory=list)


def _fields_of(step: str) -> dict:
    from .offer_forms import STEPS

    form = {name: form for name, form, _h in STEPS}.get(step)
    if form is None:
        return {}
    form = getattr(form, "form", form)  # a formset's row form
    return dict(getattr(form, "base_fields", {}))


def _display(value, form_field) -> str:
    if value in (None, "", [], {}):
        return "—"
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    choices = dict(getattr(form_field, "choices", []) or []) if form_field is not None else {}
    if choices and str(value) in {str(k) for k in choices}:
        return str({str(k): v for k, v in choices.items()}[str(value)])
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _compare(old: dict, new: dict, fields: dict, row: int | None) -> list[FieldChange]:
    keys = [k for k in fields if k != "DELETE"] + sorted(
        k for k in set(old) | set(new) if k not in fields and k != "DELETE"
    )
    changes = []
    for key in keys:
        if old.get(key) != new.get(key):
            form_field = fields.get(key)
            label = str(form_field.label) if form_field is not None and form_field.label else key
            changes.append(
                FieldChange(
                    label, _display(old.get(key), form_field), _display(new.get(key), form_field), row
                )
            )
    return changes


def _describe_file(attachment) -> str:
    if attachment is None:
        return "—"
    return f"{attachment.download_name} ({attachment.sha256[:8]})"


def offer_diff(old: Offer, new: Offer) -> list[StepChanges]:
    """What changed from ``old`` to ``new``, per step and per field (formset rows by position)."""
    from .offer_forms import STEPS

    old_content, new_content = old.content or {}, new.content or {}
    diff = []
    for name, _form, heading in STEPS:
        if name == "summary":
            continue
        step = StepChanges(name, str(heading))
        if name == "attachments":
            before = {(a.required_id, a.name): a for a in old.attachments.all()}
            after = {(a.required_id, a.name): a for a in new.attachments.all()}
            for key in sorted(set(before) | set(after), key=lambda k: (k[1], k[0] or 0)):
                a, b = before.get(key), after.get(key)
                if (a and a.sha256) != (b and b.sha256):
                    step.changes.append(FieldChange(key[1], _describe_file(a), _describe_file(b)))
        else:
            a, b = old_content.get(name), new_content.get(name)
            fields = _fields_of(name)
            if isinstance(a, list) or isinstance(b, list):
                a, b = a or [], b or []
                for index in range(max(len(a), len(b))):
                    row_a = a[index] if index < len(a) else {}
                    row_b = b[index] if index < len(b) else {}
                    step.changes += _compare(row_a, row_b, fields, index + 1)
            elif a != b:
                step.changes += _compare(a or {}, b or {}, fields, None)
        if step.changes:
            diff.append(step)
    return diff


@dataclass
class TimelineEntry:
    at: datetime
    version: int
    subject: str
    source: str
    target: str
    by: object
    comment: str


def _workflow_labels() -> dict:
    from .choices import ContractState, OfferUpdateState, ReportState

    return {
        "contract": dict(ContractState.choices),
        "report": dict(ReportState.choices),
        "update": dict(OfferUpdateState.choices),
    }


def offer_timeline(offer: Offer) -> list[TimelineEntry]:
    """Every change of state of the offer (all its versions), its contract, reports and update, by time."""
    versions = {v.pk: v.version for v in offer_versions(offer)}
    states = dict(OfferState.choices)
    subjects = {"contract": _("Contract"), "report": _("Report"), "update": _("Updated cost calculation")}
    entries = [
        TimelineEntry(
            t.at,
            versions[t.offer_id],
            str(_("Offer")),
            str(states.get(t.source, t.source)),
            str(states.get(t.target, t.target)),
            t.by,
            t.comment,
        )
        for t in OfferTransition.objects.filter(offer_id__in=versions).select_related("by")
    ]
    labels = _workflow_labels()
    for event in WorkflowEvent.objects.filter(offer_id__in=versions).select_related("by"):
        names = labels.get(event.subject, {})
        entries.append(
            TimelineEntry(
                event.at,
                versions[event.offer_id],
                str(subjects.get(event.subject, event.subject)),
                str(names.get(event.source, event.source)),
                str(names.get(event.target, event.target)),
                event.by,
                event.comment,
            )
        )
    entries.sort(key=lambda e: (e.at, e.version))
    return entries
