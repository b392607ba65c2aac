"""The steps of the offer generator, following annex 1 to the regulation of 24 October 2018.

Each step is a form or a formset; what it checks against the competition's rules
comes from ``competitions.budget`` so the browser, the server and the PDF agree.
"""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organisations.choices import District, LegalForm
from portal.validators import BankAccountField, KrsField, NipField, PhoneField, validate_email

from . import budget
from .parsing import (
    MONEY_MAX,
    ROW_TOTAL_TOO_LARGE,
    TOTAL_TOO_LARGE,
    UNITS_MAX,
    UNITS_TOO_LARGE,
    BoundedDecimalField,
    grouped,
    money_field,
)

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class EmailAddressField(forms.EmailField):
    """An e-mail address checked by the portal's one e-mail validator (and its message)."""

    default_validators = [validate_email]


class OfferStepForm(forms.Form):
    """A step that knows its offer's competition (and organisation) for rule checks."""

    def __init__(self, *args, competition=None, organisation=None, previous=None, **kwargs):
        self.competition = competition
        self.organisation = organisation
        self.previous = previous or {}
        super().__init__(*args, **kwargs)


class BasicInformationForm(OfferStepForm):
    """I. Basic information: the organ and the type of task come from the competition."""

    organ = forms.CharField(
        label=_("Public administration body to which the offer is addressed"), max_length=200
    )
    title = forms.CharField(label=_("Title of the public task"), max_length=300)


