"""Reports: a project's reach for its organisation; city-wide aggregates for officials."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..projects.selectors import projects_visible_to
from ..web import allowed_or_403, current_organisation, private_page, render_page
from . import exports, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _project(request, pk):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.use", organisation)
    return organisation, get_object_or_404(projects_visible_to(organisation), pk=pk)


@private_page
def project_report_file(request, pk, kind):
    """The reach report as XLSX or PDF (aggregates only)."""
    if kind not in ("xlsx", "pdf"):
        raise Http404
    organisation, project = _project(request, pk)
    reach = selectors.project_reach(project, organisation)
    if kind == "xlsx":
        response = HttpResponse(exports.reach_xlsx(project, reach), content_type=XLSX)
    else:
        response = HttpResponse(exports.reach_pdf(project, reach), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="raport-zasiegu-{project.pk}.{kind}"'
    return response


@private_page
def project_report(request, pk):
    organisation, project = _project(request, pk)
    return render_page(
        request,
        "monitoring/reports/project.html",
        {"project": project, "reach": selectors.project_reach(project, organisation)},
    )


@private_page
def city_report(request):
    allowed_or_403(request, "monitoring.city_report")
    year = request.GET.get("rok", "")
    year = int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else timezone.localdate().year
    return render_page(
        request,
        "monitoring/reports/city.html",
        {"city": selectors.city_reach(year), "network": selectors.school_network()},
    )
