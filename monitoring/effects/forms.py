from django import forms
from django.utils.translation import gettext_lazy as _

from ..access.forms import DateInput
from ..models import SCALE_MAX, SCALE_MIN

SCALE = [(n, str(n)) for n in range(SCALE_MIN, SCALE_MAX + 1)]
SCALE_HELP = _("1 – far from the goal, 5 – the goal is reached.")


class GoalForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None)
    description = forms.CharField(label=_("Goal"), max_length=300)
    baseline_on = forms.DateField(label=_("Baseline assessed on"), widget=DateInput())
    baseline_score = forms.TypedChoiceField(
        label=_("Baseline score"), choices=SCALE, coerce=int, help_text=SCALE_HELP
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects


class AssessmentForm(forms.Form):
    goal = forms.IntegerField(widget=forms.HiddenInput)
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())
    score = forms.TypedChoiceField(label=_("Score"), choices=SCALE, coerce=int, help_text=SCALE_HELP)
