import pytest
from django.urls import reverse

from loyalty.models import ExchangePost
from notifications.models import Notification

from .factories import managed_facility

pytestmark = pytest.mark.django_db


@pytest.fixture
def giver(make_user):
    manager = make_user()
    return manager, managed_facility(user=manager)


@pytest.fixture
def taker(make_user):
    manager = make_user()
    return manager, managed_facility(user=manager)


def test_a_post_is_answered_matched_and_closed(client, giver, taker):
    giver_manager, giver_facility = giver
    taker_manager, taker_facility = taker
    client.force_login(giver_manager)
    client.post(
        reverse("loyalty:exchange", args=[giver_facility.pk]),
        {"kind": "offer", "title": "Oddamy 20 krzeseł", "description": "Krzesła szkolne, odbiór własny."},
    )
    post = ExchangePost.objects.get()
    client.force_login(taker_manager)
    page = client.get(reverse("loyalty:exchange", args=[taker_facility.pk])).content.decode()
    assert "Oddamy 20 krzeseł" in page
    client.post(
        reverse("loyalty:exchange_post", args=[taker_facility.pk, post.pk]), {"message": "Chętnie weźmiemy."}
    )
    assert Notification.objects.filter(recipient=giver_manager, event="loyalty.exchange_reply").exists()
    client.force_login(giver_manager)
    client.post(
        reverse("loyalty:exchange_close", args=[giver_facility.pk, post.pk]),
        {"matched_with": taker_facility.pk},
    )
    post.refresh_from_db()
    assert not post.is_open and post.matched_with == taker_facility
    assert Notification.objects.filter(recipient=taker_manager, event="loyalty.exchange_matched").exists()
    client.force_login(taker_manager)
    response = client.post(
        reverse("loyalty:exchange_post", args=[taker_facility.pk, post.pk]), {"message": "Jeszcze raz?"}
    )
    assert "To ogłoszenie jest zamknięte" in response.content.decode()
    assert post.replies.count() == 1
    assert (
        "Żadna inna placówka nie ma teraz otwartego ogłoszenia."
        in client.get(reverse("loyalty:exchange", args=[taker_facility.pk])).content.decode()
    )


def test_a_facility_cannot_answer_its_own_post_or_match_a_stranger(client, giver, taker):
    giver_manager, giver_facility = giver
    _taker_manager, taker_facility = taker
    post = ExchangePost.objects.create(
        facility=giver_facility, kind="need", title="Potrzebny rzutnik", description="-"
    )
    client.force_login(giver_manager)
    response = client.post(
        reverse("loyalty:exchange_post", args=[giver_facility.pk, post.pk]), {"message": "Ja"}
    )
    assert "Nie możesz odpowiedzieć na ogłoszenie własnej placówki." in response.content.decode()
    response = client.post(
        reverse("loyalty:exchange_close", args=[giver_facility.pk, post.pk]),
        {"matched_with": taker_facility.pk},
        follow=True,
    )
    assert "Wybierz placówkę, która odpowiedziała na ogłoszenie." in response.content.decode()
    post.refresh_from_db()
    assert post.is_open


def test_an_empty_post_keeps_what_was_typed_and_says_what_is_missing(client, giver):
    manager, facility = giver
    client.force_login(manager)
    response = client.post(
        reverse("loyalty:exchange", args=[facility.pk]), {"kind": "offer", "title": "Gry planszowe"}
    )
    page = response.content.decode()
    assert "error-summary" in page and 'value="Gry planszowe"' in page
    assert not ExchangePost.objects.exists()


def test_only_managers_of_the_acting_facility_use_it(client, make_user, giver):
    _manager, facility = giver
    client.force_login(make_user())
    assert client.get(reverse("loyalty:exchange", args=[facility.pk])).status_code == 403
