"""The offer generator (a django-formtools wizard whose drafts live in the database) and "My offers"."""

from itertools import pairwise

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import prefetch_related_objects
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from formtools.wizard.storage.base import BaseStorage
from formtools.wizard.views import NamedUrlWizardView

from organisations.services import organisation_of
from portal.permissions import can

from . import budget, formal_services, offer_services
from .choices import OfferState
from .displayed import as_seen
from .models import Competition, Offer, RequiredAttachment
from .offer_forms import STEP_HEADINGS, STEPS
from .parsing import REVISION_INVALID, parameter_int, revision_of


class OfferDraftStorage(BaseStorage):
    """Wizard storage kept in the offer itself, not in the session.

    An expired session, a closed browser or another device finds the same draft:
    the raw data of each saved step is in ``Offer.content["_raw"]``.
    """

    def __init__(self, prefix, request=None, file_storage=None):
        super().__init__(prefix, request, file_storage)
        offer = request.offer
        # The address names the step being shown or posted.
        match = getattr(request, "resolver_match", None)
        self.data = {
            self.step_key: match.kwargs.get("step") if match else None,
            self.step_data_key: dict((offer.content or {}).get("_raw", {})),
            self.step_files_key: {},
            self.extra_data_key: {},
        }


def _joint_offers_allowed(wizard) -> bool:
    return wizard.offer.competition.joint_offers_allowed


def _editable_offer(request, pk) -> Offer:
    if request.user.is_authenticated:
        # The service checks this permission again: one membership query for the request.
        prefetch_related_objects([request.user], "memberships")
    # A POST saves or submits and redirects (only an invalid form is shown again): the sphere and
    # the last editor, which the pages show, are not worth joining at the deadline.
    related = ("competition", "organisation")
    if request.method != "POST":
        related += ("competition__sphere", "saved_by")
    offer = get_object_or_404(Offer.objects.select_related(*related), pk=pk)
    decision = can(request.user, "offer.edit", offer)
    if not decision:
        raise PermissionDenied(decision.reason)
    return offer


