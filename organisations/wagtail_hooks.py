import django_filters
from auditlog.models import LogEntry
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal import exports
from portal.admin_permissions import CanPermissionPolicy

from .forms import ORGANISATION_FIELD_CLASSES
from .models import Organisation

register_permission_policy(
    LogEntry,
    CanPermissionPolicy(LogEntry, actions={"view": "audit.view"}),
    exact_class=True,
)

# Registered first in this module, as Wagtail asks, so the admin screens ask `can`.
register_permission_policy(
    Organisation,
    CanPermissionPolicy(
        Organisation,
        actions={
            "view": "organisation.manage",
            "add": "organisation.manage",
            "change": "organisation.manage",
            "delete": "organisation.delete",
        },
    ),
    exact_class=True,
)


class OrganisationAdminForm(WagtailAdminModelForm):
    """Officials type the same numbers as NGOs: normalised and checked by the same fields."""

    class Meta:
        field_classes = ORGANISATION_FIELD_CLASSES


YES_NO = [("1", _("Yes")), ("0", _("No"))]


def _yes_no_filter(label, field):
    """A yes/no filter whose chosen value reads "Tak"/"Nie", not Django's True/False."""

    def keep(queryset, name, value):
        return queryset.filter(**{field: value == "1"}) if value in ("0", "1") else queryset

    return django_filters.ChoiceFilter(label=label, choices=YES_NO, method=keep)


class OrganisationFilterSet(WagtailFilterSet):
    is_public_benefit = _yes_no_filter(_("OPP"), "is_public_benefit")
    is_suspended = _yes_no_filter(_("suspended"), "is_suspended")

    class Meta:
        model = Organisation
        fields = ["district", "legal_form", "spheres"]


class OrganisationIndexView(exports.safe_index_view(ModelViewSet.index_view_class, personal_data=True)):
    # Wagtail's "Add %(model_name)s" reads "Dodaj organizacja"; Polish wants the accusative.
    add_item_label = _("Add an organisation")


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    menu_order = 200
    add_to_admin_menu = True
    list_display = [
        "name",
        "nip",
        "krs",
        "legal_form",
        "district",
        Column(
            "is_suspended",
            label=_("suspended"),
            accessor=lambda organisation: _("Yes") if organisation.is_suspended else _("No"),
        ),
        "updated_at",
    ]
    filterset_class = OrganisationFilterSet
    # Officials download the filtered list as CSV or XLSX from the listing's menu.
    list_export = [
        "name",
        "short_name",
        "legal_form",
        "krs",
        "nip",
        "regon",
        "is_public_benefit",
        "street_address",
        "postal_code",
        "city",
        "district",
        "email",
        "phone",
        "website",
        "is_suspended",
        "suspension_reason",
        "created_at",
        "updated_at",
    ]
    export_headings = {"is_public_benefit": _("OPP"), "is_suspended": _("suspended")}
    export_filename = "organizacje"
    # Formulas neutralised, Polish CSV, and the download logged (it lists e-mails and phones).
    index_view_class = OrganisationIndexView
    search_fields = ["name", "short_name", "nip", "krs", "regon"]
    ordering = ["name"]
    panels = [
        MultiFieldPanel(
            [
                FieldPanel("name"),
                FieldPanel("short_name"),
                FieldPanel("slug"),
                FieldPanel("legal_form"),
                FieldRowPanel([FieldPanel("krs"), FieldPanel("nip"), FieldPanel("regon")]),
                FieldPanel("is_public_benefit"),
            ],
            heading=_("Registration data"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldPanel("district"),
                FieldPanel("email"),
                FieldPanel("phone"),
                FieldPanel("website"),
            ],
            heading=_("Address and contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("description"),
                FieldPanel("logo"),
                FieldPanel("spheres", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("About the organisation"),
        ),
        MultiFieldPanel(
            [FieldPanel("is_suspended"), FieldPanel("suspension_reason")],
            heading=_("Suspension"),
        ),
    ]

    def get_edit_handler(self):
        return ObjectList(self.panels, base_form_class=OrganisationAdminForm).bind_to_model(self.model)


@hooks.register("register_admin_viewset")
def register_organisation_viewset():
    return OrganisationViewSet("organisations")


class AuditLogViewSet(ModelViewSet):
    """Read-only log of changes (django-auditlog): officials see who changed what and when."""

    model = LogEntry
    icon = "history"
    menu_label = _("Change log")
    menu_order = 210
    add_to_admin_menu = True
    list_display = ["timestamp", "actor", "content_type", "object_repr", "action"]
    list_filter = ["action", "content_type", "timestamp"]
    search_fields = ["object_repr", "changes_text"]
    ordering = ["-timestamp"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "timestamp",
        "actor",
        "remote_addr",
        "content_type",
        "object_repr",
        "action",
        "changes",
    ]
    form_fields = ["object_repr"]  # the log is never edited: only view is granted


@hooks.register("register_admin_viewset")
def register_audit_log_viewset():
    return AuditLogViewSet("audit_log")
