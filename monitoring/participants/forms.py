from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation

from ..access.forms import DateInput
from ..choices import ConsentScope, ProjectKind
from ..models import Family, Participant, Project, School


class ParticipantForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "birth_year",
            "gender",
            "district",
            "school",
            "family",
        ]
        widgets = {"birth_date": DateInput()}
        help_texts = {"birth_year": _("Enough when the exact date of birth is not needed.")}

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].required = False
        self.fields["family"].queryset = Family.objects.filter(organisation=organisation)
        self.fields["school"].queryset = School.objects.all()


class FamilyForm(forms.ModelForm):
    class Meta:
        model = Family
        fields = ["name", "district"]


class FamilyMemberForm(forms.Form):
    participant = forms.ModelChoiceField(label=_("Participant"), queryset=Participant.objects.none())

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(
            organisation=organisation, anonymised_at__isnull=True
        )


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(label=_("Scope"), choices=ConsentScope.choices)
    given_on = forms.DateField(label=_("Given on"), widget=DateInput())
    given_by = forms.CharField(
        label=_("Given by"), max_length=200, help_text=_("E.g. the mother, Anna Nowak.")
    )


class WithdrawalForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DateInput())


class EnrolmentForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None)
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(label=_("Until"), widget=DateInput(), required=False)
    national_id = forms.CharField(
        label=_("National ID (PESEL)"),
        required=False,
        max_length=11,
        help_text=_("Only for projects that require it (day-support facilities); stored encrypted."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class EnrolmentEndForm(forms.Form):
    ends_on = forms.DateField(label=_("Until"), widget=DateInput())


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File with participants (CSV or XLSX)"),
        help_text=_(
            "First row: imie, nazwisko, data_urodzenia or rok_urodzenia, and optionally plec (K/M), "
            "dzielnica, szkola, rodzina. Every row is checked; if any is wrong, nothing is imported."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )


class ShareForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Consortium project"), queryset=None)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=None)

    def __init__(self, *args, participant, **kwargs):
        super().__init__(*args, **kwargs)
        projects = Project.objects.filter(
            enrolments__participant=participant, kind=ProjectKind.LSW
        ).distinct()
        self.fields["project"].queryset = projects
        self.fields["partner"].queryset = (
            Organisation.objects.filter(
                Q(monitoring_projects__in=projects) | Q(monitoring_partner_projects__in=projects)
            )
            .exclude(pk=participant.organisation_id)
            .distinct()
        )
