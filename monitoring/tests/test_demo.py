"""The monitoring demo: invented, marked as such, with a working coordinator login."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from monitoring.models import Attendance, Participant, Project
from organisations.demo import DEMO_PASSWORD, seed_people_and_organisations
from organisations.models import User

pytestmark = pytest.mark.django_db


def test_the_demo_loads_twice_and_the_coordinator_signs_in(sign_in):
    seed_people_and_organisations()
    call_command("seed_monitoring_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("seed_monitoring_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Participant.objects.count() == 300 and not Participant.objects.filter(is_demo=False).exists()
    assert Project.objects.filter(is_demo=True).count() == 2
    assert Attendance.objects.count() > 4000
    user = User.objects.get(email="koordynator@demo.waw.pl")
    assert user.check_password(DEMO_PASSWORD)
    coordinator = sign_in(user)
    project = Project.objects.get(title__startswith="LSW Praga")
    page = coordinator.get(reverse("monitoring:project_report", args=[project.pk])).content.decode()
    assert "Raport zasięgu" in page
