"""Searchable competitions (public states only) and their published results."""

from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from elasticsearch.dsl import Keyword

from organisations.choices import District
from organisations.documents import district_labels, sphere_labels
from search.base import Entry, Filter, SearchDocument, SearchType, plain_text
from search.registry import register

from .choices import CompetitionMode, CompetitionState, OfferState
from .models import Offer
from .selectors import public_competitions
from .templatetags.competition_tags import money

WARSAW = ZoneInfo("Europe/Warsaw")
# A result stays public after the contract: granted offers move on to these states.
RESULT_STATES = (
    OfferState.GRANTED,
    OfferState.NOT_GRANTED,
    OfferState.CONTRACTED,
    OfferState.SETTLED,
    OfferState.TERMINATED,
)
GRANTED = "granted"
NOT_GRANTED = "not_granted"


def _state_labels() -> dict[str, str]:
    return {value: str(label) for value, label in CompetitionState.choices}


def _mode_labels() -> dict[str, str]:
    return {value: str(label) for value, label in CompetitionMode.choices}


def _outcome_labels() -> dict[str, str]:
    return {GRANTED: str(_("Grant awarded")), NOT_GRANTED: str(_("Not granted"))}


def _local_date(moment):
    return moment.astimezone(WARSAW).date() if moment else None


class CompetitionDocument(SearchDocument):
    sphere = Keyword()
    state = Keyword()
    mode = Keyword()
    year = Keyword()


@register
class CompetitionSearch(SearchType):
    name = "competition"
    label = _("Competitions")
    document = CompetitionDocument
    filters = {
        "state": Filter(_("State"), _state_labels),
        "sphere": Filter(_("Sphere of public benefit"), sphere_labels),
        "mode": Filter(_("Mode"), _mode_labels),
        "year": Filter(_("Year of the deadline")),
    }
    watch = {"competitions.Competition": lambda competition: [competition.pk]}

    def get_queryset(self):
        # Announced at some point; drafts (and drafts cancelled before announcement) never.
        return public_competitions().select_related("sphere").order_by("pk")

    def to_entry(self, competition) -> Entry:
        deadline = competition.offer_deadline.astimezone(WARSAW)
        body = [
            competition.signature,
            competition.task_type,
            plain_text(competition.announcement),
            competition.sphere.name,
            str(competition.get_state_display()),
            str(competition.get_mode_display()),
            str(_("Deadline for offers: %(date)s") % {"date": deadline.strftime("%d.%m.%Y %H:%M")}),
            str(
                _("Implementation: %(start)s – %(end)s")
                % {
                    "start": competition.implementation_start.strftime("%d.%m.%Y"),
                    "end": competition.implementation_end.strftime("%d.%m.%Y"),
                }
            ),
            str(_("Funds: %(amount)s") % {"amount": money(competition.funds_allotted)}),
        ]
        return Entry(
            object_id=competition.pk,
            title=competition.title,
            url=reverse("competition_pages:detail", kwargs={"slug": competition.slug}),
            body=" ".join(part for part in body if part),
            date=_local_date(competition.announced_at),
            filters={
                "state": [competition.state],
                "sphere": [competition.sphere.code],
                "mode": [competition.mode],
                "year": [str(deadline.year)],
            },
        )


def _result_offer(offer) -> list:
    # An offer reaches the results only from a result state, and never leaves them, so a draft
    # or a submitted offer is in no index: saving one (200 at a deadline) queues nothing.
    return [offer.pk] if offer.state in RESULT_STATES else []


def _results_of_competition(competition) -> list:
    return list(competition.offers.filter(state__in=RESULT_STATES).values_list("pk", flat=True))


def _results_of_organisation(organisation) -> list:
    return list(organisation.offers.filter(state__in=RESULT_STATES).values_list("pk", flat=True))


class ResultDocument(SearchDocument):
    outcome = Keyword()
    sphere = Keyword()
    district = Keyword()
    year = Keyword()


@register
class ResultSearch(SearchType):
    name = "result"
    label = _("Competition results")
    document = ResultDocument
    filters = {
        "outcome": Filter(_("Decision"), _outcome_labels),
        "sphere": Filter(_("Sphere of public benefit"), sphere_labels),
        "district": Filter(_("District of the organisation"), district_labels),
        "year": Filter(_("Year of the results")),
    }
    watch = {
        "competitions.Offer": _result_offer,
        "competitions.Competition": _results_of_competition,
        "organisations.Organisation": _results_of_organisation,
    }

    def get_queryset(self):
        # Only once the results are published: never while the committee works, never for a
        # competition cancelled before its results, never for a suspended organisation.
        return (
            Offer.objects.filter(
                competition__state=CompetitionState.RESULTS_PUBLISHED,
                state__in=RESULT_STATES,
                organisation__is_suspended=False,
            )
            .select_related("competition__sphere", "organisation")
            .order_by("pk")
        )

    def to_entry(self, offer) -> Entry:
        competition, organisation = offer.competition, offer.organisation
        granted = offer.state != OfferState.NOT_GRANTED
        outcome = GRANTED if granted else NOT_GRANTED
        date = _local_date(competition.results_published_at)
        amount = (
            str(_("Grant awarded: %(amount)s") % {"amount": money(offer.granted_amount)})
            if granted and offer.granted_amount is not None
            else str(_outcome_labels()[outcome])
        )
        task = offer.title or competition.task_type
        body = [
            amount,
            str(_("Competition: %(title)s") % {"title": competition.title}),
            competition.signature,
            competition.sphere.name,
            organisation.name,
            District(organisation.district).label if organisation.district in District.values else "",
        ]
        return Entry(
            object_id=offer.pk,
            title=f"{organisation.name}: {task}",
            url=reverse("competition_pages:detail", kwargs={"slug": competition.slug}) + "#wyniki",
            body=" ".join(part for part in body if part),
            date=date,
            filters={
                "outcome": [outcome],
                "sphere": [competition.sphere.code],
                "district": [organisation.district],
                "year": [str(date.year)] if date else [],
            },
        )
