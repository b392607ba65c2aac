"""Read queries the stages share."""

from django.contrib.auth import get_user_model

from organisations.choices import ROLE_GROUPS, Role

from .models import Facility


def officials():
    return get_user_model().objects.filter(groups__name=ROLE_GROUPS[Role.OFFICIAL], is_active=True).distinct()


def facility_managers(*, facility):
    """The managers who are still members of the running organisation (those ``can`` lets in)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            managed_facilities__facility=facility,
            memberships__organisation_id=facility.organisation_id,
        )
        .distinct()
    )


def facilities_managed_by(*, user):
    return (
        Facility.objects.filter(managers__user=user, organisation__memberships__user=user)
        .select_related("organisation", "place")
        .distinct()
    )
