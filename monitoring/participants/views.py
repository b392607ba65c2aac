"""Participants, families, consents and enrolments of the organisation; every view is logged.

Every object is looked up within the person's organisation, so another organisation's id
answers 404, the same as an id that does not exist.
"""

import csv
import json

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.permissions import can
from portal.security_log import log_security_event

from ..audit import audit_record, audit_record_many
from ..choices import AuditAction
from ..models import Consent, Enrolment, Family, Participant
from ..projects.selectors import projects_visible_to
from ..web import allowed_or_403, current_organisation, form_refusal, private_page, render_page
from . import importing, rights, selectors, services
from .forms import (
    ConsentForm,
    EnrolmentEndForm,
    EnrolmentForm,
    FamilyForm,
    FamilyMemberForm,
    ImportForm,
    ParticipantForm,
    ShareForm,
    WithdrawalForm,
)


def _organisation(request, action="monitoring.use"):
    organisation = current_organisation(request)
    allowed_or_403(request, action, organisation)
    return organisation


@private_page
def participant_list(request):
    organisation = _organisation(request)
    query = request.GET.get("q", "")[:100]
    participants = list(selectors.participants_of(organisation, query=query)[:200])
    audit_record(
        user=request.user, organisation=organisation, action=AuditAction.VIEW, what="participant list"
    )
    return render_page(
        request,
        "monitoring/participants/list.html",
        {
            "participants": participants,
            "query": query,
            "duplicates": selectors.duplicates_of(organisation),
            "can_manage": can(request.user, "monitoring.manage", organisation),
        },
    )


@private_page
def participant_export(request):
    """The organisation's participants as CSV, for the coordinator; logged per participant."""
    organisation = _organisation(request, "monitoring.manage")
    participants = list(selectors.participants_of(organisation))
    audit_record_many(
        user=request.user,
        organisation=organisation,
        action=AuditAction.EXPORT,
        what="participants CSV",
        participants=participants,
    )
    log_security_event(
        "personal_data_export", request=request, what="monitoring participants", count=len(participants)
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="uczestnicy.csv"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("First name"),
            _("Last name"),
            _("Year of birth"),
            _("Gender"),
            _("District"),
            _("Family"),
            _("School"),
        ]
    )
    for p in participants:
        writer.writerow(
            [
                p.first_name,
                p.last_name,
                p.birth_year,
                p.get_gender_display(),
                p.get_district_display(),
                p.family or "",
                p.school or "",
            ]
        )
    return response


@private_page
def participant_import(request):
    """Participants from a spreadsheet: a report of every rejected row, or all imported."""
    organisation = _organisation(request, "monitoring.manage")
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = importing.participants_import(
                user=request.user, organisation=organisation, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            form_refusal(form, error)
        else:
            if not report.rejected:
                messages.success(
                    request, _("%(count)s participants are imported.") % {"count": report.created}
                )
                if report.flagged:
                    messages.warning(request, str(services.DUPLICATE_FLAGGED))
                return redirect("monitoring:participant_list")
    return render_page(request, "monitoring/participants/import.html", {"form": form, "report": report})


def _participant_form_page(request, organisation, participant):
    form = ParticipantForm(request.POST or None, instance=participant, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        changed.organisation = organisation
        try:
            services.participant_save(user=request.user, participant=changed)
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("The participant is saved."))
            if changed.duplicate_of_id:
                messages.warning(request, str(services.DUPLICATE_FLAGGED))
            return redirect("monitoring:participant_detail", pk=changed.pk)
    return render_page(
        request, "monitoring/participants/form.html", {"form": form, "participant": participant}
    )


@private_page
def participant_create(request):
    organisation = _organisation(request, "monitoring.manage")
    initial_family = request.GET.get("rodzina")
    participant = Participant(organisation=organisation)
    if initial_family and initial_family.isdigit():
        participant.family = selectors.families_of(organisation).filter(pk=initial_family).first()
    return _participant_form_page(request, organisation, participant)


@private_page
def participant_edit(request, pk):
    organisation = _organisation(request, "monitoring.manage")
    participant = get_object_or_404(selectors.participants_of(organisation), pk=pk)
    return _participant_form_page(request, organisation, participant)


@private_page
def participant_detail(request, pk):
    organisation = _organisation(request)
    participant = get_object_or_404(selectors.participants_of(organisation), pk=pk)
    audit_record(
        user=request.user,
        organisation=organisation,
        action=AuditAction.VIEW,
        participant=participant,
        what="participant",
    )
    return _detail_page(request, organisation, participant)


def _detail_page(request, organisation, participant, **forms):
    context = {
        "participant": participant,
        "consents": participant.consents.all(),
        "enrolments": participant.enrolments.select_related("project"),
        "can_manage": can(request.user, "monitoring.manage", organisation),
        "consent_form": forms.get("consent_form") or ConsentForm(),
        "enrolment_form": forms.get("enrolment_form")
        or EnrolmentForm(projects=projects_visible_to(organisation)),
        "withdrawal_form": WithdrawalForm(),
        "end_form": EnrolmentEndForm(),
        "share_form": ShareForm(participant=participant),
        "shares": participant.shares.select_related("partner", "project", "consent"),
        "error_form": forms.get("error_form"),
    }
    return render_page(request, "monitoring/participants/detail.html", context)


@private_page
@require_POST
def consent_add(request, pk):
    organisation = _organisation(request, "monitoring.manage")
    participant = get_object_or_404(selectors.participants_of(organisation), pk=pk)
    form = ConsentForm(request.POST)
    if form.is_valid():
        try:
            services.consent_add(user=request.user, participant=participant, **form.cleaned_data)
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("The consent is recorded."))
            return redirect("monitoring:participant_detail", pk=participant.pk)
    return _detail_page(request, organisation, participant, consent_form=form, error_form=form)


