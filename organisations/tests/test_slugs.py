"""No organisation's slug is a fixed word of the URLs it appears in (an organisation called "Nowa"
used to land on the registration form instead of its own account, in a redirect loop)."""

import pytest
from django.urls import resolve, reverse

from organisations.choices import Role
from organisations.models import Organisation
from organisations.slugs import reserved_slugs
from organisations.tests.factories import OrganisationFactory
from organisations.views import directory, manage

from .test_admin import _verified_client
from .test_registration import organisation_data

pytestmark = pytest.mark.django_db


def test_every_fixed_first_segment_of_the_organisation_urls_is_reserved():
    assert {"nowa", "mapa", "zaproszenie", "zaproszenia", "czlonkowie"} <= reserved_slugs()


@pytest.mark.parametrize("word", sorted(reserved_slugs()))
def test_an_organisation_named_like_a_fixed_word_gets_a_slug_that_reaches_its_own_pages(word):
    organisation = OrganisationFactory(name=word.capitalize(), short_name="", slug="")
    assert organisation.slug not in reserved_slugs()
    assert resolve(reverse("directory:organisation", args=[organisation.slug])).func == directory.organisation
    assert resolve(reverse("organisation_account:edit", args=[organisation.slug])).func == (
        manage.edit_organisation
    )


def test_a_new_organisation_called_nowa_opens_its_own_edit_page(client, make_user):
    client.force_login(make_user())
    response = client.post(
        reverse("organisation_account:register"), organisation_data(name="Nowa", short_name="Nowa")
    )
    organisation = Organisation.objects.get()
    assert organisation.slug == "nowa-2"
    assert response["Location"] == reverse("organisation_account:edit", args=["nowa-2"])
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["organisation"] == organisation


def test_a_slug_typed_in_the_admin_cannot_be_a_fixed_word(client, make_user, totp_device):
    organisation = OrganisationFactory()
    client = _verified_client(client, make_user(Role.OFFICIAL), totp_device)
    data = {
        "name": organisation.name,
        "short_name": "",
        "slug": "nowa",
        "legal_form": organisation.legal_form,
        "krs": organisation.krs,
        "nip": organisation.nip,
        "regon": organisation.regon,
        "district": organisation.district,
        "city": "Warszawa",
    }
    response = client.post(reverse("organisations:edit", args=[organisation.pk]), data)
    assert "„nowa” to stała część adresów portalu" in response.content.decode()
    organisation.refresh_from_db()
    assert organisation.slug != "nowa"
