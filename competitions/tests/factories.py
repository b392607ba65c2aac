from datetime import date, timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from competitions.choices import CompetitionMode
from competitions.models import Competition
from organisations.models import PublicBenefitSphere


class CompetitionFactory(factory.django.DjangoModelFactory):
    """A draft open competition whose deadline is 30 days away; announce it with the service."""

    class Meta:
        model = Competition

    title = factory.Sequence(lambda n: f"Wypoczynek letni dzieci i młodzieży {n}")
    slug = factory.Sequence(lambda n: f"wypoczynek-{n}")
    signature = factory.Sequence(lambda n: f"WSS-KOP/2027/{n + 1:02d}")
    mode = CompetitionMode.OPEN
    sphere = factory.LazyFunction(lambda: PublicBenefitSphere.objects.get(code="14"))
    task_type = "Organizacja wypoczynku dla dzieci i młodzieży w okresie wakacji"
    announcement = "<p>Prezydent m.st. Warszawy ogłasza otwarty konkurs ofert.</p>"
    funds_allotted = Decimal("300000.00")
    granting_rules = "Dotacja do 90% kosztów zadania."
    implementation_conditions = "Zadanie realizowane na terenie Warszawy."
    implementation_start = date(2027, 7, 1)
    implementation_end = date(2027, 8, 31)
    offer_deadline = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))
    selection_procedure = "Ocena formalna i merytoryczna przez komisję konkursową."
    selection_criteria = "Jakość, koszty, doświadczenie."
    selection_date = date(2027, 5, 15)
    min_grant = Decimal("5000.00")
    max_grant = Decimal("50000.00")
    min_own_contribution = Decimal("10.00")
