"""Committee members' screens on the site (/konto/komisja/): members nominated by NGOs have no
admin access. The declaration comes first; offers appear only once it is signed."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal.permissions import Decision, can
from portal.views import log_permission_refused

from . import committee_services as cs
from .choices import CompetitionState, OfferState
from .models import Competition, ConflictDeclaration, Offer, ScoreSheet

# Competitions whose committee has work: signing the declaration, then scoring after the deadline.
WORKING_STATES = (CompetitionState.ANNOUNCED, CompetitionState.CLOSED)


class DeclarationForm(forms.Form):
    confirm = forms.BooleanField(
        label=gettext_lazy("I make the declaration above"),
        error_messages={"required": cs.NOT_CONFIRMED},
    )


class ConflictForm(forms.Form):
    statement = forms.CharField(
        label=gettext_lazy("What is the conflict of interest?"),
        help_text=gettext_lazy(
            "E.g. I am a member of the offeror's board. Officials see this statement; the offeror does not."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class ScoreForm(forms.Form):
    """One row per merit criterion; the service judges the values so every caller gets the same rules."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"points_{criterion.pk}"] = forms.CharField(
                label=_("%(criterion)s: points (0–%(max)s)")
                % {"criterion": criterion.name, "max": criterion.max_points},
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 6}),
            )
            self.fields[f"justification_{criterion.pk}"] = forms.CharField(
                label=_("%(criterion)s: justification") % {"criterion": criterion.name},
                required=False,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 3}),
            )

    def rows(self):
        return [
            (criterion, self[f"points_{criterion.pk}"], self[f"justification_{criterion.pk}"])
            for criterion in self.criteria
        ]

    def scores(self) -> dict:
        return {
            criterion.pk: (
                self.cleaned_data.get(f"points_{criterion.pk}", ""),
                self.cleaned_data.get(f"justification_{criterion.pk}", ""),
            )
            for criterion in self.criteria
        }

    def add_service_errors(self, error: ValidationError) -> None:
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, errors in error.error_dict.items():
            for item in errors:
                name = "justification" if item.code == "justification_required" else "points"
                field = f"{name}_{key}"
                self.add_error(field if field in self.fields else None, item)


def member_login_required(view):
    """Signed in; the second factor is asked by ``portal.second_factor`` before any view runs."""
    return login_required(view)


def _refused(request, reason, status=403):
    # Rendered rather than raised (the page links back to the committee), so it is logged here.
    log_permission_refused(request, reason)
    return render(request, "competitions/committee/refused.html", {"reason": reason}, status=status)


def _committee_offers(competition):
    return cs.ranked_offers(competition).select_related("organisation").order_by("number")


@member_login_required
def committee_list(request):
    """The competitions on whose committee this person sits, with their progress."""
    competitions = list(
        Competition.objects.filter(committee=request.user, state__in=WORKING_STATES).order_by(
            "offer_deadline"
        )
    )
    signed = set(
        ConflictDeclaration.objects.filter(
            member=request.user, offer__isnull=True, has_conflict=False, competition__in=competitions
        ).values_list("competition_id", flat=True)
    )
    counts = {
        row["competition"]: row
        for row in Offer.objects.current()
        .filter(competition__in=signed, state=OfferState.FORMALLY_CORRECT)
        .values("competition")
        .annotate(
            offers=Count("pk", distinct=True),
            submitted=Count(
                "score_sheets",
                filter=Q(score_sheets__member=request.user, score_sheets__submitted_at__isnull=False),
                distinct=True,
            ),
        )
    }
    conflicts = dict(
        ConflictDeclaration.objects.filter(
            member=request.user,
            has_conflict=True,
            competition__in=signed,
            offer__state=OfferState.FORMALLY_CORRECT,
        )
        .values("competition")
        .annotate(n=Count("pk"))
        .values_list("competition", "n")
    )
    items = []
    for competition in competitions:
        count = counts.get(competition.pk, {})
        to_score = count.get("offers", 0) - conflicts.get(competition.pk, 0)
        items.append(
            {
                "competition": competition,
                "signed": competition.pk in signed,
                "to_score": to_score,
                "submitted": count.get("submitted", 0),
            }
        )
    return render(request, "competitions/committee/list.html", {"items": items})


def _status(offer, sheets, conflicts) -> str:
    if offer.pk in conflicts:
        return "conflict"
    sheet = sheets.get(offer.pk)
    if sheet is None:
        return "to_score"
    return "submitted" if sheet.submitted_at else "draft"


@member_login_required
def committee_competition(request, slug):
    competition = get_object_or_404(Competition, slug=slug)
    decision = can(request.user, "competition.declare", competition)
    if not decision:
        return _refused(request, decision.reason)
    declaration = cs.competition_declaration(request.user, competition)
    if declaration is None:
        return _declaration(request, competition)
    offers = list(_committee_offers(competition))
    sheets = {s.offer_id: s for s in ScoreSheet.objects.filter(member=request.user, offer__in=offers)}
    conflicts = cs.conflicted_offer_ids(request.user, competition)
    rows = [{"offer": offer, "status": _status(offer, sheets, conflicts)} for offer in offers]
    return render(
        request,
        "competitions/committee/competition.html",
        {
            "competition": competition,
            "declaration": declaration,
            "rows": rows,
            "scoring_open": competition.state == CompetitionState.CLOSED,
            "done": sum(1 for row in rows if row["status"] in ("submitted", "conflict")),
        },
    )


