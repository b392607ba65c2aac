"""The offer generator: drafts saved at every step, the competition's rules, submission, withdrawal."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from competitions import offer_services
from competitions.choices import OfferState
from competitions.models import Competition, Offer
from competitions.tests.offer_helpers import (
    attach_statute,
    fill_all_steps,
    ngo_member,
    open_competition,
    post_step,
    rows,
    step_data,
)
from organisations.choices import Role
from tests.second_factor_helpers import verified_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(make_user):
    return make_user(Role.OFFICIAL)


@pytest.fixture
def member(make_user):
    return ngo_member(make_user)


@pytest.fixture
def organisation(member):
    return member.memberships.get().organisation


@pytest.fixture
def competition(official):
    return open_competition(official)


@pytest.fixture
def offer(client, member, competition):
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    return Offer.objects.get()


def test_starting_an_offer_opens_the_first_step_with_the_profile_prefilled(
    client, member, competition, organisation
):
    client.force_login(member)
    response = client.post(reverse("offers:start", args=[competition.slug]))
    offer = Offer.objects.get()
    assert response["Location"] == reverse("offers:step", kwargs={"pk": offer.pk, "step": "basic"})
    page = client.get(reverse("offers:step", kwargs={"pk": offer.pk, "step": "offeror"})).content.decode()
    assert f'value="{organisation.nip}"' in page
    assert f'value="{member.email}"' in page
    # Starting again returns the same draft rather than a second one.
    client.post(reverse("offers:start", args=[competition.slug]))
    assert Offer.objects.count() == 1


def test_every_step_is_saved_with_the_time_and_resumes_after_the_session_ends(
    client, member, offer, organisation
):
    data = step_data(organisation)
    post_step(client, offer, "basic", data["basic"])
    post_step(client, offer, "offeror", data["offeror"])
    offer.refresh_from_db()
    assert offer.title == "Lato na Pradze 2027"
    assert offer.content["offeror"]["contact_name"] == "Alicja Nowak"
    assert offer.revision == 2

    client.logout()  # the session is gone; the draft is not
    client.force_login(member)
    listing = client.get(reverse("offers:list")).content.decode()
    assert "Lato na Pradze 2027" in listing
    page = client.get(reverse("offers:step", kwargs={"pk": offer.pk, "step": "offeror"})).content.decode()
    assert 'value="Alicja Nowak"' in page
    assert "Zapisano wersję roboczą" in page


def test_a_second_person_saving_a_stale_draft_is_refused_and_sees_the_other_changes(
    client, make_user, member, offer, organisation
):
    data = step_data(organisation)
    post_step(client, offer, "basic", data["basic"])
    offer.refresh_from_db()
    stale_revision = offer.revision
    post_step(client, offer, "basic", {**data["basic"], "basic-title": "Tytuł Alicji"})

    colleague = make_user(Role.NGO_MEMBER, organisation=organisation)
    client.force_login(colleague)
    response = post_step(
        client, offer, "basic", {**data["basic"], "basic-title": "Tytuł Olka"}, stale_revision
    )
    offer.refresh_from_db()
    assert offer.title == "Tytuł Alicji"
    page = client.get(response["Location"]).content.decode()
    assert "nie zostały zapisane" in page
    assert 'value="Tytuł Alicji"' in page


def test_task_dates_outside_the_allowed_period_are_refused_at_the_field(client, offer, organisation):
    data = step_data(organisation)
    response = post_step(client, offer, "task", {**data["task"], "task-start": "2027-06-01"})
    page = response.content.decode()
    assert "najwcześniej 01.07.2027" in page
    assert "Półkolonie dla 60 dzieci z Pragi." in page  # nothing typed is lost
    assert "task" not in Offer.objects.get(pk=offer.pk).content


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"unit_cost": "0"}, "Koszt jednostkowy musi być większy niż 0 zł"),
        ({"units": "-3"}, "Liczba jednostek musi być większa niż 0"),
        ({"unit_cost": "abc"}, "Wpisz liczbę"),
        ({"year": "2031"}, "Zadanie trwa w latach 2027"),
    ],
)
def test_each_wrong_value_in_the_cost_calculation_gets_a_message(client, offer, organisation, row, message):
    data = step_data(organisation)
    post_step(client, offer, "task", data["task"])
    cost = {
        "category": "activity",
        "name": "Materiały",
        "unit": "kpl.",
        "unit_cost": "10",
        "units": "5",
        "year": "2027",
    }
    response = post_step(client, offer, "costs", rows("costs", [{**cost, **row}]))
    page = response.content.decode()
    assert message in page
    assert 'value="Materiały"' in page


def test_financing_that_does_not_add_up_says_how_much_is_missing(client, offer, organisation):
    data = step_data(organisation)
    for step in ("task", "costs"):
        post_step(client, offer, step, data[step])
    response = post_step(client, offer, "financing", {**data["financing"], "financing-grant": "18800.00"})
    page = response.content.decode()
    assert "21 000,00 zł" in page and "22 000,00 zł" in page
    assert "Dodaj 1 000,00 zł" in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"financing-grant": "60000.00", "financing-own_financial": "-38800"}, "Upewnij się"),
        (
            {
                "financing-grant": "21000.00",
                "financing-own_financial": "0",
                "financing-own_personal": "1000.00",
            },
            "wymaga co najmniej 10,00%",
        ),
    ],
)
def test_grant_limits_and_own_contribution_are_checked(client, offer, organisation, changes, message):
    data = step_data(organisation)
    for step in ("task", "costs"):
        post_step(client, offer, step, data[step])
    response = post_step(client, offer, "financing", {**data["financing"], **changes})
    assert message in response.content.decode().replace("10.00%", "10,00%")


def test_a_grant_above_the_maximum_is_refused(client, official, member, organisation):
    competition = open_competition(official, max_grant=15000)
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    offer = Offer.objects.get(competition=competition)
    data = step_data(organisation)
    for step in ("task", "costs"):
        post_step(client, offer, step, data[step])
    response = post_step(client, offer, "financing", data["financing"])
    assert "Dotacja może wynieść najwyżej 15 000,00 zł" in response.content.decode()


def test_an_ineligible_legal_form_is_refused(client, official, member, organisation):
    competition = open_competition(official, eligible_legal_forms=["stowarzyszenie"])
    client.force_login(member)
    client.post(reverse("offers:start", args=[competition.slug]))
    offer = Offer.objects.get(competition=competition)
    response = post_step(client, offer, "offeror", step_data(organisation)["offeror"])
    assert "przyjmuje oferty tylko od" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("statut.exe", b"MZ", "nie jest jednym z nich"),
        ("statut.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024 + 1), "Plik jest za duży"),
    ],
)
def test_wrong_or_oversized_attachments_are_refused(client, offer, name, content, message):
    required = offer.competition.required_attachments.get()
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        reverse("offers:upload_attachment", args=[offer.pk]),
        {"required": required.pk, "file": upload},
        follow=True,
    )
    assert message in response.content.decode()
    assert not offer.attachments.exists()


def test_a_missing_attachment_stops_the_attachments_step(client, offer, organisation):
    response = post_step(client, offer, "attachments", {})
    assert "Dodaj wymagane załączniki: Statut organizacji" in response.content.decode()


def test_the_whole_offer_is_submitted_numbered_and_confirmed(client, member, offer, organisation, committed):
    with committed():
        response = fill_all_steps(client, offer, organisation)
    offer.refresh_from_db()
    assert response["Location"] == reverse("offers:detail", args=[offer.pk])
    assert offer.state == OfferState.SUBMITTED
    assert offer.number == f"{offer.competition.signature}/001"
    assert len(offer.checksum) == 64
    assert offer.pdf.name.endswith(".pdf")
    assert offer.total_cost == 22000 and offer.requested_grant == 19800
    confirmation = mail.outbox[-1]
    assert offer.number in confirmation.subject
    assert offer_services.display_checksum(offer.checksum) in confirmation.body
    # The frozen offer cannot be edited any more.
    page = client.get(reverse("offers:step", kwargs={"pk": offer.pk, "step": "basic"}))
    assert page["Location"] == reverse("offers:detail", args=[offer.pk])


def test_the_submitted_pdf_carries_title_totals_and_checksum(client, member, offer, organisation, committed):
    from pypdf import PdfReader

    with committed():
        fill_all_steps(client, offer, organisation)
    offer.refresh_from_db()
    response = client.get(reverse("offers:pdf", args=[offer.pk]))
    body = b"".join(response.streaming_content)
    import io

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    assert "Lato na Pradze 2027" in text
    assert "22 000,00" in text
    assert offer_services.display_checksum(offer.checksum) in text


def test_submitting_with_a_step_never_saved_names_it_and_keeps_the_draft(client, offer, organisation):
    data = step_data(organisation)
    for step in data:
        if step == "attachments":
            attach_statute(client, offer)
        if step not in ("characteristics", "summary"):
            post_step(client, offer, step, data[step])
    response = post_step(client, offer, "summary", data["summary"])
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT and not offer.number
    assert response["Location"] == reverse("offers:step", kwargs={"pk": offer.pk, "step": "summary"})
    page = client.get(response["Location"]).content.decode()
    assert "Oferta nie jest kompletna" in page
    assert "Charakterystyka oferenta" in page


def test_a_submission_of_a_draft_changed_since_it_was_reviewed_is_refused(
    client, member, offer, organisation
):
    fill_all_steps(client, offer, organisation, upto="statements")
    attach_statute(client, offer)
    offer.refresh_from_db()
    reviewed = offer.revision
    post_step(client, offer, "basic", step_data(organisation)["basic"])  # a colleague saves meanwhile
    with pytest.raises(offer_services.OfferChangedMeanwhile):
        offer_services.offer_submit(user=member, offer=offer, revision=reviewed)
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT and not offer.number


def test_submitting_a_summary_opened_before_a_colleagues_save_is_refused_with_the_reason(
    client, member, offer, organisation
):
    fill_all_steps(client, offer, organisation, upto="statements")
    attach_statute(client, offer)
    offer.refresh_from_db()
    reviewed = offer.revision
    post_step(client, offer, "basic", step_data(organisation)["basic"])  # a colleague saves meanwhile
    response = post_step(client, offer, "summary", {"summary-confirm": "on"}, revision=reviewed)
    assert response["Location"] == reverse("offers:step", kwargs={"pk": offer.pk, "step": "summary"})
    page = client.get(response["Location"]).content.decode()
    assert re.search("nie została złożona|so it was not submitted", page)
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT and not offer.number


def test_a_submission_one_second_late_is_refused_and_the_draft_stays(client, member, offer, organisation):
    fill_all_steps(client, offer, organisation, upto="statements")
    attach_statute(client, offer)
    offer.refresh_from_db()
    before = offer.content
    late = offer.competition.offer_deadline + timedelta(seconds=1)
    with pytest.raises(Exception) as refused:
        offer_services.offer_submit(user=member, offer=offer, now=late)
    assert "termin składania ofert minął" in " ".join(refused.value.messages).lower()
    offer.refresh_from_db()
    assert offer.state == OfferState.DRAFT and offer.content == before and not offer.number


def test_a_submission_in_the_last_second_is_accepted(client, member, offer, organisation):
    fill_all_steps(client, offer, organisation, upto="statements")
    attach_statute(client, offer)
    offer_services.offer_submit(user=member, offer=offer, now=offer.competition.offer_deadline)
    assert Offer.objects.get(pk=offer.pk).state == OfferState.SUBMITTED


@pytest.mark.parametrize(
    ("deadline", "utc_offset"),
    [
        # Clocks go forward on 28 March 2027 at 02:00; this deadline is in summer time.
        ((2027, 3, 28, 3, 30), 2),
        # Clocks go back on 31 October 2027 at 03:00; this deadline is in winter time again.
        ((2027, 10, 31, 3, 30), 1),
    ],
)
def test_the_deadline_is_judged_in_warsaw_time_across_the_daylight_saving_change(
    client, member, offer, organisation, deadline, utc_offset
):
    from zoneinfo import ZoneInfo

    from django.core.exceptions import ValidationError

    warsaw_deadline = timezone.datetime(*deadline, tzinfo=ZoneInfo("Europe/Warsaw"))
    fill_all_steps(client, offer, organisation, upto="statements")
    attach_statute(client, offer)
    Competition.objects.filter(pk=offer.competition_id).update(
        offer_deadline=warsaw_deadline, implementation_start="2027-07-01"
    )
    assert warsaw_deadline.utcoffset() == timedelta(hours=utc_offset)
    with pytest.raises(ValidationError) as late:
        offer_services.offer_submit(user=member, offer=offer, now=warsaw_deadline + timedelta(seconds=1))
    assert f"{deadline[2]:02d}.{deadline[1]:02d}.{deadline[0]} 03:30:00" in late.value.messages[0]
    offer_services.offer_submit(user=member, offer=offer, now=warsaw_deadline - timedelta(seconds=1))
    assert Offer.objects.get(pk=offer.pk).state == OfferState.SUBMITTED


def test_the_checksum_is_stable_and_changes_with_the_content(member, offer, organisation, client):
    fill_all_steps(client, offer, organisation, upto="statements")
    offer.refresh_from_db()
    first = offer_services.offer_checksum(offer)
    assert offer_services.offer_checksum(Offer.objects.get(pk=offer.pk)) == first
    offer.content["basic"]["title"] = "Inny tytuł"
    assert offer_services.offer_checksum(offer) != first


def test_withdraw_and_correct_gives_a_new_version_with_a_new_checksum(
    client, member, offer, organisation, committed
):
    with committed():
        fill_all_steps(client, offer, organisation)
    offer.refresh_from_db()
    response = client.post(reverse("offers:withdraw", args=[offer.pk]), {"correct": "1"})
    correction = Offer.objects.exclude(pk=offer.pk).get()
    assert response["Location"] == reverse("offers:step", kwargs={"pk": correction.pk, "step": "basic"})
    assert Offer.objects.get(pk=offer.pk).state == OfferState.WITHDRAWN
    data = step_data(organisation)
    post_step(
        client, correction, "basic", {**data["basic"], "basic-title": "Lato na Pradze 2027 – poprawiona"}
    )
    with committed():
        post_step(client, correction, "summary", data["summary"])
    correction.refresh_from_db()
    assert correction.state == OfferState.SUBMITTED
    assert correction.number == offer.number and correction.version == 2
    assert correction.checksum != offer.checksum
    assert correction.display_number.endswith("(v2)")


def test_withdrawing_after_the_deadline_is_refused(client, member, offer, organisation, committed):
    with committed():
        fill_all_steps(client, offer, organisation)
    Competition.objects.filter(pk=offer.competition_id).update(
        offer_deadline=timezone.now() - timedelta(seconds=1)
    )
    response = client.post(reverse("offers:withdraw", args=[offer.pk]), follow=True)
    assert "nie można już wycofać" in response.content.decode()
    assert Offer.objects.get(pk=offer.pk).state == OfferState.SUBMITTED


def test_a_draft_prints_as_a_pdf_marked_draft(client, offer, organisation):
    post_step(client, offer, "basic", step_data(organisation)["basic"])
    response = client.get(reverse("offers:pdf", args=[offer.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_other_organisations_cannot_open_or_download_an_offer(client, make_user, offer):
    outsider = make_user(Role.NGO_MEMBER)
    client.force_login(outsider)
    assert client.get(reverse("offers:step", kwargs={"pk": offer.pk, "step": "basic"})).status_code == 403
    assert client.get(reverse("offers:pdf", args=[offer.pk])).status_code == 403
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 403


def test_officials_may_read_but_not_write_an_offer(client, make_user, offer):
    verified_login(client, make_user(Role.OFFICIAL))
    assert client.get(reverse("offers:detail", args=[offer.pk])).status_code == 200
    assert client.get(reverse("offers:step", kwargs={"pk": offer.pk, "step": "basic"})).status_code == 403


def test_a_closed_competition_does_not_start_offers(client, member, competition):
    Competition.objects.filter(pk=competition.pk).update(offer_deadline=timezone.now() - timedelta(seconds=1))
    client.force_login(member)
    response = client.post(reverse("offers:start", args=[competition.slug]), follow=True)
    assert not Offer.objects.exists()
    assert re.search("nie przyjmuje ofert|not accepting offers", response.content.decode())


def test_a_broker_outage_does_not_undo_a_submission(
    client, member, offer, organisation, committed, monkeypatch
):
    from competitions import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(tasks.render_submitted_offer, "delay", broker_down)
    with committed():
        fill_all_steps(client, offer, organisation)
    offer.refresh_from_db()
    assert offer.state == OfferState.SUBMITTED and not offer.pdf
    monkeypatch.undo()
    assert tasks.render_missing_offer_pdfs.delay().get() == 0  # it may still be in a queue
    Offer.objects.filter(pk=offer.pk).update(submitted_at=timezone.now() - timedelta(minutes=11))
    sent = len(mail.outbox)
    assert tasks.render_missing_offer_pdfs.delay().get() == 1
    assert len(mail.outbox) == sent + 1
    assert tasks.render_submitted_offer.delay(offer.pk).get() is None
    assert len(mail.outbox) == sent + 1  # a duplicate task sends no second confirmation
    offer.refresh_from_db()
    assert offer.pdf
