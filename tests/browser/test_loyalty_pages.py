"""A facility fills its card, reaches PREMIUM, hears of a new reward, claims it, and the next
facility finds the pool empty; axe-core finds no serious violation on the loyalty pages."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD
from loyalty.choices import Level
from loyalty.models import Category, Criterion
from loyalty.rewards.services import reward_announce_due
from loyalty.tests.factories import managed_facility, reward, with_status
from tests.browser.conftest import serious_violations

pytestmark = pytest.mark.browser


def violations(page):
    return serious_violations(page)


def sign_in(page, email):
    page.context.clear_cookies()
    page.goto("/konto/logowanie/")
    page.locator("#id_username").fill(email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    expect(page).to_have_url(re.compile(r"/konto/$"))


def test_card_premium_reward_claim_and_an_empty_pool(page, transactional_db, make_user):
    manager = make_user(email="kierownik@example.org")
    facility = managed_facility(user=manager)
    late_manager = make_user(email="spozniony@example.org")
    late = managed_facility(user=late_manager)
    with_status(late, Level.VIP, late_manager)
    problems = {}

    sign_in(page, manager.email)
    page.goto("/konto/program/")
    problems["list"] = violations(page)
    page.goto(f"/konto/program/{facility.pk}/karta/")
    page.get_by_role("button", name="Zadeklaruj kartę").click()
    expect(page.get_by_role("alert")).to_be_visible()  # the error summary, nothing answered
    problems["card with errors"] = violations(page)
    wanted = {Level.STANDARD: 11, Level.PREMIUM: 12, Level.VIP: 0}
    for level, count in wanted.items():
        pks = Criterion.objects.filter(level=level).order_by("pk").values_list("pk", flat=True)
        for i, pk in enumerate(pks):
            page.locator(f"#id_criterion_{pk}_{0 if i < count else 1}").check()
    for category in Category.objects.all():
        page.locator(f"#id_projects_{category.pk}").fill("Projekt „Razem w dzielnicy”")
    page.get_by_role("button", name="Zadeklaruj kartę").click()
    expect(page.locator("#status-title")).to_contain_text("PREMIUM")
    problems["facility"] = violations(page)

    prize = reward(name="Warsztaty robotyki", min_status=Level.PREMIUM, pool=1)
    reward_announce_due()
    page.goto("/konto/powiadomienia/")
    expect(page.get_by_text("Nowa nagroda dla placówki")).to_be_visible()
    page.goto(f"/konto/program/{facility.pk}/nagrody/")
    problems["rewards"] = violations(page)
    page.get_by_role("button", name=f"Odbierz: {prize.name}").click()
    expect(page.get_by_text("Nagroda zarezerwowana: Warsztaty robotyki")).to_be_visible()

    sign_in(page, late_manager.email)
    page.goto(f"/konto/program/{late.pk}/nagrody/")
    expect(page.get_by_text("Cała pula tej nagrody została już odebrana.")).to_be_visible()
    expect(page.get_by_role("button", name=f"Odbierz: {prize.name}")).to_have_count(0)
    page.goto("/konto/program/zapisz/")
    problems["register"] = violations(page)
    page.goto(f"/konto/program/{late.pk}/wymiana/")
    page.get_by_role("button", name="Opublikuj ogłoszenie").click()
    expect(page.get_by_role("alert")).to_be_visible()
    problems["exchange with errors"] = violations(page)
    assert {name: found for name, found in problems.items() if found} == {}
