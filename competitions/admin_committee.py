"""The committee's work for officials in the admin: the ranking screen, the printable ranking and
the protocol of the committee's work (PDF). The rules are in ``committee_services``."""

from dataclasses import dataclass, field

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import include, path
from django.utils import timezone
from wagtail import hooks

from portal.pdf import render_pdf
from portal.permissions import ensure

from . import committee_services
from .models import Competition, ConflictDeclaration, ScoreSheet


@dataclass
class MemberCell:
    """One member's part in one offer's scoring: a submitted sheet, a draft, a conflict or nothing yet."""

    member: object
    sheet: ScoreSheet | None = None
    conflict: ConflictDeclaration | None = None

    @property
    def submitted(self) -> bool:
        return self.sheet is not None and self.sheet.submitted_at is not None


@dataclass
class OfferReport:
    row: committee_services.RankingRow
    cells: list = field(default_factory=list)

    @property
    def submitted_sheets(self):
        return [cell.sheet for cell in self.cells if cell.submitted]


@dataclass
class MemberStatus:
    member: object
    declaration: ConflictDeclaration | None


def committee_report(competition: Competition) -> dict:
    """Everything the ranking screen and both PDFs show, read in a fixed number of queries."""
    members = list(competition.committee.order_by("last_name", "first_name", "email"))
    declarations = {
        d.member_id: d
        for d in ConflictDeclaration.objects.filter(
            competition=competition, offer__isnull=True, has_conflict=False
        )
    }
    conflicts = list(
        ConflictDeclaration.objects.filter(competition=competition, has_conflict=True, offer__isnull=False)
        .select_related("member", "offer__organisation")
        .order_by("offer__number", "declared_at")
    )
    conflict_by = {(c.offer_id, c.member_id): c for c in conflicts}
    rows = committee_services.ranking(competition)
    sheets = {
        (s.offer_id, s.member_id): s
        for s in ScoreSheet.objects.filter(offer__in=[r.offer for r in rows])
        .select_related("member")
        .prefetch_related("scores__criterion")
    }
    offers = [
        OfferReport(
            row=row,
            cells=[
                MemberCell(
                    member=member,
                    sheet=sheets.get((row.offer.pk, member.pk)),
                    conflict=conflict_by.get((row.offer.pk, member.pk)),
                )
                for member in members
            ],
        )
        for row in rows
    ]
    return {
        "competition": competition,
        "criteria": list(competition.merit_criteria.all()),
        "members": [MemberStatus(member, declarations.get(member.pk)) for member in members],
        "conflicts": conflicts,
        "offers": offers,
        "below_threshold": [report for report in offers if report.row.below_threshold],
        "complete": bool(offers) and all(report.row.complete for report in offers),
        "now": timezone.now(),
    }


def _competition(request, pk) -> Competition:
    competition = get_object_or_404(Competition, pk=pk)
    ensure(request.user, "competition.decide", competition)
    return competition


def competition_ranking(request, pk):
    competition = _competition(request, pk)
    return TemplateResponse(
        request, "competitions/committee/admin/ranking.html", committee_report(competition)
    )


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _filename(prefix: str, competition: Competition) -> str:
    return f"{prefix}-{competition.signature.replace('/', '-')}.pdf"


def competition_ranking_pdf(request, pk):
    competition = _competition(request, pk)
    pdf = render_pdf("pdf/committee_ranking.html", committee_report(competition))
    return _pdf_response(pdf, _filename("ranking", competition))


def competition_protocol_pdf(request, pk):
    competition = _competition(request, pk)
    pdf = render_pdf("pdf/committee_protocol.html", committee_report(competition))
    return _pdf_response(pdf, _filename("protokol-komisji", competition))


urlpatterns = [
    path("<int:pk>/", competition_ranking, name="competition_ranking"),
    path("<int:pk>/ranking.pdf", competition_ranking_pdf, name="competition_ranking_pdf"),
    path("<int:pk>/protocol.pdf", competition_protocol_pdf, name="competition_protocol_pdf"),
]


@hooks.register("register_admin_urls")
def register_committee_admin_urls():
    return [path("competitions/committee/", include((urlpatterns, "committee_admin")))]
