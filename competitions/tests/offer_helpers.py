"""Filling in the offer generator from tests: one valid POST per step."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from competitions import services
from competitions.models import RequiredAttachment
from competitions.tests.factories import CompetitionFactory
from organisations.choices import Role

PREFIX = "offer_wizard"


def open_competition(official, **fields):
    competition = CompetitionFactory(**fields)
    RequiredAttachment.objects.create(competition=competition, name="Statut organizacji", sort_order=0)
    return services.competition_announce(user=official, competition=competition)


def rows(prefix, items):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "1",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        data.update({f"{prefix}-{index}-{key}": value for key, value in item.items()})
    return data


def step_data(organisation, **changes) -> dict:
    """A valid POST for every step, keyed by step name; ``changes`` replace whole steps."""
    data = {
        "basic": {"basic-organ": "Prezydent m.st. Warszawy", "basic-title": "Lato na Pradze 2027"},
        "offeror": {
            "offeror-name": organisation.name,
            "offeror-legal_form": organisation.legal_form,
            "offeror-krs": organisation.krs,
            "offeror-nip": organisation.nip,
            "offeror-address": "ul. Ząbkowska 12, 03-736 Warszawa",
            "offeror-district": "praga-polnoc",
            "offeror-email": "biuro@example.org",
            "offeror-phone": "22 123 45 67",
            "offeror-bank_account": "61109010140000071219812874",
            "offeror-contact_name": "Alicja Nowak",
            "offeror-contact_email": "alicja@example.org",
        },
        "task": {
            "task-place": "Praga-Północ, Warszawa",
            "task-start": "2027-07-01",
            "task-end": "2027-08-31",
            "task-description": "Półkolonie dla 60 dzieci z Pragi.",
            "task-target_group": "Dzieci w wieku 7–12 lat.",
            "task-expected_results": "Dzieci spędzą aktywnie wakacje.",
        },
        "schedule": rows(
            "schedule",
            [
                {
                    "name": "Półkolonie",
                    "description": "Dwa turnusy",
                    "group": "dzieci",
                    "start": "2027-07-01",
                    "end": "2027-08-31",
                }
            ],
        ),
        "results": rows(
            "results",
            [{"result": "Uczestnicy", "planned_level": "60 dzieci", "measured_by": "listy obecności"}],
        ),
        "characteristics": {
            "characteristics-experience": "Od 2015 r. prowadzimy półkolonie.",
            "characteristics-resources": "Świetlica, 4 wychowawców.",
        },
        "costs": rows(
            "costs",
            [
                {
                    "category": "activity",
                    "name": "Wynagrodzenie wychowawców",
                    "unit": "godz.",
                    "unit_cost": "50.00",
                    "units": "400",
                    "year": "2027",
                },
                {
                    "category": "administrative",
                    "name": "Koordynacja",
                    "unit": "mies.",
                    "unit_cost": "1000.00",
                    "units": "2",
                    "year": "2027",
                },
            ],
        ),
        "financing": {
            "financing-grant": "19800.00",
            "financing-own_financial": "1000.00",
            "financing-own_personal": "1200.00",
            "financing-own_in_kind": "0",
            "financing-participant_fees": "0",
            "financing-other_public": "0",
        },
        "other": {"other-other": ""},
        "statements": {
            "statements-non_profit": "on",
            "statements-no_fees_for_profit": "on",
            "statements-no_arrears": "on",
            "statements-data_true": "on",
            "statements-gdpr": "on",
        },
        "attachments": {},
        "summary": {"summary-confirm": "on"},
    }
    data.update(changes)
    return data


def post_step(client, offer, step, data, revision=None):
    offer.refresh_from_db()
    payload = {
        f"{PREFIX}-current_step": step,
        "revision": str(offer.revision if revision is None else revision),
    }
    payload.update(data)
    return client.post(reverse("offers:step", kwargs={"pk": offer.pk, "step": step}), payload)


def attach_statute(client, offer):
    required = offer.competition.required_attachments.get()
    upload = SimpleUploadedFile("statut.pdf", b"%PDF-1.4 statut", content_type="application/pdf")
    return client.post(
        reverse("offers:upload_attachment", args=[offer.pk]), {"required": required.pk, "file": upload}
    )


def fill_all_steps(client, offer, organisation, upto="summary"):
    """Post every step in order up to ``upto`` (inclusive); returns the last response."""
    data = step_data(organisation)
    response = None
    for step in data:
        if step == "attachments":
            attach_statute(client, offer)
        response = post_step(client, offer, step, data[step])
        if step == upto:
            break
    return response


def ngo_member(make_user):
    return make_user(Role.NGO_MEMBER, is_admin=True)
