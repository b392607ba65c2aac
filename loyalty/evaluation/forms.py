"""The card as one form: a fieldset per category, meets / does not meet per criterion."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import INCOMPLETE, PROJECTS_MISSING, missing_for_declaration

MEETS, DOES_NOT_MEET = "yes", "no"
ANSWER_CHOICES = [(MEETS, _("Meets")), (DOES_NOT_MEET, _("Does not meet"))]
PROJECTS_MAX = 5000
CHOOSE_ANSWER = _("Choose: meets or does not meet.")


def criterion_field(pk: int) -> str:
    return f"criterion_{pk}"


def projects_field(pk: int) -> str:
    return f"projects_{pk}"


class EvaluationCardForm(forms.Form):
    """``sections``: [(category, [criterion, …])] from ``card_categories``. ``declare``: the
    facility asks to declare, so every answer is required; a draft takes what is given."""

    def __init__(
        self, *args, sections, answers=None, notes=None, declare=False, projects_editable=True, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.sections = sections
        self.declare = declare
        answers, notes = answers or {}, notes or {}
        for category, criteria in sections:
            for criterion in criteria:
                initial = answers.get(criterion.pk)
                self.fields[criterion_field(criterion.pk)] = forms.ChoiceField(
                    label=criterion.text,
                    choices=ANSWER_CHOICES,
                    widget=forms.RadioSelect,
                    required=False,
                    initial=None if initial is None else (MEETS if initial else DOES_NOT_MEET),
                )
            if projects_editable:
                self.fields[projects_field(category.pk)] = forms.CharField(
                    label=_("Projects and activities: %(category)s") % {"category": category.name},
                    widget=forms.Textarea(attrs={"rows": 3}),
                    max_length=PROJECTS_MAX,
                    required=False,
                    initial=notes.get(category.pk, ""),
                    help_text=_(
                        "Name the concrete projects, activities or partnerships behind your answers."
                    ),
                )

    def rows(self):
        """[(category, [(criterion, bound field)], projects bound field or None)] for the template."""
        return [
            (
                category,
                [(criterion, self[criterion_field(criterion.pk)]) for criterion in criteria],
                self[projects_field(category.pk)] if projects_field(category.pk) in self.fields else None,
            )
            for category, criteria in self.sections
        ]

    def answers(self) -> dict[int, bool]:
        data = getattr(self, "cleaned_data", {})
        result = {}
        for _category, criteria in self.sections:
            for criterion in criteria:
                value = data.get(criterion_field(criterion.pk))
                if value in (MEETS, DOES_NOT_MEET):
                    result[criterion.pk] = value == MEETS
        return result

    def notes(self) -> dict[int, str]:
        data = getattr(self, "cleaned_data", {})
        return {
            category.pk: data[projects_field(category.pk)]
            for category, _criteria in self.sections
            if projects_field(category.pk) in data
        }

    def clean(self):
        cleaned = super().clean()
        if self.declare:
            missing = missing_for_declaration(answers=self.answers(), notes=self.notes())
            if missing["criteria"]:
                self.add_error(None, INCOMPLETE)
            for pk in missing["criteria"]:
                if criterion_field(pk) in self.fields:
                    self.add_error(criterion_field(pk), CHOOSE_ANSWER)
            for pk in missing["categories"]:
                if projects_field(pk) in self.fields and projects_field(pk) not in self.errors:
                    self.add_error(projects_field(pk), PROJECTS_MISSING)
        return cleaned


class VerificationForm(EvaluationCardForm):
    comment = forms.CharField(
        label=_("Comment for the facility"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=PROJECTS_MAX,
        help_text=_("Required when you change an answer: the facility sees it beside its status."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, declare=True, projects_editable=False, **kwargs)
        # The comment comes after the answers in the error summary and on the page.
        self.fields["comment"] = self.fields.pop("comment")
