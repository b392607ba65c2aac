"""Read queries of the activities stage; scoped to the organisation that leads the project."""

from ..models import Activity, Session


def activities_of(organisation):
    return Activity.objects.filter(project__organisation=organisation).select_related("project", "leader")


def sessions_of(organisation):
    return Session.objects.filter(activity__project__organisation=organisation).select_related(
        "activity__project__organisation"
    )
