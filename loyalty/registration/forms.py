from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import places_open_for_enrolment, possible_managers


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, place):
        return f"{place.organisation} – {place.name}, {place.street_address}"


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return f"{user} ({user.email})"


class FacilityRegistrationForm(forms.Form):
    place = PlaceChoiceField(
        label=_("Place of activity"),
        queryset=None,
        help_text=_("The place of your organisation where the facility works."),
    )
    name = forms.CharField(label=_("Name of the facility"), max_length=200)
    manager = ManagerChoiceField(
        label=_("Facility manager"),
        queryset=None,
        help_text=_("A member of the organisation who fills in the card and claims rewards."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places_open_for_enrolment(user=user)
        self.fields["manager"].queryset = possible_managers(user=user)
        self.fields["manager"].initial = user.pk

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the name of the facility."), code="required")
        return name
