"""Every announced rule is enforced before "meets the rules" (issue 13)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from competitions import budget
from competitions.choices import CompetitionMode
from competitions.models import Competition, Offer
from competitions.offer_forms import SCHEDULE_OUTSIDE_PERIOD
from competitions.tests.offer_helpers import (
    fill_all_steps,
    ngo_member,
    open_competition,
    post_step,
    rows,
    step_data,
)
from competitions.tests.test_admin import _inline, official_client  # noqa: F401
from organisations.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(make_user):
    return ngo_member(make_user)


@pytest.fixture
def organisation(member):
    return member.memberships.get().organisation


def start_offer(client, member, competition):
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    return Offer.objects.get()


def summary_problems(client, offer):
    response = client.get(reverse("offers:step", args=[offer.pk, "summary"]))
    return " ".join(response.context["problems"])


def expensive_administration():
    # 3 000 zł of administration in 12 200 zł of costs: 24,59% (the "24.6% against 10%").
    return rows(
        "costs",
        [
            {
                "category": "activity",
                "name": "Wychowawcy",
                "unit": "godz.",
                "unit_cost": "46",
                "units": "200",
                "year": "2027",
            },
            {
                "category": "administrative",
                "name": "Koordynacja",
                "unit": "mies.",
                "unit_cost": "1500",
                "units": "2",
                "year": "2027",
            },
        ],
    )


def test_an_administrative_share_above_the_limit_is_refused_beside_the_rows(
    client, member, organisation, make_user
):
    competition = open_competition(make_user(Role.OFFICIAL), max_administrative_share=Decimal("10"))
    offer = start_offer(client, member, competition)
    fill_all_steps(client, offer, organisation, upto="characteristics")
    response = post_step(client, offer, "costs", expensive_administration())
    assert response.status_code == 200
    formset = response.context["wizard"]["form"]
    message = " ".join(formset.non_form_errors())
    assert "24,59%" in message and "najwyżej 10%" in message and "1 780,00 zł" in message
    assert formset.forms[1].errors["category"] and not formset.forms[0].errors


def test_the_summary_reports_a_share_that_became_too_high_after_the_limit_was_met(
    client, member, organisation, make_user
):
    competition = open_competition(make_user(Role.OFFICIAL), max_administrative_share=Decimal("10"))
    offer = start_offer(client, member, competition)
    fill_all_steps(client, offer, organisation, upto="attachments")
    # Saved before the rule existed (an older draft): the summary and the submission still judge it.
    Competition.objects.filter(pk=competition.pk).update(max_administrative_share=Decimal("5"))
    offer.refresh_from_db()
    assert "Koszty administracyjne stanowią 9,09%" in summary_problems(client, offer)
    post_step(client, offer, "summary", {"summary-confirm": "on"})
    offer.refresh_from_db()
    assert offer.state == "draft"


def test_activities_outside_the_task_period_are_refused_at_their_dates(
    client, member, organisation, make_user
):
    competition = open_competition(make_user(Role.OFFICIAL))
    offer = start_offer(client, member, competition)
    fill_all_steps(client, offer, organisation, upto="task")
    late = rows(
        "schedule",
        [
            {
                "name": "Półkolonie",
                "description": "x",
                "group": "dzieci",
                "start": "2027-07-01",
                "end": "2027-09-15",
            },
            {
                "name": "Nabór",
                "description": "x",
                "group": "dzieci",
                "start": "2027-06-20",
                "end": "2027-07-10",
            },
        ],
    )
    response = post_step(client, offer, "schedule", late)
    assert response.status_code == 200
    formset = response.context["wizard"]["form"]
    assert str(SCHEDULE_OUTSIDE_PERIOD) in " ".join(formset.non_form_errors())
    assert "31.08.2027" in " ".join(formset.forms[0].errors["end"])
    assert "01.07.2027" in " ".join(formset.forms[1].errors["start"])


def test_the_summary_reports_activities_left_outside_a_shortened_task(
    client, member, organisation, make_user
):
    competition = open_competition(make_user(Role.OFFICIAL))
    offer = start_offer(client, member, competition)
    fill_all_steps(client, offer, organisation, upto="attachments")
    task = dict(step_data(organisation)["task"], **{"task-end": "2027-07-31"})
    assert post_step(client, offer, "task", task).status_code == 302
    problems = summary_problems(client, offer)
    assert "Półkolonie" in problems and "31.07.2027" in problems


def test_a_small_grant_above_10_000_zl_is_refused():
    competition = Competition(mode=CompetitionMode.SMALL_GRANT, min_grant=0, max_grant=Decimal("20000"))
    problems = budget.financing_problems(
        competition, Decimal("12000"), {"grant": "11000", "own_financial": "1000"}
    )
    assert any("10 000" in str(message) or "10,000" in str(message) for _f, message in problems)


def test_a_small_grant_task_longer_than_90_days_is_refused():
    competition = Competition(
        mode=CompetitionMode.SMALL_GRANT,
        implementation_start=date(2027, 5, 1),
        implementation_end=date(2027, 12, 31),
    )
    problems = budget.period_problems(competition, date(2027, 5, 1), date(2027, 5, 1) + timedelta(days=90))
    assert any("90" in str(message) for _f, message in problems)


def _edit_data(competition, **changes):
    data = {
        "title": competition.title,
        "signature": competition.signature,
        "slug": competition.slug,
        "mode": competition.mode,
        "sphere": competition.sphere_id,
        "task_type": competition.task_type,
        "announcement": '{"blocks": [{"key": "a", "type": "unstyled", "text": "Ogłoszenie", "depth": 0, '
        '"inlineStyleRanges": [], "entityRanges": []}], "entityMap": {}}',
        "funds_allotted": str(competition.funds_allotted),
        "granting_rules": competition.granting_rules,
        "implementation_conditions": competition.implementation_conditions,
        "implementation_start": str(competition.implementation_start),
        "implementation_end": str(competition.implementation_end),
        "offer_deadline": timezone.localtime(competition.offer_deadline).strftime("%Y-%m-%d %H:%M"),
        "selection_procedure": competition.selection_procedure,
        "selection_criteria": competition.selection_criteria,
        "selection_date": str(competition.selection_date),
        "min_grant": str(competition.min_grant),
        "max_grant": str(competition.max_grant),
        "min_own_contribution": str(competition.min_own_contribution),
        "min_own_financial": str(competition.min_own_financial),
        "min_own_non_financial": str(competition.min_own_non_financial),
        "score_threshold": str(competition.score_threshold),
        **_inline("prior_funding"),
        **_inline("documents"),
        **_inline("formal_checklist"),
        **_inline("merit_criteria"),
    }
    attachments = list(competition.required_attachments.all())
    data.update(
        {
            "required_attachments-TOTAL_FORMS": str(len(attachments)),
            "required_attachments-INITIAL_FORMS": str(len(attachments)),
            "required_attachments-MIN_NUM_FORMS": "0",
            "required_attachments-MAX_NUM_FORMS": "1000",
        }
    )
    for index, item in enumerate(attachments):
        data.update(
            {
                f"required_attachments-{index}-id": str(item.pk),
                f"required_attachments-{index}-name": item.name,
                f"required_attachments-{index}-description": item.description,
                f"required_attachments-{index}-ORDER": str(index + 1),
            }
        )
    data.update(changes)
    return data


def test_the_rules_cannot_change_once_an_offer_exists(official_client, make_user):  # noqa: F811
    competition = open_competition(make_user(Role.OFFICIAL))
    url = reverse("competitions:edit", args=[competition.pk])
    # No offer yet: an announced competition's limit can still be corrected.
    official_client.post(url, _edit_data(competition, max_grant="40000"))
    competition.refresh_from_db()
    assert competition.max_grant == Decimal("40000")
    Offer.objects.create(
        competition=competition, organisation=ngo_member(make_user).memberships.get().organisation
    )
    response = official_client.post(
        url, _edit_data(competition, max_grant="30000", max_administrative_share="5")
    )
    page = response.content.decode()
    assert "nie mogą się już zmienić" in page
    competition.refresh_from_db()
    assert competition.max_grant == Decimal("40000") and competition.max_administrative_share is None
    # Other parts of the announcement (e.g. its description) still can.
    official_client.post(url, _edit_data(competition, selection_criteria="Jakość i koszty."))
    competition.refresh_from_db()
    assert competition.selection_criteria == "Jakość i koszty."
