"""The monitoring administrator's lists in the Wagtail admin: schools and organisations' accesses.

Activating an organisation is done on the administrator's pages under /konto/monitoring/administracja/,
where the agreement is recorded in the same step; here the records are read and schools kept.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.admin_permissions import CanPermissionPolicy

from .models import CoControllerAgreement, MonitoringAccess, School

for model, actions in (
    (
        School,
        {"view": "monitoring.administer", "add": "monitoring.administer", "change": "monitoring.administer"},
    ),
    (MonitoringAccess, {"view": "monitoring.administer"}),
    (CoControllerAgreement, {"view": "monitoring.administer"}),
):
    register_permission_policy(model, CanPermissionPolicy(model, actions=actions), exact_class=True)


class SchoolViewSet(ModelViewSet):
    model = School
    icon = "home"
    menu_label = _("Schools")
    list_display = ["name", "district", "rspo"]
    list_filter = ["district"]
    search_fields = ["name", "rspo"]
    form_fields = ["name", "district", "rspo"]


class MonitoringAccessViewSet(ModelViewSet):
    model = MonitoringAccess
    icon = "lock-open"
    menu_label = _("Accesses")
    list_display = ["organisation", "state", "route", "requested_at", "activated_at"]
    list_filter = ["state", "route"]
    inspect_view_enabled = True
    form_fields = []


class AgreementViewSet(ModelViewSet):
    model = CoControllerAgreement
    icon = "doc-full"
    menu_label = _("Co-controller agreements")
    list_display = ["organisation", "version", "signed_on", "signatory", "recorded_at"]
    inspect_view_enabled = True
    form_fields = []


class MonitoringViewSetGroup(ViewSetGroup):
    menu_label = _("Monitoring base")
    menu_icon = "clipboard-list"
    menu_order = 350
    items = (SchoolViewSet, MonitoringAccessViewSet, AgreementViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return MonitoringViewSetGroup()
