from .models import Membership


def memberships_of(*, user):
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")
