"""Demo offers for the closed demo competition, written through the generator's own forms and services.

Officials who open the demo find offers waiting for the formal check and one ready for the
committee, exactly as real offers would be: every step validated by its form, saved with
``offer_save_step``, the statute attached and the offer submitted with ``offer_submit``.
"""

from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict

from . import offer_services
from .offer_forms import STEPS

# (title, hours of activities, unit cost, grant) per offer; each within the demo competition's rules.
DEMO_OFFERS = [
    ("Cyfrowi seniorzy z Pragi", 300, "60.00", "18000.00"),
    ("Taniec i pamięć: zajęcia ruchowe dla seniorów", 200, "80.00", "15000.00"),
    ("Senioralna kawiarenka obywatelska", 250, "70.00", "16000.00"),
    ("Spacery historyczne po Bemowie", 150, "90.00", "12000.00"),
]


def _rows(prefix: str, items: list[dict]) -> dict:
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(items)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "1",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, item in enumerate(items):
        data.update({f"{prefix}-{index}-{key}": value for key, value in item.items()})
    return data


def _step_posts(competition, organisation, user, title, hours, unit_cost, grant) -> dict:
    start, end = competition.implementation_start, competition.implementation_end
    year = str(start.year)
    activity = Decimal(hours) * Decimal(unit_cost)
    administrative = Decimal("1000.00")
    total = activity + administrative
    own_financial = total - Decimal(grant)
    return {
        "basic": {"basic-organ": "Prezydent m.st. Warszawy", "basic-title": title},
        "offeror": {
            "offeror-name": organisation.name,
            "offeror-legal_form": organisation.legal_form,
            "offeror-krs": organisation.krs,
            "offeror-nip": organisation.nip,
            "offeror-address": (
                f"{organisation.street_address}, {organisation.postal_code} {organisation.city}"
            ),
            "offeror-district": organisation.district,
            "offeror-email": organisation.email or user.email,
            "offeror-phone": organisation.phone or "22 100 20 30",
            "offeror-bank_account": "61109010140000071219812874",
            "offeror-contact_name": user.get_full_name() or user.email,
            "offeror-contact_email": user.email,
            # Asked where joint offers are allowed (ignored elsewhere): the demo offers are single.
            "offeror-joint": "no",
        },
        "task": {
            "task-place": "Warszawa",
            "task-start": start.isoformat(),
            "task-end": end.isoformat(),
            "task-description": f"{title}: cotygodniowe spotkania i warsztaty dla seniorów z dzielnicy.",
            "task-target_group": "Osoby w wieku 60+ mieszkające w Warszawie.",
            "task-expected_results": "Seniorzy regularnie uczestniczą w zajęciach i nawiązują nowe kontakty.",
        },
        "schedule": _rows(
            "schedule",
            [
                {
                    "name": "Zajęcia w grupach",
                    "description": "Spotkania raz w tygodniu",
                    "group": "seniorzy",
                    "start": start.isoformat(),
                    "end": end.isoformat(),
                }
            ],
        ),
        "results": _rows(
            "results",
            [{"result": "Uczestnicy zajęć", "planned_level": "40 osób", "measured_by": "listy obecności"}],
        ),
        "characteristics": {
            "characteristics-experience": "Od lat prowadzimy zajęcia dla seniorów w naszej dzielnicy.",
            "characteristics-resources": "Sala, dwóch animatorów, wolontariusze.",
        },
        "costs": _rows(
            "costs",
            [
                {
                    "category": "activity",
                    "name": "Prowadzenie zajęć",
                    "unit": "godz.",
                    "unit_cost": unit_cost,
                    "units": str(hours),
                    "year": year,
                },
                {
                    "category": "administrative",
                    "name": "Koordynacja",
                    "unit": "ryczałt",
                    "unit_cost": str(administrative),
                    "units": "1",
                    "year": year,
                },
            ],
        ),
        "financing": {
            "financing-grant": grant,
            "financing-own_financial": str(own_financial),
            "financing-own_personal": "0",
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
    }


def submit_demo_offer(*, user, competition, organisation, title, hours, unit_cost, grant):
    """Write and submit one offer as its member would; raises if any step or rule refuses it."""
    offer = offer_services.offer_start(user=user, competition=competition, organisation=organisation)
    posts = _step_posts(competition, organisation, user, title, hours, unit_cost, grant)
    forms = {name: form for name, form, _heading in STEPS}
    for step, post in posts.items():
        data = QueryDict(mutable=True)
        for key, value in post.items():
            data[key] = value
        form = forms[step](
            data=data, prefix=step, competition=competition, organisation=organisation, previous=offer.content
        )
        if not form.is_valid():
            raise ValueError(f"demo offer step {step}: {form.errors}")
        cleaned = (
            [row for row in form.cleaned_data if row and not row.get("DELETE")]
            if hasattr(form, "management_form")
            else form.cleaned_data
        )
        offer = offer_services.offer_save_step(
            user=user,
            offer=offer,
            step=step,
            cleaned=cleaned,
            raw={key: [value] for key, value in post.items()},
            revision=offer.revision,
        )
    for required in competition.required_attachments.all():
        upload = SimpleUploadedFile("statut.pdf", b"%PDF-1.4\n% statut organizacji\n", "application/pdf")
        offer_services.offer_attachment_add(user=user, offer=offer, required=required, upload=upload)
    return offer_services.offer_submit(user=user, offer=offer)
