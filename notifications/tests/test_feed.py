"""The notification feed: one's own notifications, unread first, marked read one by one or all at once."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from notifications.models import Notification
from notifications.services import notify
from organisations.choices import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def alice(make_user):
    return make_user(Role.NGO_MEMBER, email="alicja@example.org")


@pytest.fixture
def bob(make_user):
    return make_user(Role.NGO_MEMBER, email="bolek@example.org")


def test_notify_writes_the_feed_now_and_e_mails_after_commit(alice, bob, committed):
    with committed():
        created = notify(recipients=[alice, alice, bob], event="test", title="Przyznano dotację", url="/x/")
        assert len(created) == 2  # each person once
        assert mail.outbox == []  # nothing leaves before the commit
    assert sorted(m.to[0] for m in mail.outbox) == ["alicja@example.org", "bolek@example.org"]
    assert "Przyznano dotację" in mail.outbox[0].subject
    assert Notification.objects.filter(emailed_at__isnull=False).count() == 2


def test_the_list_shows_only_ones_own_unread_first_and_the_count_in_the_header(client, alice, bob):
    old = notify(recipients=[alice], event="test", title="Starsze powiadomienie")[0]
    notify(recipients=[alice], event="test", title="Nowsze powiadomienie")
    notify(recipients=[bob], event="test", title="Cudze powiadomienie")
    Notification.objects.filter(pk=old.pk).update(read_at=old.created_at)
    notify(recipients=[alice], event="test", title="Najnowsze, przeczytane")
    Notification.objects.filter(title="Najnowsze, przeczytane").update(read_at=old.created_at)

    client.force_login(alice)
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Cudze powiadomienie" not in page
    assert page.index("Nowsze powiadomienie") < page.index("Najnowsze, przeczytane")
    assert re.search(r'class="badge"[^>]*>1<', page)  # the header's unread count
    newest = client.get(reverse("notifications:list"), {"order": "newest"}).content.decode()
    assert newest.index("Najnowsze, przeczytane") < newest.index("Nowsze powiadomienie")


def test_the_list_is_paginated(client, alice):
    for n in range(25):
        notify(recipients=[alice], event="test", title=f"Powiadomienie {n:02d}", email=False)
    client.force_login(alice)
    first = client.get(reverse("notifications:list")).content.decode()
    second = client.get(reverse("notifications:list"), {"page": 2}).content.decode()
    assert "Powiadomienie 24" in first and "Powiadomienie 00" not in first
    assert "Powiadomienie 00" in second


def test_marking_one_read_and_opening_it(client, alice, bob):
    mine = notify(recipients=[alice], event="test", title="Do przeczytania", url="/konto/oferty/")[0]
    theirs = notify(recipients=[bob], event="test", title="Nie moje")[0]
    client.force_login(alice)
    response = client.post(reverse("notifications:read", args=[mine.pk]), {"open": "1"})
    assert response["Location"] == "/konto/oferty/"
    assert Notification.objects.get(pk=mine.pk).read_at is not None
    # Someone else's notification is not found, and stays unread.
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    # Reading is a POST only.
    assert client.get(reverse("notifications:read", args=[mine.pk])).status_code == 405


def test_an_outside_next_address_is_ignored(client, alice):
    note = notify(recipients=[alice], event="test", title="x", url="https://evil.example/")[0]
    client.force_login(alice)
    response = client.post(reverse("notifications:read", args=[note.pk]), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("notifications:list")
    response = client.post(reverse("notifications:read", args=[note.pk]), {"open": "1"})
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read_touches_only_ones_own(client, alice, bob):
    notify(recipients=[alice, bob], event="test", title="Dla obojga")
    notify(recipients=[alice], event="test", title="Dla Alicji")
    client.force_login(alice)
    response = client.post(reverse("notifications:read_all"), follow=True)
    assert Notification.objects.filter(recipient=alice).unread().count() == 0
    assert Notification.objects.filter(recipient=bob).unread().count() == 1
    assert re.search("przeczytane|marked as read", response.content.decode())
    assert 'class="badge"' not in response.content.decode()


def test_anonymous_people_are_sent_to_sign_in(client, alice):
    note = notify(recipients=[alice], event="test", title="x")[0]
    for response in (
        client.get(reverse("notifications:list")),
        client.post(reverse("notifications:read", args=[note.pk])),
        client.post(reverse("notifications:read_all")),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    assert Notification.objects.get(pk=note.pk).read_at is None


@pytest.mark.parametrize(
    "next_value", ["-Infinity", "%s%s%n", "notifications:list", "javascript:alert(1)", "//evil"]
)
def test_a_next_address_that_is_no_path_of_ours_goes_back_to_the_feed(client, alice, next_value):
    # A bare word reached Django's redirect() as a view name and answered 500.
    notify(recipients=[alice], event="test", title="x")
    client.force_login(alice)
    response = client.post(reverse("notifications:read_all"), {"next": next_value})
    assert response.status_code == 302
    assert response["Location"] == reverse("notifications:list")
    kept = client.post(reverse("notifications:read_all"), {"next": "/konkursy/?strona=2"})
    assert kept["Location"] == "/konkursy/?strona=2"
