from django import forms
from django.utils.translation import gettext_lazy as _

from ..access.forms import DateInput
from ..choices import AttendanceStatus, SupportType
from ..models import Activity, Participant, StaffRole


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


class ActivityForm(forms.ModelForm):
    class Meta:
        model = Activity
        fields = ["title", "type", "schedule", "leader", "members"]
        widgets = {"members": forms.CheckboxSelectMultiple}

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        organisation = project.organisation
        staff = StaffRole.objects.filter(organisation=organisation).values_list("user_id", flat=True)
        self.fields["leader"].queryset = self.fields["leader"].queryset.filter(pk__in=staff)
        self.fields["members"].queryset = Participant.objects.filter(
            organisation=organisation, enrolments__project=project, anonymised_at__isnull=True
        ).distinct()


class SessionForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    starts_at = forms.TimeField(label=_("Starts at"), widget=TimeInput())
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1, initial=90)


class AttendanceForm(forms.Form):
    """One radio group per participant of the register: present, absent or excused."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.participants = {}
        for participant, status in rows:
            name = f"p{participant.pk}"
            self.participants[name] = participant
            self.fields[name] = forms.ChoiceField(
                label=str(participant),
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                initial=status or AttendanceStatus.PRESENT,
            )

    def rows(self):
        return [(self.participants[name], self[name]) for name in self.participants]

    def statuses(self) -> dict:
        return {self.participants[name].pk: value for name, value in self.cleaned_data.items()}


class SupportForm(forms.Form):
    participant = forms.ModelChoiceField(label=_("Participant"), queryset=None)
    type = forms.ChoiceField(label=_("Type of support"), choices=SupportType.choices)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=1)

    def __init__(self, *args, project, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"].queryset = Participant.objects.filter(
            organisation=organisation, enrolments__project=project, anonymised_at__isnull=True
        ).distinct()
