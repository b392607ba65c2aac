import pytest

from loyalty.choices import Level, RoundState
from loyalty.demo import DEMO_MANAGER, seed_loyalty
from loyalty.evaluation.selectors import current_evaluation
from loyalty.models import EvaluationRound, Facility, Reward
from organisations.demo import seed_people_and_organisations

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_dozen_facilities_over_the_statuses_and_runs_again(client):
    seed_people_and_organisations()
    assert seed_loyalty() == 12
    statuses = {current_evaluation(facility=f).status for f in Facility.objects.all()}
    assert statuses == {"", Level.STANDARD, Level.PREMIUM, Level.VIP}
    assert EvaluationRound.objects.get(state=RoundState.OPEN)
    assert Reward.objects.filter(pool__lte=5).count() == 5
    seed_loyalty()
    assert Facility.objects.count() == 12 and Reward.objects.count() == 5
    facility = Facility.objects.get(managers__user__email=DEMO_MANAGER)
    client.force_login(facility.managers.get().user)
    assert facility.name in client.get(f"/konto/program/{facility.pk}/").content.decode()
