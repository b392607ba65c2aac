from django.contrib.auth import get_user_model

from organisations.models import Place

from ..choices import FacilityState
from ..models import Facility


def places_open_for_enrolment(*, user):
    """Places of the user's organisations that no facility has taken yet."""
    return (
        Place.objects.filter(organisation__memberships__user=user, loyalty_facility__isnull=True)
        .select_related("organisation")
        .order_by("organisation__name", "name")
        .distinct()
    )


def possible_managers(*, user):
    """Members of the user's organisations (the manager must belong to the running one)."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__organisation__memberships__user=user)
        .order_by("last_name", "first_name", "email")
        .distinct()
    )


def facilities_awaiting_approval():
    return (
        Facility.objects.filter(state=FacilityState.PENDING)
        .select_related("organisation", "place", "registered_by")
        .prefetch_related("managers__user")
        .order_by("registered_at", "pk")
    )
