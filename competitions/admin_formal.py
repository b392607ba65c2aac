"""Officials' formal check in the Wagtail admin: the queue of a competition, the check of one offer,
and an offer's versions with the changes between them (see ``formal_services``)."""

from itertools import pairwise

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from portal.permissions import can

from . import formal_services, offer_services
from .choices import CompetitionState, FormalOutcome, OfferState
from .displayed import as_seen
from .models import Competition, FormalCheck, Offer

MET_CHOICES = [("1", gettext_lazy("met")), ("0", gettext_lazy("not met"))]
# The states a formal check moves an offer through, in the order the queue lists them.
QUEUE_STATES = [
    OfferState.SUBMITTED,
    OfferState.RETURNED,
    OfferState.CORRECTED,
    OfferState.FORMALLY_CORRECT,
    OfferState.FORMALLY_REJECTED,
]


def _ensure_checker(request, offer=None):
    decision = can(request.user, "offer.check_formally", offer)
    if not decision:
        raise PermissionDenied(decision.reason)


class FormalCheckForm(forms.Form):
    """The checklist (met / not met and a note per item) and the outcome; the service judges the whole."""

    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=FormalOutcome.choices, widget=forms.RadioSelect, required=False
    )
    gaps = forms.CharField(
        label=gettext_lazy("Gaps to correct (one per line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
    )
    steps = forms.MultipleChoiceField(
        label=gettext_lazy("Parts of the offer the organisation may correct"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    correction_deadline = forms.DateField(
        label=gettext_lazy("Correct by (until the end of the day, Warsaw time)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        required=False,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the rejection"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(offer.competition.formal_checklist.all())
        self.fields["steps"].choices = formal_services.step_choices(offer.competition)
        for item in self.items:
            self.fields[f"item_{item.pk}_met"] = forms.ChoiceField(
                label=item.text, choices=MET_CHOICES, widget=forms.RadioSelect, required=False
            )
            self.fields[f"item_{item.pk}_note"] = forms.CharField(
                label=_("Note"), required=False, max_length=1000
            )

    def checklist(self):
        return [(item, self[f"item_{item.pk}_met"], self[f"item_{item.pk}_note"]) for item in self.items]

    def answers(self) -> dict:
        data = self.cleaned_data
        return {
            str(item.pk): {
                "met": {"1": True, "0": False}.get(data.get(f"item_{item.pk}_met")),
                "note": data.get(f"item_{item.pk}_note", ""),
            }
            for item in self.items
        }


def formal_check(request, pk):
    offer = get_object_or_404(Offer.objects.select_related("competition", "organisation"), pk=pk)
    _ensure_checker(request, offer)
    # Past its correction deadline it shows as rejected; beat makes the transition.
    offer = as_seen(offer)
    initial = {
        "revision": offer.revision,
        "correction_deadline": timezone.localdate(formal_services.default_correction_deadline()),
    }
    form = FormalCheckForm(request.POST or None, offer=offer, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            check = formal_services.formal_check(
                user=request.user,
                offer=offer,
                answers=form.answers(),
                outcome=data["outcome"],
                gaps=data["gaps"],
                steps=data["steps"],
                correction_deadline=data["correction_deadline"],
                reason=data["reason"],
                revision=data["revision"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Offer %(number)s: %(outcome)s. The organisation has been notified.")
                % {"number": offer.display_number, "outcome": check.get_outcome_display()},
            )
            return redirect("competition_formal_queue", pk=offer.competition_id)
    competition = offer.competition
    versions = formal_services.offer_versions(offer)
    context = {
        "offer": offer,
        "competition": competition,
        "form": form,
        "checksum": offer_services.display_checksum(offer.checksum) if offer.checksum else "",
        # Earlier versions' checks too: what the organisation was asked to correct.
        "checks": FormalCheck.objects.filter(offer__in=versions)
        .select_related("checked_by", "offer")
        .order_by("checked_at", "pk"),
        "awaiting": offer.state == OfferState.SUBMITTED and competition.state == CompetitionState.CLOSED,
        "has_versions": len(versions) > 1,
        "page_title": _("Formal check"),
    }
    return TemplateResponse(request, "competitions/formal/check.html", context)


def offer_versions(request, pk):
    offer = get_object_or_404(Offer.objects.select_related("competition", "organisation"), pk=pk)
    _ensure_checker(request, offer)
    versions = formal_services.offer_versions(offer)
    for version in versions:
        version.checksum_display = (
            offer_services.display_checksum(version.checksum) if version.checksum else ""
        )
    changes = [
        (older, newer, formal_services.offer_diff(older, newer)) for older, newer in pairwise(versions)
    ]
    context = {
        "offer": offer,
        "competition": offer.competition,
        "versions": versions,
        "changes": changes,
        "timeline": formal_services.offer_timeline(offer),
        "page_title": _("Versions and changes"),
    }
    return TemplateResponse(request, "competitions/formal/versions.html", context)


def formal_queue(request, pk):
    competition = get_object_or_404(Competition, pk=pk)
    _ensure_checker(request)
    competition = as_seen(competition)
    offers = list(
        competition.offers.filter(state__in=QUEUE_STATES)
        .select_related("organisation")
        .order_by("number", "version")
    )
    # Late corrections show as rejected before beat rejects them (a page never writes).
    offers = [as_seen(offer) for offer in offers]
    labels = dict(OfferState.choices)
    groups = [(state, labels[state], [o for o in offers if o.state == state]) for state in QUEUE_STATES]
    context = {
        "competition": competition,
        "groups": groups,
        "is_closed": competition.state == CompetitionState.CLOSED,
        "page_title": _("Formal check"),
    }
    return TemplateResponse(request, "competitions/formal/queue.html", context)


def formal_index(request):
    _ensure_checker(request)
    competitions = (
        Competition.objects.filter(
            state__in=[
                CompetitionState.ANNOUNCED,
                CompetitionState.CLOSED,
                CompetitionState.RESULTS_PUBLISHED,
            ]
        )
        .annotate(
            awaiting=Count("offers", filter=Q(offers__state=OfferState.SUBMITTED)),
            returned=Count("offers", filter=Q(offers__state=OfferState.RETURNED)),
        )
        .order_by("-offer_deadline")
    )
    context = {"competitions": competitions, "page_title": _("Formal check")}
    return TemplateResponse(request, "competitions/formal/index.html", context)


@hooks.register("register_admin_urls")
def register_formal_urls():
    return [
        path("formal-check/", formal_index, name="competition_formal_index"),
        path("formal-check/competition/<int:pk>/", formal_queue, name="competition_formal_queue"),
        path("formal-check/offer/<int:pk>/", formal_check, name="competition_formal_check"),
        path("formal-check/offer/<int:pk>/versions/", offer_versions, name="competition_offer_versions"),
    ]


class FormalCheckMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(can(request.user, "offer.check_formally"))


@hooks.register("register_admin_menu_item")
def register_formal_menu_item():
    return FormalCheckMenuItem(
        gettext_lazy("Formal check"),
        reverse("competition_formal_index"),
        name="formal-check",
        icon_name="tasks",
        order=191,
    )
