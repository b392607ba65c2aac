"""The programme in the Wagtail admin: officials edit the card, the status rules and rounds,
and see facilities; approving and verifying happen on the site pages linked from the menu."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.admin_permissions import CanPermissionPolicy
from portal.permissions import can

from .models import (
    Category,
    Criterion,
    EvaluationRound,
    Facility,
    Reward,
    RewardClaim,
    RewardedActivity,
    StatusRule,
    TrainingSession,
)

EDITABLE = {"view": "loyalty.manage", "add": "loyalty.manage", "change": "loyalty.manage"}
# Facilities and rounds carry declarations: never deleted; rules are kept as history.
for model, actions in [
    (Category, EDITABLE),
    (Criterion, EDITABLE),
    (StatusRule, {"view": "loyalty.manage", "add": "loyalty.manage"}),
    (EvaluationRound, EDITABLE),
    (Facility, {"view": "loyalty.manage"}),
    (Reward, EDITABLE),
    (RewardedActivity, EDITABLE),
    (TrainingSession, EDITABLE),
    # The claims are a ledger: officials read and export them, nobody edits them.
    (RewardClaim, {"view": "loyalty.manage"}),
]:
    register_permission_policy(model, CanPermissionPolicy(model, actions=actions), exact_class=True)


class CategoryViewSet(ModelViewSet):
    name = "loyalty_categories"
    url_prefix = "loyalty/categories"
    model = Category
    icon = "list-ol"
    menu_label = _("Card categories")
    list_display = ["name", "order"]
    form_fields = ["name", "description", "order"]
    ordering = ["order", "pk"]


class CriterionViewSet(ModelViewSet):
    name = "loyalty_criteria"
    url_prefix = "loyalty/criteria"
    model = Criterion
    icon = "tasks"
    menu_label = _("Criteria")
    list_display = ["text", "category", "level", "is_active"]
    list_filter = ["category", "level", "is_active"]
    search_fields = ["text"]
    form_fields = ["category", "level", "text", "order", "is_active"]


class StatusRuleViewSet(ModelViewSet):
    name = "loyalty_status_rules"
    url_prefix = "loyalty/status-rules"
    model = StatusRule
    icon = "cog"
    menu_label = _("Status rules")
    list_display = ["__str__", "created_at"]
    form_fields = ["standard_min", "premium_min", "vip_min"]


class EvaluationRoundViewSet(ModelViewSet):
    name = "loyalty_rounds"
    url_prefix = "loyalty/rounds"
    model = EvaluationRound
    icon = "date"
    menu_label = _("Evaluation rounds")
    list_display = ["name", "opens_at", "closes_at", "state"]
    list_filter = ["state"]
    form_fields = ["name", "opens_at", "closes_at"]


class FacilityViewSet(ModelViewSet):
    name = "loyalty_facilities"
    url_prefix = "loyalty/facilities"
    model = Facility
    icon = "home"
    menu_label = _("Facilities")
    list_display = ["name", "organisation", "place", "state", "registered_at"]
    list_filter = ["state"]
    search_fields = ["name"]
    form_fields = ["name"]
    list_export = ["name", "organisation", "place", "state", "registered_at", "approved_at"]
    export_filename = "placowki"


class RewardViewSet(ModelViewSet):
    name = "loyalty_rewards"
    url_prefix = "loyalty/rewards"
    model = Reward
    icon = "pick"
    menu_label = _("Rewards")
    list_display = [
        "name",
        "category",
        "min_status",
        "pool",
        "claim_opens_at",
        "claim_closes_at",
        "is_withdrawn",
    ]
    list_filter = ["category", "min_status", "is_withdrawn"]
    search_fields = ["name"]
    form_fields = [
        "name",
        "description",
        "category",
        "min_status",
        "pool",
        "claim_opens_at",
        "claim_closes_at",
        "monthly_limit",
        "collection",
        "is_withdrawn",
    ]


class RewardedActivityViewSet(ModelViewSet):
    name = "loyalty_activities"
    url_prefix = "loyalty/activities"
    model = RewardedActivity
    icon = "success"
    menu_label = _("Rewarded activities")
    list_display = ["name", "category", "order"]
    form_fields = ["name", "description", "category", "order"]


class TrainingSessionViewSet(ModelViewSet):
    """Dated sessions of rewards that are trainings; facilities register for a seat."""

    name = "loyalty_sessions"
    url_prefix = "loyalty/sessions"
    model = TrainingSession
    icon = "date"
    menu_label = _("Training sessions")
    list_display = ["reward", "starts_at", "venue", "capacity"]
    list_filter = ["reward"]
    form_fields = ["reward", "starts_at", "venue", "capacity"]


class RewardClaimViewSet(ModelViewSet):
    """Who claimed what: officials see and export the ledger."""

    name = "loyalty_claims"
    url_prefix = "loyalty/claims"
    model = RewardClaim
    icon = "list-ul"
    menu_label = _("Reward claims")
    list_display = ["reward", "session", "facility", "claimed_by", "status_at_claim", "created_at"]
    list_filter = ["reward", "status_at_claim"]
    list_export = [
        "reward",
        "session",
        "facility",
        "claimed_by",
        "status_at_claim",
        "created_at",
        "cancelled_at",
    ]
    export_headings = {"cancelled_at": _("cancelled")}
    export_filename = "odbiory-nagrod"
    form_fields = ["reward"]  # never edited: only view is granted


class LoyaltyViewSetGroup(ViewSetGroup):
    menu_label = _("Loyalty programme")
    menu_icon = "pick"
    menu_order = 260
    items = (
        FacilityViewSet,
        CategoryViewSet,
        CriterionViewSet,
        RewardedActivityViewSet,
        StatusRuleViewSet,
        EvaluationRoundViewSet,
        RewardViewSet,
        TrainingSessionViewSet,
        RewardClaimViewSet,
    )


@hooks.register("register_admin_viewset")
def register_loyalty_viewsets():
    return LoyaltyViewSetGroup()


class OfficialMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(can(request.user, "loyalty.manage"))


@hooks.register("register_admin_menu_item")
def register_approvals_menu_item():
    return OfficialMenuItem(
        _("Loyalty: approvals and verification"), reverse("loyalty:approvals"), icon_name="tick", order=261
    )