def _declaration(request, competition):
    """The declaration on its own page: nothing about the offers is shown until it is signed."""
    form = DeclarationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            cs.declare_no_conflict(
                user=request.user, competition=competition, statement_text=str(cs.DECLARATION_TEXT)
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your declaration is signed. You can now see the offers."))
            return redirect("committee:competition", slug=competition.slug)
    return render(
        request,
        "competitions/committee/declaration.html",
        {"competition": competition, "form": form, "text": cs.DECLARATION_TEXT},
    )


def _committee_offer(request, pk) -> Offer:
    """An offer the committee works on; others (drafts, unchecked, rejected) do not exist here."""
    return get_object_or_404(
        Offer.objects.current().select_related("competition", "organisation"),
        pk=pk,
        state__in=cs.RANKED_STATES,
    )


def _may_read(request, offer) -> Decision:
    """A member reads an offer as for scoring: on the committee, declaration signed, no conflict."""
    return can(request.user, "offer.score", offer)


@member_login_required
def score_offer(request, pk):
    offer = _committee_offer(request, pk)
    decision = _may_read(request, offer)
    if not decision:
        return _refused(request, decision.reason)
    competition = offer.competition
    criteria = list(competition.merit_criteria.all())
    sheet = cs.sheet_of(request.user, offer)
    scorable = offer.state == OfferState.FORMALLY_CORRECT and competition.state == CompetitionState.CLOSED
    editable = scorable and (sheet is None or sheet.submitted_at is None)
    form = None
    if editable:
        initial = {"revision": sheet.revision if sheet else 0}
        for score in sheet.scores.all() if sheet else []:
            initial[f"points_{score.criterion_id}"] = score.points
            initial[f"justification_{score.criterion_id}"] = score.justification
        data = request.POST if request.method == "POST" else None
        form = ScoreForm(data, initial=initial, criteria=criteria)
        if data is not None and form.is_valid():
            submit = request.POST.get("action") == "submit"
            try:
                cs.save_scores(
                    user=request.user,
                    offer=offer,
                    scores=form.scores(),
                    submit=submit,
                    revision=form.cleaned_data["revision"],
                )
            except cs.ScoresChangedMeanwhile:
                messages.error(request, cs.CHANGED_MEANWHILE)
                return redirect("committee:score", pk=offer.pk)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                if submit:
                    messages.success(
                        request, _("Your scores are submitted. You can now see the other members' scores.")
                    )
                else:
                    messages.success(request, _("Your draft scores are saved."))
                return redirect("committee:score", pk=offer.pk)
    elif request.method == "POST":
        messages.error(request, cs.SHEET_FINAL if sheet and sheet.submitted_at else cs.NOT_SCORABLE)
        return redirect("committee:score", pk=offer.pk)
    others = [s for s in cs.visible_sheets(request.user, offer) if s.member_id != request.user.pk]
    return render(
        request,
        "competitions/committee/score.html",
        {
            "offer": offer,
            "competition": competition,
            "criteria": criteria,
            "max_total": sum(c.max_points for c in criteria),
            "sheet": sheet,
            "form": form,
            "others": [s for s in others if s.submitted_at],
            "scorable": scorable,
        },
    )


@member_login_required
def declare_conflict(request, pk):
    offer = _committee_offer(request, pk)
    competition = offer.competition
    decision = can(request.user, "competition.declare", competition)
    if not decision:
        return _refused(request, decision.reason)
    if cs.competition_declaration(request.user, competition) is None:
        return redirect("committee:competition", slug=competition.slug)
    form = ConflictForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            cs.declare_conflict(user=request.user, offer=offer, statement=form.cleaned_data["statement"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Your conflict of interest with offer %(number)s is recorded; you will not score it.")
                % {"number": offer.display_number},
            )
            return redirect("committee:competition", slug=competition.slug)
    return render(
        request,
        "competitions/committee/conflict.html",
        {"offer": offer, "competition": competition, "form": form},
    )


@member_login_required
def offer_pdf(request, pk):
    """The submitted offer's PDF from private storage, for members who may score it."""
    offer = _committee_offer(request, pk)
    decision = _may_read(request, offer)
    if not decision:
        return _refused(request, decision.reason)
    if not offer.pdf:
        messages.info(request, _("The PDF is being prepared; try again in a minute."))
        return redirect("committee:score", pk=offer.pk)
    return FileResponse(
        offer.pdf.open("rb"), content_type="application/pdf", filename=offer.pdf.name.rsplit("/", 1)[-1]
    )
