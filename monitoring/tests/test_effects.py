"""Goals with a baseline and later assessments: the effect of support before and after."""

from datetime import date

import pytest
from django.urls import reverse

from monitoring.choices import MonitoringRole
from monitoring.models import Assessment, Goal

from .factories import ParticipantFactory, ProjectFactory, active_organisation, enrol, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def child_in_project():
    organisation = active_organisation()
    project = ProjectFactory(organisation=organisation)
    child = ParticipantFactory(organisation=organisation)
    enrol(child, project)
    return organisation, project, child


def test_a_goal_shows_its_baseline_the_latest_score_and_the_change(sign_in, child_in_project):
    organisation, project, child = child_in_project
    coordinator, educator = staff_member(organisation), staff_member(organisation, MonitoringRole.EDUCATOR)
    url = reverse("monitoring:goals", args=[child.pk])
    sign_in(coordinator).post(
        url,
        {
            "project": project.pk,
            "description": "Samodzielnie odrabia lekcje",
            "baseline_on": "2026-02-01",
            "baseline_score": "2",
        },
    )
    goal = Goal.objects.get()
    sign_in(educator).post(url, {"goal": goal.pk, "assessed_on": "2026-06-01", "score": "4"})
    page = sign_in(educator).get(url).content.decode()
    assert "Samodzielnie odrabia lekcje" in page and "+2" in page
    assert [a.score for a in Assessment.objects.filter(goal=goal)] == [2, 4]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"assessed_on": "2026-01-15", "score": "3"},
            "Ocena nie może być wcześniejsza niż punkt wyjścia celu (01.02.2026).",
        ),
        ({"assessed_on": "2999-01-01", "score": "3"}, "Ocena nie może mieć daty w przyszłości."),
        ({"assessed_on": "2026-03-01", "score": "9"}, "Wybierz poprawną wartość."),
    ],
)
def test_bad_assessments_are_refused_and_nothing_is_saved(sign_in, child_in_project, data, message):
    organisation, project, child = child_in_project
    goal = Goal.objects.create(
        participant=child, project=project, description="Cel", created_on=date(2026, 2, 1)
    )
    Assessment.objects.create(goal=goal, assessed_on=date(2026, 2, 1), score=2)
    page = sign_in(staff_member(organisation)).post(
        reverse("monitoring:goals", args=[child.pk]), {"goal": goal.pk, **data}
    )
    assert message in page.content.decode()
    assert Assessment.objects.count() == 1


def test_goals_of_another_organisations_participant_answer_404(sign_in, child_in_project):
    organisation, project, child = child_in_project
    stranger = sign_in(staff_member(active_organisation()))
    assert stranger.get(reverse("monitoring:goals", args=[child.pk])).status_code == 404
    assert (
        stranger.post(
            reverse("monitoring:goals", args=[child.pk]),
            {"project": project.pk, "description": "X", "baseline_on": "2026-02-01", "baseline_score": "1"},
        ).status_code
        == 404
    )
    assert not Goal.objects.exists()


def test_an_educator_assesses_but_does_not_set_goals(sign_in, child_in_project):
    organisation, project, child = child_in_project
    response = sign_in(staff_member(organisation, MonitoringRole.EDUCATOR)).post(
        reverse("monitoring:goals", args=[child.pk]),
        {"project": project.pk, "description": "X", "baseline_on": "2026-02-01", "baseline_score": "1"},
    )
    assert response.status_code == 403 and not Goal.objects.exists()