class OfferorForm(OfferStepForm):
    """II. The offeror, pre-filled from the organisation's profile, and the contact person."""

    name = forms.CharField(label=_("Name of the offeror"), max_length=255)
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=LegalForm.choices)
    # One validator per kind of identifier (portal.validators), as in the organisation's profile.
    krs = KrsField(label=_("KRS number"), max_length=10, required=False)
    nip = NipField(label="NIP", max_length=10)
    address = forms.CharField(label=_("Address of the seat"), max_length=300)
    district = forms.ChoiceField(label=_("District"), choices=District.choices)
    email = EmailAddressField(label=_("E-mail address of the offeror"))
    phone = PhoneField(label=_("Phone"), max_length=30, required=False)
    bank_account = BankAccountField(
        label=_("Bank account number"), max_length=26, required=False, help_text=_("26 digits (NRB).")
    )
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    contact_email = EmailAddressField(label=_("Contact person's e-mail"))
    contact_phone = PhoneField(label=_("Contact person's phone"), max_length=30, required=False)
    update_profile = forms.BooleanField(
        label=_("Also update the organisation's profile with these data"), required=False
    )
    # Asked once, here, and only where the competition accepts joint offers (art. 14 sec. 2):
    # it decides whether V.C asks for partners at all.
    joint = forms.TypedChoiceField(
        label=_("Who submits this offer?"),
        choices=[("no", _("Our organisation alone")), ("yes", _("Jointly with partner organisations"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.competition and self.competition.joint_offers_allowed):
            del self.fields["joint"]

    def clean_legal_form(self):
        legal_form = self.cleaned_data["legal_form"]
        message = budget.legal_form_problem(self.competition, legal_form)
        if message:
            raise ValidationError(message, code="legal_form_not_eligible")
        return legal_form


class TaskDescriptionForm(OfferStepForm):
    """III. The task: place, dates inside the allowed period, and the synthetic description."""

    place = forms.CharField(label=_("Place of implementation"), max_length=300)
    start = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(
        label=_("Synthetic description of the task"),
        widget=TEXTAREA,
        max_length=6000,
        help_text=_("The target group, the needs the task answers and how it complements other activities."),
    )
    target_group = forms.CharField(label=_("Target group"), widget=TEXTAREA, max_length=2000)
    expected_results = forms.CharField(
        label=_("Expected results"),
        widget=TEXTAREA,
        max_length=3000,
        help_text=_("What will change, which products will be made and how the results will last."),
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        for field, message in budget.period_problems(self.competition, start, end):
            self.add_error(field, message)
        return cleaned


class ActivityForm(forms.Form):
    """III.4 One row of the plan and schedule of activities."""

    name = forms.CharField(label=_("Activity"), max_length=300)
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    group = forms.CharField(label=_("Target group"), max_length=300)
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
    partner = forms.CharField(
        label=_("Partner carrying it out (joint offers)"), max_length=300, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", _("The activity must end on or after the day it starts."))
        return cleaned


class ResultForm(forms.Form):
    """III.6 One row of the table of results."""

    result = forms.CharField(label=_("Result"), max_length=300)
    planned_level = forms.CharField(label=_("Planned level"), max_length=100)
    measured_by = forms.CharField(label=_("How it will be measured"), max_length=300)


class CharacteristicsForm(OfferStepForm):
    """IV. The offeror's experience and resources."""

    experience = forms.CharField(label=_("Experience in similar tasks"), widget=TEXTAREA, max_length=4000)
    resources = forms.CharField(
        label=_("Resources for the task (people, premises, equipment)"), widget=TEXTAREA, max_length=4000
    )


class CostRowForm(forms.Form):
    """V.A One row of the cost calculation."""

    category = forms.ChoiceField(label=_("Kind of cost"), choices=budget.COST_CATEGORIES)
    name = forms.CharField(label=_("Cost"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=40)
    unit_cost = money_field(
        label=_("Unit cost (zł)"),
        min_value=Decimal("0.01"),
        error_messages={"min_value": _("The unit cost must be more than 0 zł.")},
    )
    units = BoundedDecimalField(
        label=_("Number of units"),
        limit=UNITS_MAX,
        limit_message=UNITS_TOO_LARGE,
        unit="",
        min_value=Decimal("0.01"),
        error_messages={"min_value": _("The number of units must be more than 0.")},
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("unit_cost") is not None and cleaned.get("units") is not None:
            total = budget.row_total(cleaned["unit_cost"], cleaned["units"])
            if total > MONEY_MAX:
                # Each factor fits its column; their product may not fit the offer's total.
                raise ValidationError(
                    ROW_TOTAL_TOO_LARGE, code="row_too_large", params={"limit": f"{grouped(MONEY_MAX)} zł"}
                )
            cleaned["total"] = total
        return cleaned


class CostFormSet(forms.BaseFormSet):
    def __init__(self, *args, competition=None, organisation=None, previous=None, **kwargs):
        self.competition = competition
        self.previous = previous or {}
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        task = self.previous.get("task") or {}
        years = budget.years_of(task.get("start"), task.get("end"))
        for form in self.forms:
            year = form.cleaned_data.get("year")
            if years and year not in years and not form.cleaned_data.get("DELETE"):
                form.add_error(
                    "year",
                    _("The task runs in %(years)s; move this cost to one of those years.")
                    % {"years": ", ".join(str(y) for y in sorted(years))},
                )
        rows = [f.cleaned_data for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if not rows:
            raise ValidationError(_("Add at least one cost."), code="no_costs")
        if budget.total_of(rows) > MONEY_MAX:
            raise ValidationError(
                TOTAL_TOO_LARGE, code="total_too_large", params={"limit": f"{grouped(MONEY_MAX)} zł"}
            )
        message = budget.administrative_share_problem(self.competition, rows)
        if message:
            # Beside each administrative row, and in the summary at the top of the step.
            for form in self.forms:
                if form.cleaned_data.get("category") == "administrative" and not form.cleaned_data.get(
                    "DELETE"
                ):
                    form.add_error("category", message)
            raise ValidationError(message, code="administrative_share")


class FinancingForm(OfferStepForm):
    """V.B Sources of financing; shares in % are computed from the total of V.A."""

    grant = money_field(label=_("Grant requested"), min_value=0)
    own_financial = money_field(label=_("Own financial contribution"), min_value=0, initial=0)
    own_personal = money_field(
        label=_("Own non-financial contribution: personal (work, volunteers)"),
        min_value=0,
        initial=0,
    )
    own_in_kind = money_field(label=_("Own non-financial contribution: in kind"), min_value=0, initial=0)
    participant_fees = money_field(label=_("Fees from participants"), min_value=0, initial=0)
    other_public = money_field(label=_("Other public funds"), min_value=0, initial=0)

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        total = budget.total_of(self.previous.get("costs") or [])
        for field, message in budget.financing_problems(self.competition, total, cleaned):
            self.add_error(field, message)
        return cleaned


class PartnerForm(forms.Form):
    """V.C One partner of a joint offer, as the statutory template describes it, and its share."""

    name = forms.CharField(label=_("Partner organisation"), max_length=255)
    # An empty first choice: a browser posts a select's first option, and an untouched row of a
    # single offer must stay empty (ignored), not a half-filled partner.
    legal_form = forms.ChoiceField(label=_("Legal form"), choices=[("", "—"), *LegalForm.choices])
    register = forms.CharField(
        label=_("KRS number or other register and number"),
        max_length=200,
        help_text=_(
            "E.g. 0000123456, or the register of associations of the district governor and its number."
        ),
    )
    nip = NipField(label="NIP", max_length=10)
    address = forms.CharField(label=_("Address of the seat"), max_length=300)
    representative = forms.CharField(label=_("Person authorised to represent the partner"), max_length=200)
    tasks = forms.CharField(
        label=_("The partner's part of the task"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    share = money_field(label=_("Share of the costs (zł)"), min_value=0)


SINGLE_OFFER_WITH_PARTNERS = _(
    "On step II you said your organisation submits this offer alone, so it has no partners: clear "
    "these rows, or answer on step II that the offer is joint."
)
JOINT_OFFER_WITHOUT_PARTNERS = _(
    "On step II you said this offer is joint: add at least one partner, or answer on step II that "
    "your organisation submits it alone."
)


def is_joint(content) -> bool:
    """Whether the offer's step II says it is a joint offer (only where the competition allows it)."""
    return bool((content.get("offeror") or {}).get("joint"))


class PartnerFormSet(forms.BaseFormSet):
    """V.C: nothing for a single offer (empty rows ignored); for a joint one, every partner and the
    split of the costs between the leading offeror and the partners, adding up to the V.A total."""

    def __init__(self, *args, competition=None, organisation=None, previous=None, **kwargs):
        self.competition = competition
        self.previous = previous or {}
        super().__init__(*args, **kwargs)
        self.lead_share_field = money_field(
            label=_("Share of the costs of the leading offeror (zł)"), min_value=0
        )
        self.lead_share_name = f"{self.prefix}-lead_share"
        self.lead_share = None
        self.lead_share_errors = []

    @property
    def joint(self) -> bool:
        return is_joint(self.previous)

    def lead_share_value(self):
        """What was typed (shown again) or saved for the leading offeror's share."""
        if self.is_bound:
            return self.data.get(self.lead_share_name, "")
        for row in self.previous.get("partners") or []:
            if row.get("lead"):
                return row.get("share", "")
        return ""

    def filled_rows(self):
        return [
            f.cleaned_data
            for f in self.forms
            if f.has_changed() and f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        changed = [f for f in self.forms if f.has_changed() and not (f.cleaned_data or {}).get("DELETE")]
        if not self.joint:
            if changed or self.data.get(self.lead_share_name, "").strip():
                raise ValidationError(SINGLE_OFFER_WITH_PARTNERS, code="single_offer_partners")
            return
        try:
            self.lead_share = self.lead_share_field.clean(self.data.get(self.lead_share_name, ""))
        except ValidationError as error:
            self.lead_share_errors = error.messages
            raise ValidationError(
                _("Share of the costs of the leading offeror: %(error)s")
                % {"error": " ".join(error.messages)},
                code="lead_share",
            ) from None
        if any(self.errors):
            return
        rows = self.filled_rows()
        if not rows:
            raise ValidationError(JOINT_OFFER_WITHOUT_PARTNERS, code="no_partners")
        total = budget.total_of(self.previous.get("costs") or [])
        message = budget.partner_shares_problem(total, self.lead_share, rows)
        if message:
            raise ValidationError(message, code="partner_shares")

    def stored_rows(self) -> list[dict]:
        """What content["partners"] keeps: the leading offeror's row first, then the partners."""
        if not self.joint:
            return []
        offeror = self.previous.get("offeror") or {}
        lead = {
            "lead": True,
            "name": offeror.get("name", ""),
            "nip": offeror.get("nip", ""),
            "share": budget.money(self.lead_share),
        }
        return [lead, *self.filled_rows()]


class OtherInformationForm(OfferStepForm):
    """VI. Other information, e.g. on risks and on earlier cooperation with the city."""

    other = forms.CharField(label=_("Other information"), widget=TEXTAREA, max_length=4000, required=False)


class StatementsForm(OfferStepForm):
    """VII. Statements the offeror makes by submitting."""

    non_profit = forms.BooleanField(
        label=_(
            "The proposed task will be carried out only within the offeror's "
            "non-profit public-benefit activity."
        )
    )
    no_fees_for_profit = forms.BooleanField(
        label=_(
            "Fees from participants, if any, are collected only as public-benefit activity not for profit."
        )
    )
    no_arrears = forms.BooleanField(
        label=_("The offeror has no arrears in taxes or social security contributions.")
    )
    data_true = forms.BooleanField(
        label=_("The data in this offer and in the register are true and consistent with the facts.")
    )
    gdpr = forms.BooleanField(
        label=_("People whose personal data are in the offer have been informed about their processing.")
    )
    error_messages = {"required": _("Confirm this statement to submit the offer.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages["required"] = self.error_messages["required"]


class AttachmentsForm(OfferStepForm):
    """The competition's required attachments, uploaded beside the wizard; this step checks them."""

    def __init__(self, *args, offer=None, **kwargs):
        self.offer = offer
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if self.offer is not None:
            missing = budget.missing_attachments(self.competition, self.offer)
            if missing:
                raise ValidationError(
                    _("Add the required attachments: %(names)s.") % {"names": ", ".join(missing)},
                    code="missing_attachments",
                )
        return cleaned


class SummaryForm(OfferStepForm):
    """The last look before submission."""

    confirm = forms.BooleanField(
        label=_("I have checked the offer and want to submit it."),
        error_messages={"required": _("Tick the box to confirm the submission.")},
    )


CostsFormSet = forms.formset_factory(
    CostRowForm, formset=CostFormSet, extra=0, min_num=1, validate_min=True, can_delete=True
)
# No row is required: a single offer leaves V.C empty, and an untouched row is ignored.
PartnersFormSet = forms.formset_factory(PartnerForm, formset=PartnerFormSet, extra=1, can_delete=True)


class ContextFormSet(forms.BaseFormSet):
    """A plain rows formset that accepts (and ignores) the generator's context arguments."""

    def __init__(self, *args, competition=None, organisation=None, previous=None, **kwargs):
        super().__init__(*args, **kwargs)


class ScheduleFormSet(forms.BaseFormSet):
    """III.4: every activity inside the task's period (step III) and the competition's period."""

    def __init__(self, *args, competition=None, organisation=None, previous=None, **kwargs):
        self.competition = competition
        self.previous = previous or {}
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        broken = False
        for form in self.forms:
            row = form.cleaned_data
            if not row or row.get("DELETE"):
                continue
            task = self.previous.get("task")
            for field, message in budget.activity_date_problems(
                self.competition, task, row["start"], row["end"]
            ):
                form.add_error(field, message)
                broken = True
        if broken:
            raise ValidationError(SCHEDULE_OUTSIDE_PERIOD, code="schedule_dates")


SCHEDULE_OUTSIDE_PERIOD = _("Some activities fall outside the task's period; correct the dates marked below.")

ActivityFormSet = forms.formset_factory(
    ActivityForm, formset=ScheduleFormSet, extra=0, min_num=1, validate_min=True, can_delete=True
)
ResultFormSet = forms.formset_factory(
    ResultForm, formset=ContextFormSet, extra=0, min_num=1, validate_min=True, can_delete=True
)

# (name, form, heading) in the order of the statutory template.
STEPS = [
    ("basic", BasicInformationForm, _("I. Basic information")),
    ("offeror", OfferorForm, _("II. The offeror")),
    ("task", TaskDescriptionForm, _("III. Description of the task")),
    ("schedule", ActivityFormSet, _("III.4 Plan and schedule of activities")),
    ("results", ResultFormSet, _("III.6 Expected results")),
    ("characteristics", CharacteristicsForm, _("IV. The offeror's characteristics")),
    ("costs", CostsFormSet, _("V.A Cost calculation")),
    ("financing", FinancingForm, _("V.B Sources of financing")),
    ("partners", PartnersFormSet, _("V.C Split of costs between joint offerors")),
    ("other", OtherInformationForm, _("VI. Other information")),
    ("statements", StatementsForm, _("VII. Statements")),
    ("attachments", AttachmentsForm, _("Attachments")),
    ("summary", SummaryForm, _("Summary and submission")),
]
STEP_HEADINGS = {name: heading for name, _form, heading in STEPS}
