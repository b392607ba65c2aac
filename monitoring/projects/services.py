"""Projects: run by one organisation or by a consortium of a leader and partners."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.permissions import ensure

from ..choices import ProjectKind

ENDS_BEFORE_START = _("The project cannot end before it starts.")
AGE_RANGE_FOR_LSW = _("A Local Support System needs its age range (0–6, 6–18 or 16–26).")
PARTNERS_ONLY_FOR_CONSORTIUM = _("Only a consortium (a Local Support System) has partners.")
LEADER_AS_PARTNER = _("The leading organisation cannot also be its own partner.")
PLACE_OF_ANOTHER = _("A project's places are chosen from the places of the leading organisation.")
CONTRACT_OF_ANOTHER = _("The funding contract must be one of the leading organisation's contracts.")


def _check(project, *, partners, places) -> None:
    errors = {}
    if project.starts_on and project.ends_on and project.ends_on < project.starts_on:
        errors["ends_on"] = ENDS_BEFORE_START
    if project.kind == ProjectKind.LSW and not project.age_range:
        errors["age_range"] = AGE_RANGE_FOR_LSW
    if partners and project.kind != ProjectKind.LSW:
        errors["partners"] = PARTNERS_ONLY_FOR_CONSORTIUM
    elif any(p.pk == project.organisation_id for p in partners):
        errors["partners"] = LEADER_AS_PARTNER
    if any(place.organisation_id != project.organisation_id for place in places):
        errors["places"] = PLACE_OF_ANOTHER
    if project.contract_id and project.contract.offer.organisation_id != project.organisation_id:
        errors["contract"] = CONTRACT_OF_ANOTHER
    if errors:
        raise ValidationError(errors)


def project_save(*, user, project, partners=(), places=(), schools=()):
    """Create or change a project of the user's organisation, with its partners, places and schools."""
    ensure(user, "monitoring.manage", project.organisation)
    partners, places, schools = list(partners), list(places), list(schools)
    if project.kind != ProjectKind.LSW:
        project.age_range = ""  # the age ranges are those of the Local Support Systems
    _check(project, partners=partners, places=places)
    with transaction.atomic():
        project.save()
        project.partners.set(partners)
        project.places.set(places)
        project.schools.set(schools)
    return project
