"""Searchable organisations: the public directory's entries (never suspended ones, never people)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from elasticsearch.dsl import Keyword

from search.base import Entry, Filter, SearchDocument, SearchType
from search.registry import register

from .choices import District, LegalForm
from .models import Organisation, PublicBenefitSphere


def sphere_labels() -> dict[str, str]:
    return dict(PublicBenefitSphere.objects.values_list("code", "name"))


def district_labels() -> dict[str, str]:
    return dict(District.choices)


def _legal_form_labels() -> dict[str, str]:
    return {value: str(label) for value, label in LegalForm.choices}


def _organisation_of(instance) -> list:
    return [instance.pk] if isinstance(instance, Organisation) else []


class OrganisationDocument(SearchDocument):
    sphere = Keyword(multi=True)
    district = Keyword(multi=True)
    legal_form = Keyword()


@register
class OrganisationSearch(SearchType):
    name = "organisation"
    label = _("Organisations")
    document = OrganisationDocument
    filters = {
        "sphere": Filter(_("Sphere of public benefit"), sphere_labels),
        "district": Filter(_("District"), district_labels),
        "legal_form": Filter(_("Legal form"), _legal_form_labels),
    }
    watch = {
        "organisations.Organisation": lambda organisation: [organisation.pk],
        "organisations.Place": lambda place: [place.organisation_id],
    }
    watch_m2m = {lambda: Organisation.spheres.through: _organisation_of}

    def get_queryset(self):
        return Organisation.objects.public().prefetch_related("spheres", "places").order_by("pk")

    def to_entry(self, organisation) -> Entry:
        spheres = list(organisation.spheres.all())
        districts = {organisation.district} | {place.district for place in organisation.places.all()}
        districts.discard("")
        # Only what the public profile shows about the organisation; no people, e-mails or phones.
        body = [
            organisation.short_name,
            organisation.description,
            organisation.get_legal_form_display(),
            " ".join(sphere.name for sphere in spheres),
            " ".join(District(d).label for d in sorted(districts) if d in District.values),
            organisation.city,
        ]
        return Entry(
            object_id=organisation.pk,
            title=organisation.name,
            url=reverse("directory:organisation", kwargs={"slug": organisation.slug}),
            body=" ".join(str(part) for part in body if part),
            date=None,
            filters={
                "sphere": [sphere.code for sphere in spheres],
                "district": sorted(districts),
                "legal_form": [organisation.legal_form],
            },
        )