@method_decorator(login_required, name="dispatch")
class OfferWizard(NamedUrlWizardView):
    form_list = [(name, form) for name, form, _heading in STEPS]
    condition_dict = {"partners": _joint_offers_allowed}
    storage_name = "competitions.offer_views.OfferDraftStorage"
    template_name = "competitions/offers/wizard.html"

    def dispatch(self, request, *args, **kwargs):
        self.offer = _editable_offer(request, kwargs["pk"])
        if kwargs.get("step") not in (*self.get_form_list(), self.done_step_name):
            # formtools would look the name up in its form list and fail with a KeyError.
            raise Http404
        if not self.offer.is_editable:
            messages.info(request, _("This offer has been submitted; here is its summary."))
            return redirect("offers:detail", pk=self.offer.pk)
        # A correction after the formal check: only the flagged steps, until the correction deadline.
        self.original = formal_services.returned_original(self.offer)
        if self.original is not None:
            # Past its correction deadline it is rejected (by beat); here it only shows so.
            self.original = as_seen(self.original)
            if self.original.state != OfferState.RETURNED:
                messages.error(
                    request,
                    _("This correction can no longer be submitted: the offer is %(state)s.")
                    % {"state": self.original.get_state_display()},
                )
                return redirect("offers:detail", pk=self.original.pk)
        request.offer = self.offer
        return super().dispatch(request, *args, **kwargs)

    def get_step_url(self, step):
        return reverse(self.url_name, kwargs={"pk": self.offer.pk, "step": step})

    def may_change(self, step) -> bool:
        return self.original is None or formal_services.step_may_change(self.original, step)

    def get_form(self, step=None, data=None, files=None):
        form = super().get_form(step, data, files)
        if not self.may_change(step or self.steps.current):
            # Shown as it was submitted but not editable; the server refuses a POST anyway.
            # (A disabled form field would show its initial value instead of the saved one.)
            for row in getattr(form, "forms", [form]):
                for field in row.fields.values():
                    field.widget.attrs["disabled"] = True
        return form

    def get_form_kwargs(self, step=None):
        kwargs = {
            "competition": self.offer.competition,
            "organisation": self.offer.organisation,
            "previous": self.offer.content or {},
        }
        if step == "attachments":
            kwargs["offer"] = self.offer
        return kwargs

    def get_form_initial(self, step):
        if step == "basic":
            return {
                "organ": _("Mayor of the Capital City of Warsaw"),
                "title": self.offer.competition.task_type,
            }
        if step == "offeror":
            organisation, user = self.offer.organisation, self.request.user
            address = ", ".join(
                part
                for part in (organisation.street_address, f"{organisation.postal_code} {organisation.city}")
                if part.strip()
            )
            return {
                "name": organisation.name,
                "legal_form": organisation.legal_form,
                "krs": organisation.krs,
                "nip": organisation.nip,
                "address": address,
                "district": organisation.district,
                "email": organisation.email,
                "phone": organisation.phone,
                "contact_name": user.get_full_name(),
                "contact_email": user.email,
                "contact_phone": user.phone,
            }
        if step == "task":
            competition = self.offer.competition
            return {"start": competition.implementation_start, "end": competition.implementation_end}
        if step == "financing":
            return dict.fromkeys(budget.SOURCES, 0)
        return super().get_form_initial(step)

    def get(self, *args, **kwargs):
        if kwargs.get("step") == self.done_step_name:
            # Submitting happens on the summary's POST only, never by opening an address.
            return redirect(self.get_step_url("summary"))
        return super().get(*args, **kwargs)

    def post(self, *args, **kwargs):
        # The address names the step; the storage is rebuilt from the database on every request.
        if kwargs.get("step") in self.get_form_list():
            self.storage.current_step = kwargs["step"]
        goto = self.request.POST.get("wizard_goto_step")
        if goto in self.get_form_list():
            # "Back" and "Next" move without saving. Not formtools' post: for any other value it
            # would trust the posted current step (a KeyError) and could submit past our checks.
            return self.render_goto_step(goto)
        step = self.steps.current
        if not self.may_change(step):
            messages.error(
                self.request,
                formal_services.STEP_NOT_FLAGGED
                % {
                    "step": STEP_HEADINGS[step],
                    "flagged": ", ".join(str(STEP_HEADINGS[s]) for s in self.original.correction_steps),
                },
            )
            return redirect(self.get_step_url(step))
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        revision = revision_of(self.request.POST)
        if revision is None:
            # A damaged page: save nothing, but show back what was typed (the form is bound).
            messages.error(self.request, REVISION_INVALID)
            return self.render(form)
        if not form.is_valid():
            return self.render(form)
        if step == self.steps.last and self.original is None:
            # The summary's POST is the submission. Its one checkbox is not worth writing the
            # whole draft again at the deadline surge; offer_submit checks under the row lock
            # that the draft is still the revision this person reviewed.
            self.reviewed_revision = revision
            return self.done(form_list=(), **kwargs)
        step_kwargs = {
            "user": self.request.user,
            "step": step,
            "cleaned": _cleaned(form),
            "raw": _raw(self.request.POST, form.prefix),
            "revision": revision,
        }
        try:
            if self.original is not None:
                self.offer = formal_services.correction_save_step(draft=self.offer, **step_kwargs)
            else:
                self.offer = offer_services.offer_save_step(offer=self.offer, **step_kwargs)
        except offer_services.OfferChangedMeanwhile as conflict:
            return self._changed_meanwhile(conflict, step)
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
            return redirect("offers:detail", pk=self.offer.pk)
        self.request.offer = self.offer
        self.storage.set_step_data(step, _raw(self.request.POST, form.prefix))
        if step == self.steps.last:
            # Submit here, not through formtools' render_done: that would redirect to a "done"
            # address and rebuild and revalidate all thirteen forms (about 95 ms of CPU each time,
            # which at the deadline surge is what queues people up). Revalidating adds nothing:
            # a step is stored only after its form was valid, and offer_submit re-checks every
            # competition rule and the missing steps against the stored content under a lock.
            return self.done(form_list=(), **kwargs)
        return self.render_next_step(form)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        content = self.offer.content or {}
        total = budget.total_of(content.get("costs") or [])
        context.update(
            {
                "offer": self.offer,
                "competition": self.offer.competition,
                "step_heading": STEP_HEADINGS[self.steps.current],
                "step_links": [
                    (
                        name,
                        STEP_HEADINGS[name],
                        name in content,
                        self.get_step_url(name),
                        self.may_change(name),
                    )
                    for name in self.get_form_list()
                ],
                "correction": self.original,
                "step_locked": not self.may_change(self.steps.current),
                "is_formset": hasattr(form, "management_form"),
                "total_cost": total,
                "financing_summary": budget.financing_summary(total, content.get("financing") or {}),
                "problems": offer_services.offer_rule_problems(self.offer)
                if self.steps.current == "summary"
                else [],
                "required_attachments": self._attachments()
                if self.steps.current in ("attachments", "summary")
                else [],
            }
        )
        return context

    def _attachments(self):
        uploaded = {a.required_id: a for a in self.offer.attachments.all()}
        return [(item, uploaded.get(item.pk)) for item in self.offer.competition.required_attachments.all()]

    def _changed_meanwhile(self, conflict, step, *, submitting=False):
        self.offer = conflict.offer
        self.request.offer = conflict.offer
        who = conflict.offer.saved_by or _("someone else")
        when = timezone.localtime(conflict.offer.saved_at).strftime("%H:%M:%S")
        if submitting:
            message = _(
                "%(who)s saved this offer at %(when)s, after you opened the summary, so it was not "
                "submitted. Check the summary below and submit again."
            )
        else:
            message = _(
                "%(who)s saved this offer at %(when)s, after you opened it. Your changes to this step "
                "were not saved; below is the offer as it is now. Enter your changes again if needed."
            )
        messages.error(self.request, message % {"who": who, "when": when})
        return redirect(self.get_step_url("summary" if submitting else conflict.offer.last_step or step))

    def done(self, form_list, **kwargs):
        try:
            if self.original is not None:
                offer = formal_services.submit_correction(user=self.request.user, draft=self.offer)
            else:
                offer = offer_services.offer_submit(
                    user=self.request.user,
                    offer=self.offer,
                    revision=getattr(self, "reviewed_revision", None),
                )
        except offer_services.OfferChangedMeanwhile as conflict:
            return self._changed_meanwhile(conflict, "summary", submitting=True)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return redirect(self.get_step_url("summary"))
        if self.original is not None:
            messages.success(
                self.request,
                _("The corrected offer %(number)s is submitted and goes back to the formal check.")
                % {"number": offer.display_number},
            )
            return redirect("offers:detail", pk=offer.pk)
        messages.success(
            self.request,
            _("Offer %(number)s is submitted. The confirmation with its checksum is on its way by e-mail.")
            % {"number": offer.display_number},
        )
        return redirect("offers:detail", pk=offer.pk)


