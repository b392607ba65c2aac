"""The filter form shared by the directory of organisations, the city map and its GeoJSON."""

from dataclasses import dataclass
from html import escape

from django import forms
from django.forms.utils import flatatt
from django.http import QueryDict
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .choices import District, LegalForm

QUERY_MAX_LENGTH = 100


@dataclass(frozen=True)
class DirectoryFilters:
    """What a resident narrowed the directory or the map to; an empty value means "any"."""

    query: str = ""
    sphere: str = ""  # PublicBenefitSphere.code
    district: str = ""
    legal_form: str = ""

    @property
    def narrows_organisations(self) -> bool:
        """Whether anything but the district is set (the map applies the district to places)."""
        return bool(self.query or self.sphere or self.legal_form)

    def __bool__(self) -> bool:
        return bool(self.narrows_organisations or self.district)


class PlainSelect(forms.Select):
    """A select drawn in Python: Django renders a template per option, and the options are seventy.

    Plain string formatting, not ``format_html`` per option: the labels are
    never marked safe, so each is escaped exactly as ``format_html`` would.
    """

    def render(self, name, value, attrs=None, renderer=None):
        selected = "" if value is None else str(value)
        options = []
        for choice, label in self.choices:
            choice = str(choice)
            mark = " selected" if choice == selected else ""
            options.append(f'<option value="{escape(choice)}"{mark}>{escape(str(label))}</option>')
        attributes = flatatt(self.build_attrs(self.attrs, {**(attrs or {}), "name": name}))
        # flatatt escapes the attributes; every option's value and label is escaped above.
        return mark_safe(f"<select{attributes}>{''.join(options)}</select>")  # noqa: S308


class DirectoryFilterForm(forms.Form):
    """A GET form: the address of a filtered list or map can be bookmarked and shared.

    Parameter names are Polish because they appear in addresses residents share.
    An invalid value is shown as an error and otherwise ignored.
    """

    q = forms.CharField(
        label=_("Name or keyword"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        widget=forms.SearchInput(attrs={"autocomplete": "off"}),
    )
    sfera = forms.ChoiceField(label=_("Sphere of public benefit"), required=False, widget=PlainSelect)
    dzielnica = forms.ChoiceField(
        label=_("District"),
        required=False,
        choices=[("", _("All districts")), *District.choices],
        widget=PlainSelect,
    )
    forma = forms.ChoiceField(
        label=_("Legal form"),
        required=False,
        choices=[("", _("All legal forms")), *LegalForm.choices],
        widget=PlainSelect,
    )

    def __init__(self, data: QueryDict, *, spheres: list[tuple[str, str]]):
        """``spheres``: (code, name) pairs, from ``selectors.sphere_choices()``."""
        super().__init__(data)
        self.fields["sfera"].choices = [("", _("All spheres")), *((c, capfirst(n)) for c, n in spheres)]

    @property
    def filters(self) -> DirectoryFilters:
        self.is_valid()
        data = self.cleaned_data
        return DirectoryFilters(
            query=" ".join(data.get("q", "").split()),
            sphere=data.get("sfera", ""),
            district=data.get("dzielnica", ""),
            legal_form=data.get("forma", ""),
        )

    @property
    def querystring(self) -> str:
        """The valid, non-empty filters as a query string (without the page number)."""
        self.is_valid()
        query = QueryDict(mutable=True)
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value:
                query[name] = value
        return query.urlencode()
