import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from loyalty.choices import EvaluationState, FacilityState, Level
from loyalty.evaluation.forms import criterion_field, projects_field
from loyalty.evaluation.selectors import card_categories
from loyalty.evaluation.services import evaluation_save, evaluation_verify
from loyalty.models import Category, Criterion, Evaluation
from notifications.models import Notification
from organisations.choices import Role
from tests.second_factor_helpers import verified_login

from .factories import managed_facility, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(make_user):
    return make_user()


@pytest.fixture
def facility(manager):
    return managed_facility(user=manager)


def _answers(*, standard=11, premium=0, vip=0) -> dict[int, bool]:
    """Meets for the first ``n`` criteria of each level (the migration's card), the rest not."""
    wanted = {Level.STANDARD: standard, Level.PREMIUM: premium, Level.VIP: vip}
    answers = {}
    for level, n in wanted.items():
        for i, pk in enumerate(
            Criterion.objects.active().filter(level=level).order_by("pk").values_list("pk", flat=True)
        ):
            answers[pk] = i < n
    return answers


def _notes(answers) -> dict[int, str]:
    return {c.pk: "Projekt „Razem”" for c in Category.objects.all()}


def _post_data(answers, notes, **extra):
    data = {criterion_field(pk): "yes" if meets else "no" for pk, meets in answers.items()}
    data.update({projects_field(pk): text for pk, text in notes.items()})
    data.update(extra)
    return data


def test_the_card_has_the_seeds_fifteen_categories_and_41_criteria():
    sections = card_categories()
    assert [c.name for c, _criteria in sections][:3] == [
        "Zapis do programu lojalnościowego",
        "Zaangażowanie w politykę społeczną",
        "Baza monitorująca",
    ]
    assert len(sections) == 15
    counts = {level: Criterion.objects.filter(level=level).count() for level in Level}
    assert counts == {Level.STANDARD: 11, Level.PREMIUM: 15, Level.VIP: 15}


def test_a_new_facility_fills_its_first_card_and_gets_premium(client, manager, facility):
    client.force_login(manager)
    page = client.get(reverse("loyalty:facility", args=[facility.pk])).content.decode()
    assert "Wypełnij pierwszą kartę ewaluacji" in page
    answers = _answers(standard=11, premium=12)
    response = client.post(
        reverse("loyalty:card", args=[facility.pk]),
        _post_data(answers, _notes(answers), declare="1"),
        follow=True,
    )
    evaluation = Evaluation.objects.get(facility=facility)
    assert (evaluation.state, evaluation.status, evaluation.round) == (
        EvaluationState.DECLARED,
        Level.PREMIUM,
        None,
    )
    page = response.content.decode()
    assert "PREMIUM" in page
    assert "Do VIP brakuje Ci jeszcze 11 kryteriów tego poziomu." in page


def test_a_refused_declaration_keeps_every_answer(client, manager, facility):
    client.force_login(manager)
    answers = _answers(standard=11)
    first = next(iter(answers))
    del answers[first]  # one criterion left unanswered
    response = client.post(
        reverse("loyalty:card", args=[facility.pk]), _post_data(answers, _notes(answers), declare="1")
    )
    page = response.content.decode()
    assert "Odpowiedz na każde kryterium" in page
    assert "Wybierz: spełniam albo nie spełniam." in page
    evaluation = Evaluation.objects.get(facility=facility)
    assert evaluation.state == EvaluationState.DRAFT
    assert evaluation.answers.count() == len(answers)  # saved as a draft
    again = client.get(reverse("loyalty:card", args=[facility.pk])).content.decode()
    assert again.count(" checked") == len(answers)
    assert "Projekt „Razem”" in again


def test_met_criteria_need_the_projects_behind_them(client, manager, facility):
    client.force_login(manager)
    answers = _answers(standard=11)
    response = client.post(reverse("loyalty:card", args=[facility.pk]), _post_data(answers, {}, declare="1"))
    assert "Opisz projekty i działania" in response.content.decode()
    assert Evaluation.objects.get().state == EvaluationState.DRAFT


def test_a_pending_facility_cannot_fill_the_card(client, manager, facility):
    facility.state = FacilityState.PENDING
    facility.save()
    client.force_login(manager)
    assert client.get(reverse("loyalty:card", args=[facility.pk])).status_code == 403


def test_another_organisations_member_sees_nothing(client, make_user, facility):
    client.force_login(make_user(Role.NGO_MEMBER))
    assert client.get(reverse("loyalty:facility", args=[facility.pk])).status_code == 403
    assert client.get(reverse("loyalty:card", args=[facility.pk])).status_code == 403


def test_a_declared_entry_card_is_final_until_a_round_opens(client, manager, facility):
    answers = _answers(standard=11)
    evaluation_save(user=manager, facility=facility, answers=answers, notes=_notes(answers), declare=True)
    client.force_login(manager)
    page = client.get(reverse("loyalty:card", args=[facility.pk])).content.decode()
    assert "Karty nie można teraz wypełnić" in page
    open_round()
    page = client.get(reverse("loyalty:card", args=[facility.pk])).content.decode()
    assert "Zadeklaruj kartę" in page


def test_an_official_corrects_a_declaration_with_a_comment_the_facility_sees(
    client, manager, facility, make_user
):
    answers = _answers(standard=11, premium=12)
    evaluation = evaluation_save(
        user=manager, facility=facility, answers=answers, notes=_notes(answers), declare=True
    )
    official = make_user(Role.OFFICIAL)
    verified_login(client, official)
    premium = [
        pk for pk, meets in answers.items() if meets and Criterion.objects.get(pk=pk).level == Level.PREMIUM
    ]
    corrected = {**answers, premium[0]: False}
    url = reverse("loyalty:verify", args=[evaluation.pk])
    response = client.post(url, _post_data(corrected, {}))
    assert "Wyjaśnij poprawkę w komentarzu" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.DECLARED
    client.post(url, _post_data(corrected, {}, comment="Brak porozumienia ze szkołą."))
    evaluation.refresh_from_db()
    assert (evaluation.state, evaluation.declared_status, evaluation.status) == (
        EvaluationState.VERIFIED,
        Level.PREMIUM,
        Level.STANDARD,
    )
    assert Notification.objects.filter(recipient=manager, event="loyalty.evaluation_verified").exists()
    client.force_login(manager)
    page = client.get(reverse("loyalty:facility", args=[facility.pk])).content.decode()
    assert "Brak porozumienia ze szkołą." in page and "Uwagi urzędu" in page


def test_verification_without_changes_needs_no_comment(manager, facility, make_user):
    answers = _answers(standard=11)
    evaluation = evaluation_save(
        user=manager, facility=facility, answers=answers, notes=_notes(answers), declare=True
    )
    verified = evaluation_verify(user=make_user(Role.OFFICIAL), evaluation=evaluation, answers=answers)
    assert (verified.state, verified.status) == (EvaluationState.VERIFIED, Level.STANDARD)


def test_the_managers_cannot_verify(manager, facility):
    answers = _answers(standard=11)
    evaluation = evaluation_save(
        user=manager, facility=facility, answers=answers, notes=_notes(answers), declare=True
    )
    with pytest.raises(PermissionDenied):
        evaluation_verify(user=manager, evaluation=evaluation, answers=answers)
