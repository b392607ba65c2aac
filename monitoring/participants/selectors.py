"""Read queries of the participants stage; every one is scoped to one organisation."""

from django.db.models import Q

from ..models import AccessLogEntry, Family, Participant


def participants_of(organisation, *, query: str = ""):
    participants = Participant.objects.filter(
        organisation=organisation, anonymised_at__isnull=True
    ).select_related("family", "school")
    for word in query.split()[:4]:
        participants = participants.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return participants


def duplicates_of(organisation):
    return participants_of(organisation).filter(duplicate_of__isnull=False).select_related("duplicate_of")


def families_of(organisation):
    return Family.objects.filter(organisation=organisation)


def access_log_of(organisation):
    return AccessLogEntry.objects.filter(organisation=organisation).select_related("user", "participant")
