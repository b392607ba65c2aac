"""The monitoring administrator's lists in the Wagtail admin."""

import pytest
from django.urls import reverse

from organisations.choices import Role

from .factories import SchoolFactory, active_organisation, staff_member

pytestmark = pytest.mark.django_db


def test_the_monitoring_administrator_keeps_the_schools_and_reads_the_accesses(sign_in, make_user):
    SchoolFactory(name="Szkoła Podstawowa nr 221")
    organisation = active_organisation(name="Fundacja Dobre Podwórko")
    client = sign_in(make_user(Role.MONITORING_ADMIN))
    schools = client.get(reverse("school:index"))
    assert schools.status_code == 200 and "Szkoła Podstawowa nr 221" in schools.content.decode()
    assert client.get(reverse("school:add")).status_code == 200
    accesses = client.get(reverse("monitoringaccess:index"))
    assert organisation.name in accesses.content.decode()
    assert client.get(reverse("cocontrolleragreement:index")).status_code == 200


@pytest.mark.parametrize("who", ["official", "coordinator"])
def test_others_do_not_reach_the_monitoring_lists(sign_in, make_user, who):
    user = make_user(Role.OFFICIAL) if who == "official" else staff_member(active_organisation())
    client = sign_in(user)
    for name in ("school:index", "monitoringaccess:index", "cocontrolleragreement:index"):
        assert client.get(reverse(name)).status_code in (302, 403)
