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
