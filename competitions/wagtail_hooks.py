"""Officials prepare competitions in the admin and move them through the workflow."""

from django import forms
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permissions import register_permission_policy

from organisations.choices import LegalForm
from portal.admin_permissions import CanPermissionPolicy

from . import admin_committee, admin_contracts, admin_formal, admin_results, admin_views  # noqa: F401
from .choices import CompetitionState
from .models import Competition
from .parsing import amount_field_like, name_the_money_limit

register_permission_policy(
    Competition,
    CanPermissionPolicy(
        Competition,
        actions={
            "view": "competition.manage",
            "add": "competition.manage",
            "change": "competition.manage",
            "delete": "competition.manage",
        },
    ),
    exact_class=True,
)


class CompetitionEditView(EditView):
    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        buttons.append(
            HeaderButton(
                _("Workflow: announce, cancel"),
                url=reverse("competitions:workflow", args=[self.object.pk]),
                icon_name="tasks",
                priority=5,
            )
        )
        return buttons


RULE_FIELDS = [
    "mode",
    "implementation_start",
    "implementation_end",
    "min_grant",
    "max_grant",
    "min_own_contribution",
    "min_own_financial",
    "min_own_non_financial",
    "max_administrative_share",
    "eligible_legal_forms",
    "joint_offers_allowed",
]
RULES_FROZEN = _(
    "Offers have already been written under this competition's rules, so the rules (grant limits, "
    "contributions, periods, legal forms, joint offers, required attachments) cannot change now. "
    "Documents of the announcement can still be added."
)


class CompetitionAdminForm(WagtailAdminModelForm):
    eligible_legal_forms = forms.MultipleChoiceField(
        label=_("eligible legal forms"),
        choices=LegalForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave empty to accept every legal form."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in list(self.fields.items()):
            self.fields[name] = amount_field_like(field)
            name_the_money_limit(self.fields[name])

    def clean(self):
        cleaned = super().clean()
        competition = self.instance
        if competition.pk and competition.state != CompetitionState.DRAFT and competition.offers.exists():
            # Offers were written against the announced rules: changing them now would judge those
            # offers by rules they never saw. Documents of the announcement may still be added.
            for name in RULE_FIELDS:
                if name in self.changed_data:
                    self.add_error(name, RULES_FROZEN)
            attachments = getattr(self, "formsets", {}).get("required_attachments")
            if attachments is not None and attachments.has_changed():
                self.add_error(None, RULES_FROZEN)
        return cleaned


class CompetitionViewSet(ModelViewSet):
    model = Competition
    icon = "form"
    menu_label = _("Competitions")
    menu_order = 190
    add_to_admin_menu = True
    edit_view_class = CompetitionEditView
    list_display = [
        "signature",
        "title",
        Column("state", label=_("state"), accessor="get_state_display"),
        "offer_deadline",
        "funds_allotted",
    ]
    list_filter = ["state", "mode", "sphere"]
    search_fields = ["title", "signature", "task_type"]
    ordering = ["-offer_deadline"]
    inspect_view_enabled = True
    copy_view_enabled = False

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("signature"), FieldPanel("slug")]),
                    FieldRowPanel([FieldPanel("mode"), FieldPanel("sphere")]),
                    FieldPanel("task_type"),
                    FieldPanel("announcement"),
                    FieldPanel("funds_allotted"),
                    FieldPanel("granting_rules"),
                    MultiFieldPanel(
                        [
                            FieldRowPanel(
                                [FieldPanel("implementation_start"), FieldPanel("implementation_end")]
                            ),
                            FieldPanel("implementation_conditions"),
                        ],
                        heading=_("Implementation"),
                    ),
                    MultiFieldPanel(
                        [
                            FieldPanel("offer_deadline"),
                            FieldPanel("selection_procedure"),
                            FieldPanel("selection_criteria"),
                            FieldPanel("selection_date"),
                        ],
                        heading=_("Deadline and selection"),
                    ),
                    InlinePanel("prior_funding", heading=_("Same-type tasks funded this and last year")),
                    InlinePanel("documents", heading=_("Documents of the competition")),
                ],
                heading=_("Announcement"),
            ),
            ObjectList(
                [
                    FieldRowPanel([FieldPanel("min_grant"), FieldPanel("max_grant")]),
                    FieldRowPanel(
                        [
                            FieldPanel("min_own_contribution"),
                            FieldPanel("min_own_financial"),
                            FieldPanel("min_own_non_financial"),
                        ]
                    ),
                    FieldPanel("max_administrative_share"),
                    FieldPanel("eligible_legal_forms"),
                    FieldPanel("joint_offers_allowed"),
                    InlinePanel("required_attachments", heading=_("Required attachments")),
                ],
                heading=_("Rules of the offer generator"),
            ),
            ObjectList(
                [
                    InlinePanel("formal_checklist", heading=_("Formal checklist")),
                    InlinePanel("merit_criteria", heading=_("Merit criteria")),
                    FieldPanel("score_threshold"),
                    FieldPanel("committee", widget=forms.CheckboxSelectMultiple),
                ],
                heading=_("Evaluation"),
            ),
        ],
        base_form_class=CompetitionAdminForm,
    )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("<int:pk>/workflow/", admin_views.workflow, name="workflow"),
        ]


@hooks.register("register_admin_viewset")
def register_competition_viewset():
    return CompetitionViewSet("competitions")