@private_page
@require_POST
def consent_withdraw(request, pk):
    organisation = _organisation(request, "monitoring.manage")
    consent = get_object_or_404(
        Consent.objects.select_related("participant"), pk=pk, participant__organisation=organisation
    )
    form = WithdrawalForm(request.POST)
    if form.is_valid():
        try:
            services.consent_withdraw(user=request.user, consent=consent, **form.cleaned_data)
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("The consent is withdrawn."))
            return redirect("monitoring:participant_detail", pk=consent.participant_id)
    return _detail_page(request, organisation, consent.participant, error_form=form)


@private_page
@require_POST
def enrolment_add(request, pk):
    organisation = _organisation(request, "monitoring.manage")
    participant = get_object_or_404(selectors.participants_of(organisation), pk=pk)
    form = EnrolmentForm(request.POST, projects=projects_visible_to(organisation))
    if form.is_valid():
        try:
            services.enrolment_create(user=request.user, participant=participant, **form.cleaned_data)
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("The participant is enrolled."))
            return redirect("monitoring:participant_detail", pk=participant.pk)
    return _detail_page(request, organisation, participant, enrolment_form=form, error_form=form)


@private_page
@require_POST
def enrolment_end(request, pk):
    organisation = _organisation(request, "monitoring.manage")
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("participant"), pk=pk, participant__organisation=organisation
    )
    form = EnrolmentEndForm(request.POST)
    if form.is_valid():
        try:
            services.enrolment_end(user=request.user, enrolment=enrolment, **form.cleaned_data)
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("The enrolment is ended."))
            return redirect("monitoring:participant_detail", pk=enrolment.participant_id)
    return _detail_page(request, organisation, enrolment.participant, error_form=form)


# --- families ----------------------------------------------------------------------------------------


@private_page
def family_list(request):
    organisation = _organisation(request)
    return render_page(
        request,
        "monitoring/participants/family_list.html",
        {
            "families": selectors.families_of(organisation),
            "can_manage": can(request.user, "monitoring.manage", organisation),
        },
    )


@private_page
def family_create(request):
    organisation = _organisation(request, "monitoring.manage")
    form = FamilyForm(request.POST or None, instance=Family(organisation=organisation))
    if request.method == "POST" and form.is_valid():
        family = services.family_save(user=request.user, family=form.save(commit=False))
        messages.success(request, _("The family is saved."))
        return redirect("monitoring:family_detail", pk=family.pk)
    return render_page(request, "monitoring/participants/family_form.html", {"form": form})


@private_page
def family_detail(request, pk):
    organisation = _organisation(request)
    family = get_object_or_404(selectors.families_of(organisation), pk=pk)
    members = list(selectors.participants_of(organisation).filter(family=family))
    form = FamilyMemberForm(request.POST or None, organisation=organisation)
    if request.method == "POST":
        allowed_or_403(request, "monitoring.manage", organisation)
        if form.is_valid():
            participant = form.cleaned_data["participant"]
            participant.family = family
            try:
                services.participant_save(user=request.user, participant=participant)
            except ValidationError as error:
                form_refusal(form, error)
            else:
                messages.success(request, _("%(name)s is added to the family.") % {"name": participant})
                return redirect("monitoring:family_detail", pk=family.pk)
    audit_record_many(
        user=request.user,
        organisation=organisation,
        action=AuditAction.VIEW,
        what="family",
        participants=members,
    )
    return render_page(
        request,
        "monitoring/participants/family_detail.html",
        {
            "family": family,
            "members": members,
            "form": form,
            "can_manage": can(request.user, "monitoring.manage", organisation),
        },
    )


@private_page
@require_POST
def family_remove_member(request, pk):
    organisation = _organisation(request, "monitoring.manage")
    participant = get_object_or_404(selectors.participants_of(organisation), pk=pk)
    family_pk = participant.family_id
    services.participant_leave_family(user=request.user, participant=participant)
    messages.success(request, _("%(name)s is removed from the family.") % {"name": participant})
    return (
        redirect("monitoring:family_detail", pk=family_pk)
        if family_pk
        else redirect("monitoring:family_list")
    )


# --- the access log ---------------------------------------------------------------------------------


@private_page
def access_log(request):
    """Who viewed, exported or changed which participant's data, and when; for the coordinator."""
    organisation = _organisation(request, "monitoring.manage")
    entries = selectors.access_log_of(organisation)
    participant = request.GET.get("uczestnik", "")
    if participant.isdigit():
        entries = entries.filter(participant_id=participant)
    return render_page(request, "monitoring/participants/access_log.html", {"entries": entries[:500]})


# --- the participant's rights ----------------------------------------------------------------------


@private_page
def participant_copy(request, pk):
    """Subject access: everything recorded about the participant, as a JSON file."""
    organisation = _organisation(request, "monitoring.manage")
    participant = get_object_or_404(selectors.participants_of(organisation), pk=pk)
    data = rights.participant_data(user=request.user, participant=participant)
    log_security_event("personal_data_export", request=request, what="monitoring participant copy", id=pk)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="uczestnik-{pk}.json"'
    return response


class EraseForm(django_forms.Form):
    confirm = django_forms.BooleanField(label=_("I confirm the request to erase this person's data"))


@private_page
def participant_erase(request, pk):
    organisation = _organisation(request, "monitoring.manage")
    participant = get_object_or_404(selectors.participants_of(organisation), pk=pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        rights.participant_erase(user=request.user, participant=participant)
        messages.success(request, _("The participant's data are erased."))
        return redirect("monitoring:participant_list")
    return render_page(
        request, "monitoring/participants/erase.html", {"participant": participant, "form": form}
    )
