"""Read queries of the projects stage."""

from django.db.models import Q

from ..models import Project


def projects_visible_to(organisation):
    """Projects the organisation leads or is a consortium partner of."""
    return (
        Project.objects.filter(Q(organisation=organisation) | Q(partners=organisation))
        .distinct()
        .select_related("organisation")
    )


def projects_led_by(organisation):
    return Project.objects.filter(organisation=organisation)
