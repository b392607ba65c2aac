"""Projects of the organisation: list, add, change, detail."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from ..models import Enrolment, Project
from ..web import allowed_or_403, current_organisation, form_refusal, private_page, render_page
from . import selectors, services
from .forms import ProjectForm


@private_page
def project_list(request):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.use", organisation)
    return render_page(
        request, "monitoring/projects/list.html", {"projects": selectors.projects_visible_to(organisation)}
    )


def _edit(request, organisation, project):
    form = ProjectForm(request.POST or None, instance=project, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        changed = form.save(commit=False)
        changed.organisation = organisation
        try:
            services.project_save(
                user=request.user,
                project=changed,
                partners=form.cleaned_data["partners"],
                places=form.cleaned_data["places"],
                schools=form.cleaned_data["schools"],
            )
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect("monitoring:project_detail", pk=changed.pk)
    return render_page(request, "monitoring/projects/form.html", {"form": form, "project": project})


@private_page
def project_create(request):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.manage", organisation)
    return _edit(request, organisation, Project(organisation=organisation))


@private_page
def project_edit(request, pk):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.manage", organisation)
    project = get_object_or_404(selectors.projects_led_by(organisation), pk=pk)
    return _edit(request, organisation, project)


@private_page
def project_detail(request, pk):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.use", organisation)
    project = get_object_or_404(selectors.projects_visible_to(organisation), pk=pk)
    # Each organisation sees only its own participants, even in a consortium's project.
    enrolments = (
        Enrolment.objects.filter(project=project, participant__organisation=organisation)
        .select_related("participant")
        .order_by("participant__last_name", "participant__first_name")
    )
    return render_page(
        request,
        "monitoring/projects/detail.html",
        {"project": project, "enrolments": enrolments, "leads": project.organisation_id == organisation.pk},
    )
