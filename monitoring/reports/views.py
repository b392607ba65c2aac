"""Reports: a project's reach for its organisation; city-wide aggregates for officials."""

from django.shortcuts import get_object_or_404
from django.utils import timezone

from ..projects.selectors import projects_visible_to
from ..web import allowed_or_403, current_organisation, private_page, render_page
from . import selectors


@private_page
def project_report(request, pk):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.use", organisation)
    project = get_object_or_404(projects_visible_to(organisation), pk=pk)
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
