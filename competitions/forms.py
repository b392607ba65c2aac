"""The filters of the public list of competitions."""

from django import forms
from django.http import QueryDict
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from organisations.directory_forms import PlainSelect

from .choices import CompetitionState
from .selectors import CompetitionFilters

# The states as residents see them, for the filter and the badges of the list.
PUBLIC_STATE_LABELS = {
    CompetitionState.ANNOUNCED: _("Accepting offers"),
    CompetitionState.CLOSED: _("Closed for offers"),
    CompetitionState.RESULTS_PUBLISHED: _("Results published"),
    # "Unieważniony": not the "cancelled" of an offer or a meeting.
    CompetitionState.CANCELLED: pgettext_lazy("competition", "Cancelled"),
}


class CompetitionFilterForm(forms.Form):
    """A GET form, so a filtered list can be bookmarked and shared; parameter names are Polish.

    An invalid value (an old link to a year with no competitions left, say)
    is shown as an error and otherwise ignored.
    """

    stan = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("", _("All states")), *((str(s), label) for s, label in PUBLIC_STATE_LABELS.items())],
        widget=PlainSelect,
    )
    sfera = forms.ChoiceField(
        label=_("Sphere of public benefit"),
        required=False,
        widget=PlainSelect,
        error_messages={"invalid_choice": _("No published competition is in this sphere.")},
    )
    rok = forms.TypedChoiceField(
        label=_("Year of the deadline"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=PlainSelect,
        error_messages={"invalid_choice": _("No published competition has its deadline in this year.")},
    )

    def __init__(self, data: QueryDict, *, spheres: list[tuple[str, str]], years: list[int]):
        """``spheres`` and ``years``: from ``selectors.sphere_choices()`` and ``deadline_years()``."""
        super().__init__(data)
        self.fields["sfera"].choices = [("", _("All spheres")), *((c, capfirst(n)) for c, n in spheres)]
        self.fields["rok"].choices = [("", _("All years")), *((str(y), str(y)) for y in years)]

    @property
    def filters(self) -> CompetitionFilters:
        self.is_valid()
        data = self.cleaned_data
        return CompetitionFilters(
            state=data.get("stan", ""), sphere=data.get("sfera", ""), year=data.get("rok")
        )

    @property
    def querystring(self) -> str:
        """The valid, non-empty filters as a query string (without the page number)."""
        self.is_valid()
        query = QueryDict(mutable=True)
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value:
                query[name] = str(value)
        return query.urlencode()
