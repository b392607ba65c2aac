import pytest
from django.urls import reverse

from loyalty.models import Criterion
from organisations.choices import Role
from tests.second_factor_helpers import verified_login

pytestmark = pytest.mark.django_db


def test_officials_edit_the_criteria_in_the_admin(client, make_user):
    verified_login(client, make_user(Role.OFFICIAL))
    criterion = Criterion.objects.filter(level="vip").first()
    listing = client.get(reverse("loyalty_criteria:index"))
    assert listing.status_code == 200
    edit_url = reverse("loyalty_criteria:edit", args=[criterion.pk])
    response = client.post(
        edit_url,
        {
            "category": criterion.category_id,
            "level": "vip",
            "text": "Placówka prowadzi projekt z partnerem biznesowym.",
            "order": 1,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    criterion.refresh_from_db()
    assert criterion.text == "Placówka prowadzi projekt z partnerem biznesowym."
    for name in ("loyalty_categories", "loyalty_status_rules", "loyalty_rounds", "loyalty_facilities"):
        assert client.get(reverse(f"{name}:index")).status_code == 200


def test_editors_do_not_see_the_programme(client, make_user):
    verified_login(client, make_user(Role.EDITOR))
    assert client.get(reverse("loyalty_criteria:index")).status_code in (302, 403)
    assert client.get(reverse("loyalty:approvals")).status_code == 403


def test_officials_add_a_reward_and_export_who_claimed_what(client, make_user):
    from loyalty.choices import Level
    from loyalty.models import Reward
    from loyalty.rewards.services import reward_claim

    from .factories import managed_facility, reward, with_status

    verified_login(client, make_user(Role.OFFICIAL))
    response = client.post(
        reverse("loyalty_rewards:add"),
        {
            "name": "Warsztaty teatralne",
            "description": "",
            "category": "attractions",
            "min_status": "premium",
            "pool": "3",
            "claim_opens_at": "2026-09-01 08:00",
            "claim_closes_at": "2026-09-30 16:00",
            "monthly_limit": "1",
            "collection": "Zapisy telefoniczne",
        },
    )
    assert response.status_code == 302
    assert Reward.objects.get(name="Warsztaty teatralne").pool == 3
    manager = make_user()
    facility = managed_facility(user=manager)
    with_status(facility, Level.STANDARD, manager)
    reward_claim(user=manager, facility=facility, reward=reward(name="Bilety do kina"))
    export = client.get(reverse("loyalty_claims:index") + "?export=csv")
    body = b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    assert "Bilety do kina" in body and facility.name in body


def test_the_english_site_speaks_english(client, make_user):
    client.force_login(make_user(Role.NGO_MEMBER))
    page = client.get("/en/konto/program/").content.decode()
    assert "You do not manage any facility in the programme yet." in page


def test_officials_publish_the_rewarded_activities_anyone_reads(client, make_user):
    from loyalty.models import Category

    assert (
        "Urząd nie opublikował jeszcze listy premiowanych działań."
        in client.get(reverse("loyalty:rewarded_activities")).content.decode()
    )
    verified_login(client, make_user(Role.OFFICIAL))
    category = Category.objects.get(name="Lokalne partnerstwa")
    response = client.post(
        reverse("loyalty_activities:add"),
        {
            "name": "Partnerstwo z biblioteką dzielnicową",
            "description": "",
            "category": category.pk,
            "order": 1,
        },
    )
    assert response.status_code == 302
    client.logout()
    page = client.get(reverse("loyalty:rewarded_activities")).content.decode()
    assert "Partnerstwo z biblioteką dzielnicową" in page and "Lokalne partnerstwa" in page
