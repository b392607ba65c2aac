"""Group activities, the attendance register (one phone-friendly page) and individual support."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.permissions import can

from ..models import Activity
from ..projects.selectors import projects_led_by
from ..web import allowed_or_403, current_organisation, form_refusal, private_page, render_page
from . import selectors, services
from .forms import ActivityForm, AttendanceForm, SessionForm, SupportForm


@private_page
def activity_create(request, project_pk):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.manage", organisation)
    project = get_object_or_404(projects_led_by(organisation), pk=project_pk)
    form = ActivityForm(request.POST or None, instance=Activity(project=project), project=project)
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_save(
                user=request.user, activity=form.save(commit=False), members=form.cleaned_data["members"]
            )
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("The activity is saved."))
            return redirect("monitoring:activity_detail", pk=activity.pk)
    return render_page(
        request, "monitoring/activities/activity_form.html", {"form": form, "project": project}
    )


@private_page
def activity_detail(request, pk):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.use", organisation)
    activity = get_object_or_404(selectors.activities_of(organisation), pk=pk)
    return _activity_page(request, organisation, activity)


def _activity_page(request, organisation, activity, session_form=None):
    return render_page(
        request,
        "monitoring/activities/activity_detail.html",
        {
            "activity": activity,
            "sessions": activity.sessions.all()[:100],
            "members": activity.members.all(),
            "session_form": session_form or SessionForm(),
            "can_manage": can(request.user, "monitoring.manage", organisation),
        },
    )


@private_page
@require_POST
def session_add(request, pk):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.use", organisation)
    activity = get_object_or_404(selectors.activities_of(organisation), pk=pk)
    form = SessionForm(request.POST)
    if form.is_valid():
        try:
            session = services.session_create(user=request.user, activity=activity, **form.cleaned_data)
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("The session is added. Fill in the attendance."))
            return redirect("monitoring:attendance", pk=session.pk)
    return _activity_page(request, organisation, activity, session_form=form)


@private_page
def attendance(request, pk):
    """The register of one session: every row on one page, saved with one button."""
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.use", organisation)
    session = get_object_or_404(selectors.sessions_of(organisation), pk=pk)
    rows = services.register_rows(session)
    form = AttendanceForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            services.attendance_record(user=request.user, session=session, statuses=form.statuses())
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("The attendance is saved."))
            return redirect("monitoring:activity_detail", pk=session.activity_id)
    listed = {participant.pk for participant, _status in rows}
    not_enrolled = [m for m in session.activity.members.all() if m.pk not in listed]
    return render_page(
        request,
        "monitoring/activities/attendance.html",
        {"session": session, "form": form, "not_enrolled": not_enrolled},
    )


@private_page
def support_add(request, project_pk):
    organisation = current_organisation(request)
    allowed_or_403(request, "monitoring.use", organisation)
    project = get_object_or_404(projects_led_by(organisation), pk=project_pk)
    form = SupportForm(request.POST or None, project=project, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.support_record(user=request.user, project=project, **form.cleaned_data)
        except ValidationError as error:
            form_refusal(form, error)
        else:
            messages.success(request, _("The individual support is recorded."))
            return redirect("monitoring:project_detail", pk=project.pk)
    return render_page(request, "monitoring/activities/support_form.html", {"form": form, "project": project})