def _cleaned(form):
    if hasattr(form, "stored_rows"):
        return form.stored_rows()
    if hasattr(form, "management_form"):
        return [row for row in form.cleaned_data if row and not row.get("DELETE")]
    return form.cleaned_data


def _raw(post, prefix) -> dict:
    """The step's own fields from the POST, as lists (the form the wizard storage expects)."""
    start = f"{prefix}-"
    return {key: post.getlist(key) for key in post if key.startswith(start)}


@login_required
def my_offers(request):
    organisation = organisation_of(request.user)
    offers = []
    if organisation is not None:
        offers = (
            Offer.objects.of_organisation(organisation)
            .select_related("competition", "saved_by")
            .order_by("-saved_at")
        )
        # Returned offers past their correction deadline show as rejected (the beat may be late).
        offers = [as_seen(offer) for offer in offers]
    open_competitions = Competition.objects.open_for_offers().order_by("offer_deadline")[:10]
    return render(
        request,
        "competitions/offers/my_offers.html",
        {"organisation": organisation, "offers": offers, "open_competitions": open_competitions},
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def start_offer(request, slug):
    """GET: the organisation's offer in the competition, or a page asking to start one; POST starts it.

    Opening an address never creates a draft (a prefetching browser or a crawler would).
    """
    competition = get_object_or_404(Competition.objects.public(), slug=slug)
    organisation = organisation_of(request.user)
    if organisation is None:
        messages.info(request, _("Register your organisation first; offers are submitted on its behalf."))
        return redirect("organisation_account:register")
    if request.method != "POST":
        existing = offer_services.current_offer(competition=competition, organisation=organisation)
        if existing is not None:
            if existing.state != OfferState.DRAFT:
                return redirect("offers:detail", pk=existing.pk)
            return redirect("offers:step", pk=existing.pk, step=existing.resume_step)
        return render(
            request,
            "competitions/offers/start.html",
            {
                "competition": as_seen(competition),
                "organisation": organisation,
                "is_open": competition.is_open_for_offers,
            },
        )
    try:
        offer = offer_services.offer_start(
            user=request.user, competition=competition, organisation=organisation
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("offers:list")
    if offer.state != OfferState.DRAFT:
        return redirect("offers:detail", pk=offer.pk)
    return redirect("offers:step", pk=offer.pk, step=offer.resume_step)


def _viewable_offer(request, pk) -> Offer:
    offer = get_object_or_404(Offer.objects.select_related("competition", "organisation", "saved_by"), pk=pk)
    decision = can(request.user, "offer.view", offer)
    if not decision:
        raise PermissionDenied(decision.reason)
    # A returned offer past its correction deadline shows as rejected; beat makes the transition.
    return as_seen(offer)


def _formal_context(request, offer) -> dict:
    """The formal check as the organisation sees it: the outcome, the gaps and the correction."""
    check = formal_services.latest_check(offer)
    following = Offer.objects.filter(replaces=offer).first()
    original = formal_services.returned_original(offer)
    original = as_seen(original) if original is not None else None
    returned = offer.state == OfferState.RETURNED
    in_time = bool(returned and offer.correction_deadline and timezone.now() <= offer.correction_deadline)
    unmet = []
    if check is not None:
        for item in offer.competition.formal_checklist.all():
            answer = check.answers.get(str(item.pk)) or {}
            if answer.get("met") is False:
                unmet.append((item.text, answer.get("note", "")))
    return {
        "formal_check": check,
        "unmet_requirements": unmet,
        "flagged_steps": [STEP_HEADINGS.get(s, s) for s in offer.correction_steps] if returned else [],
        "can_correct": in_time and bool(can(request.user, "offer.correct", offer)),
        "correction_draft": following if following and following.state == OfferState.DRAFT else None,
        "correction_url": _correction_entry(following)
        if following and following.state == OfferState.DRAFT
        else "",
        "newer_version": following if following and following.state != OfferState.DRAFT else None,
        "correcting": original if original and original.state == OfferState.RETURNED else None,
        # A correction draft whose offer was meanwhile rejected (too late) can no longer be submitted.
        "correction_closed": original if original and original.state != OfferState.RETURNED else None,
        "has_versions": bool(offer.replaces_id or following),
        "timeline": formal_services.offer_timeline(offer),
    }


@login_required
def offer_detail(request, pk):
    offer = _viewable_offer(request, pk)
    total = budget.total_of((offer.content or {}).get("costs") or [])
    context = {
        "offer": offer,
        "competition": offer.competition,
        "financing_summary": budget.financing_summary(total, (offer.content or {}).get("financing") or {}),
        "checksum": offer_services.display_checksum(offer.checksum) if offer.checksum else "",
        "transitions": offer.transitions.select_related("by"),
        "can_edit": can(request.user, "offer.edit", offer),
        "deadline_open": timezone.now() <= offer.competition.offer_deadline,
        # Art. 19a comments are addressed to the city hall: officials read them here.
        "comments": offer.comments.all()
        if can(request.user, "competition.manage", offer.competition)
        else [],
        **_formal_context(request, offer),
    }
    return render(request, "competitions/offers/detail.html", context)


@login_required
@require_POST
def start_correction(request, pk):
    """Open the correction of a returned offer: a new version whose flagged steps may change."""
    offer = _viewable_offer(request, pk)
    try:
        draft = formal_services.start_correction(user=request.user, offer=offer)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("offers:detail", pk=offer.pk)
    return redirect(_correction_entry(draft))


def _correction_entry(draft) -> str:
    """The first step returned for correction, in the generator's order."""
    steps = [step for step, _heading in formal_services.step_choices(draft.competition)]
    first = next((step for step in steps if step in draft.correction_steps), "summary")
    return reverse("offers:step", kwargs={"pk": draft.pk, "step": first})


@login_required
def offer_versions(request, pk):
    """Every version of an offer with its checksum and PDF, what changed between them, and the timeline."""
    offer = _viewable_offer(request, pk)
    versions = formal_services.offer_versions(offer)
    for version in versions:
        version.checksum_display = (
            offer_services.display_checksum(version.checksum) if version.checksum else ""
        )
    changes = [
        (older, newer, formal_services.offer_diff(older, newer)) for older, newer in pairwise(versions)
    ]
    return render(
        request,
        "competitions/offers/versions.html",
        {
            "offer": offer,
            "competition": offer.competition,
            "versions": versions,
            "changes": changes,
            "timeline": formal_services.offer_timeline(offer),
        },
    )


@login_required
def offer_pdf(request, pk):
    """The submitted PDF from private storage, or a draft rendered now and marked as a draft."""
    from .offer_documents import render_offer_pdf

    offer = get_object_or_404(Offer.objects.select_related("competition__sphere", "organisation"), pk=pk)
    decision = can(request.user, "offer.view", offer)
    if not decision:
        raise PermissionDenied(decision.reason)
    if offer.state == OfferState.DRAFT:
        response = HttpResponse(render_offer_pdf(offer, draft=True), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="oferta-wersja-robocza.pdf"'
        return response
    if not offer.pdf:
        messages.info(request, _("The PDF is being prepared; try again in a minute."))
        return redirect("offers:detail", pk=offer.pk)
    return FileResponse(
        offer.pdf.open("rb"), content_type="application/pdf", filename=offer.pdf.name.rsplit("/", 1)[-1]
    )


@login_required
@require_POST
def upload_attachment(request, pk):
    offer = _editable_offer(request, pk)
    required = get_object_or_404(
        RequiredAttachment, pk=parameter_int(request.POST.get("required")), competition=offer.competition
    )
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach to %(name)s.") % {"name": required.name})
    else:
        try:
            if formal_services.returned_original(offer) is not None:
                formal_services.correction_attachment_add(
                    user=request.user, draft=offer, required=required, upload=upload
                )
            else:
                offer_services.offer_attachment_add(
                    user=request.user, offer=offer, required=required, upload=upload
                )
        except ValidationError as error:
            messages.error(request, f"{required.name}: {' '.join(error.messages)}")
        else:
            messages.success(request, _("%(name)s is attached.") % {"name": required.name})
    return redirect("offers:step", pk=offer.pk, step="attachments")


@login_required
def download_attachment(request, pk, attachment_pk):
    offer = get_object_or_404(Offer, pk=pk)
    decision = can(request.user, "offer.view", offer)
    if not decision:
        raise PermissionDenied(decision.reason)
    attachment = offer.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.download_name)


@login_required
@require_POST
def withdraw_offer(request, pk):
    offer = _editable_offer(request, pk)
    correct = request.POST.get("correct") == "1"
    try:
        if correct:
            correction = offer_services.offer_correct(user=request.user, offer=offer)
            messages.success(request, _("The offer is withdrawn; correct it here and submit it again."))
            return redirect("offers:step", pk=correction.pk, step="basic")
        offer_services.offer_withdraw(user=request.user, offer=offer)
        messages.success(request, _("The offer is withdrawn."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("offers:detail", pk=offer.pk)
