from django import forms

from competitions.choices import ContractState
from competitions.models import Contract
from organisations.models import Organisation, Place

from ..access.forms import DateInput
from ..models import Project, School


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = [
            "title",
            "kind",
            "age_range",
            "partners",
            "contract",
            "starts_on",
            "ends_on",
            "places",
            "schools",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "partners": forms.CheckboxSelectMultiple,
            "places": forms.CheckboxSelectMultiple,
            "schools": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partners"].queryset = Organisation.objects.exclude(pk=organisation.pk).filter(
            monitoring_access__state="active"
        )
        self.fields["places"].queryset = Place.objects.filter(organisation=organisation)
        self.fields["schools"].queryset = School.objects.all()
        self.fields["contract"].queryset = Contract.objects.filter(
            offer__organisation=organisation, state__in=[ContractState.SIGNED, ContractState.SETTLED]
        )
