"""The public side of competitions: the list with its filters and the announcement of each.

Both pages first close what is past its deadline (the beat does it every
minute, but may be late), so a competition never shows as open too long.
"""

from datetime import timedelta

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from organisations.choices import LegalForm
from portal import exports

from . import selectors
from .choices import CompetitionMode, CompetitionState
from .displayed import as_seen
from .forms import PUBLIC_STATE_LABELS, CompetitionFilterForm
from .templatetags.competition_tags import money, time_left

# The page cache keeps a page for PAGE_CACHE_SECONDS; the hours and minutes
# left in a competition's last day must never come from it.
LAST_DAY = timedelta(days=1)
_SLUG = "competition-slug"


class _Labels:
    """Choice labels in the current language and the detail address pattern, built once per request."""

    def __init__(self):
        self.mode = {value: str(label) for value, label in CompetitionMode.choices}
        self.state = {value: str(label) for value, label in PUBLIC_STATE_LABELS.items()}
        self.url_prefix, self.url_suffix = reverse("competition_pages:detail", kwargs={"slug": _SLUG}).split(
            _SLUG
        )

    def url(self, slug: str) -> str:
        return f"{self.url_prefix}{slug}{self.url_suffix}"

    def row(self, competition) -> dict:
        return {
            "title": competition.title,
            "url": self.url(competition.slug),
            "signature": competition.signature,
            "mode": self.mode.get(competition.mode, competition.mode),
            "sphere": capfirst(competition.sphere.name),
            "funds": money(competition.funds_allotted),
            "deadline": competition.offer_deadline,
            "state": competition.state,
            "state_label": self.state.get(competition.state, competition.state),
        }


@require_safe
def competition_list(request):
    # No closing here: beat closes competitions past their deadline; the rows show them closed.
    form = CompetitionFilterForm(
        request.GET, spheres=selectors.sphere_choices(), years=selectors.deadline_years()
    )
    filters = form.filters
    page = selectors.competitions_page(filters=filters, page_number=request.GET.get("page"))
    labels = _Labels()
    return render(
        request,
        "competitions/public/list.html",
        {
            "form": form,
            "filters": filters,
            "querystring": form.querystring,
            "page_obj": page,
            "rows": [labels.row(as_seen(competition)) for competition in page],
        },
    )


def _document(attached) -> dict:
    document = attached.document
    return {
        "title": attached.title or document.title,
        "url": document.url,
        "extension": document.file_extension.upper(),
        "size": document.file_size,
    }


@require_safe
def competition_detail(request, slug):
    now = timezone.now()
    competition = selectors.public_competition(slug=slug)
    if competition is None:
        raise Http404
    # Past its deadline it shows as closed; beat makes the transition (a page never writes).
    competition = as_seen(competition, now)
    is_open = competition.state == CompetitionState.ANNOUNCED
    legal_forms = dict(LegalForm.choices)
    merit_criteria = list(competition.merit_criteria.all())
    response = render(
        request,
        "competitions/public/detail.html",
        {
            "competition": competition,
            "is_open": is_open,
            "state_label": PUBLIC_STATE_LABELS.get(competition.state, competition.state),
            "mode": competition.get_mode_display(),
            "sphere": capfirst(competition.sphere.name),
            "time_left": time_left(competition.offer_deadline, now) if is_open else "",
            # The offer generator's first step (offers:start, /konto/oferty/nowa/<slug>/).
            "offer_url": reverse("offers:start", kwargs={"slug": competition.slug}) if is_open else "",
            "legal_forms": [legal_forms.get(form, form) for form in competition.eligible_legal_forms],
            "prior_funding": list(competition.prior_funding.all()),
            "required_attachments": list(competition.required_attachments.all()),
            "merit_criteria": merit_criteria,
            "merit_points": sum(criterion.max_points for criterion in merit_criteria),
            "documents": [_document(attached) for attached in competition.documents.all()],
            "published_offers": selectors.published_small_grant_offers(competition),
            "results": selectors.published_results(competition),
            "results_csv_url": reverse("competition_pages:results_csv", kwargs={"slug": competition.slug}),
        },
    )
    cache_for = timedelta(seconds=settings.PAGE_CACHE_SECONDS)
    if is_open and competition.offer_deadline - now < LAST_DAY + cache_for:
        patch_cache_control(response, no_cache=True)
    return response


@require_safe
def competition_results_csv(request, slug):
    """The published results as CSV for anyone (UTF-8 with a BOM, so spreadsheets read Polish letters)."""
    competition = selectors.public_competition(slug=slug)
    results = selectors.published_results(competition) if competition is not None else None
    if results is None:
        raise Http404
    header = [
        _("Number"),
        _("Organisation"),
        _("Title of the task"),
        _("Decision on the offer"),
        _("Average score"),
        _("Grant requested (zł)"),
        _("Grant awarded (zł)"),
    ]
    rows = [
        [row.number, row.organisation, row.title, row.state_label, row.average, row.requested, row.granted]
        for row in results["rows"]
    ]
    # Through the one export helper: a title typed as a formula must not run in a spreadsheet.
    return exports.table_response(header, rows, filename=f"wyniki-{competition.slug}", fmt="csv")
