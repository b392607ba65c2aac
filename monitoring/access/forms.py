from django import forms
from django.utils.translation import gettext_lazy as _

from ..choices import MonitoringRole


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AccessRequestForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the monitoring administrator"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("E.g. which projects you want to monitor and who will coordinate them."),
    )


class AgreementForm(forms.Form):
    version = forms.CharField(label=_("Version of the agreement"), max_length=40)
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    signatory = forms.CharField(label=_("Signed for the organisation by"), max_length=300)


class StaffRoleForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    role = forms.ChoiceField(
        label=_("Monitoring role"),
        required=False,
        choices=[("", _("no role"))] + list(MonitoringRole.choices),
    )
