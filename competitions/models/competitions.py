"""Competitions (otwarte konkursy ofert) and small grants, with the rules the offer generator enforces."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.fields import RichTextField
from wagtail.models import Orderable

from organisations.choices import LegalForm

from ..choices import PUBLIC_STATES, CompetitionMode, CompetitionState

# Art. 13 sec. 1: the deadline for offers is at least 21 days after the announcement.
MIN_DAYS_TO_DEADLINE = 21
# Art. 19a: a small grant is at most 10,000 zł for a task of at most 90 days.
SMALL_GRANT_MAX_AMOUNT = Decimal("10000")
SMALL_GRANT_MAX_DAYS = 90

PERCENT = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]
MONEY = {"max_digits": 12, "decimal_places": 2}


class CompetitionQuerySet(models.QuerySet):
    def public(self):
        """Announced at some point: a draft cancelled before its announcement stays private."""
        return self.filter(state__in=PUBLIC_STATES, announced_at__isnull=False)

    def open_for_offers(self, now=None):
        return self.filter(state=CompetitionState.ANNOUNCED, offer_deadline__gt=now or timezone.now())

    def past_deadline(self, now=None):
        return self.filter(state=CompetitionState.ANNOUNCED, offer_deadline__lte=now or timezone.now())


class Competition(ConcurrentTransitionMixin, ClusterableModel):
    """An open competition for offers, or a call for small grants, and its workflow state.

    The announcement fields are those art. 13 of the public-benefit act requires;
    the rule fields (grant limits, own contribution, period, legal forms, joint
    offers, attachments) are what the offer generator checks.
    """

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("address"), max_length=100, unique=True)
    signature = models.CharField(
        _("signature"), max_length=40, unique=True, help_text=_("The case mark, e.g. WSS-KOP/2027/01.")
    )
    mode = models.CharField(
        _("mode"), max_length=20, choices=CompetitionMode.choices, default=CompetitionMode.OPEN
    )
    sphere = models.ForeignKey(
        "organisations.PublicBenefitSphere",
        on_delete=models.PROTECT,
        related_name="competitions",
        verbose_name=_("type of public task (sphere)"),
    )
    task_type = models.CharField(
        _("public task"), max_length=500, help_text=_("The task as named in the announcement.")
    )
    announcement = RichTextField(
        _("announcement"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    funds_allotted = models.DecimalField(
        _("public funds allotted (zł)"), **MONEY, validators=[MinValueValidator(0)]
    )
    granting_rules = models.TextField(_("rules of granting the grant"))
    implementation_conditions = models.TextField(_("conditions of implementation"))
    implementation_start = models.DateField(_("implementation from"))
    implementation_end = models.DateField(_("implementation until"))
    offer_deadline = models.DateTimeField(
        _("deadline for offers"), help_text=_("Warsaw time. Offers are accepted until this moment.")
    )
    selection_procedure = models.TextField(_("procedure of selecting offers"))
    selection_criteria = models.TextField(_("criteria of selecting offers"))
    selection_date = models.DateField(_("date of selecting offers"))

    min_grant = models.DecimalField(_("minimum grant (zł)"), **MONEY, default=Decimal("0"))
    max_grant = models.DecimalField(_("maximum grant (zł)"), **MONEY)
    min_own_contribution = models.DecimalField(
        _("minimum own contribution (% of total costs)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=PERCENT,
    )
    min_own_financial = models.DecimalField(
        _("minimum own financial contribution (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=PERCENT,
    )
    min_own_non_financial = models.DecimalField(
        _("minimum own non-financial contribution (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=PERCENT,
    )
    max_administrative_share = models.DecimalField(
        _("maximum share of administrative costs (% of total costs)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PERCENT,
        help_text=_("Leave empty when the announcement sets no limit."),
    )
    eligible_legal_forms = models.JSONField(
        _("eligible legal forms"),
        default=list,
        blank=True,
        help_text=_("Leave empty to accept every legal form."),
    )
    joint_offers_allowed = models.BooleanField(_("joint offers allowed"), default=False)
    score_threshold = models.DecimalField(
        _("minimum average score for a grant"), max_digits=6, decimal_places=2, default=0
    )
    committee = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="committees", verbose_name=_("committee members")
    )

    state = FSMField(
        _("state"), default=CompetitionState.DRAFT, choices=CompetitionState.choices, protected=True
    )
    announced_at = models.DateTimeField(_("announced"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed for offers"), null=True, blank=True, editable=False)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, editable=False)
    cancellation_reason = models.TextField(_("reason for cancellation"), blank=True, editable=False)
    results_published_at = models.DateTimeField(_("results published"), null=True, blank=True, editable=False)
    results_decision = models.CharField(
        _("decision on the results"),
        max_length=300,
        blank=True,
        editable=False,
        help_text=_("E.g. the number and date of the Mayor's order."),
    )
    # The last sequence number given to an offer (001, 002, …): submissions take the next one in
    # one UPDATE, which also holds the row until their commit, so numbers never repeat or skip.
    offers_numbered = models.PositiveIntegerField(_("offers numbered"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-offer_deadline"]
        indexes = [models.Index(fields=["state", "offer_deadline"], name="competition_state_deadline")]

    def __str__(self):
        return f"{self.signature} – {self.title}"

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.implementation_start
            and self.implementation_end
            and self.implementation_end < self.implementation_start
        ):
            errors["implementation_end"] = _("The end of implementation must not be before its start.")
        if self.min_grant is not None and self.max_grant is not None and self.max_grant < self.min_grant:
            errors["max_grant"] = _("The maximum grant must not be lower than the minimum.")
        if (
            self.max_grant is not None
            and self.funds_allotted is not None
            and self.max_grant > self.funds_allotted
        ):
            errors["max_grant"] = _("The maximum grant must not exceed the funds allotted.")
        if self.mode == CompetitionMode.SMALL_GRANT:
            if self.max_grant is not None and self.max_grant > SMALL_GRANT_MAX_AMOUNT:
                errors["max_grant"] = _("A small grant is at most 10,000 zł (art. 19a).")
            if self.period_days and self.period_days > SMALL_GRANT_MAX_DAYS:
                errors["implementation_end"] = _(
                    "A task funded by a small grant lasts at most 90 days (art. 19a)."
                )
        unknown = set(self.eligible_legal_forms or []) - set(LegalForm.values)
        if unknown:
            errors["eligible_legal_forms"] = _("Unknown legal form: %(forms)s.") % {
                "forms": ", ".join(sorted(unknown))
            }
        if errors:
            raise ValidationError(errors)

    @property
    def period_days(self) -> int | None:
        """Length of the allowed implementation period in days, both ends included."""
        if self.implementation_start and self.implementation_end:
            return (self.implementation_end - self.implementation_start).days + 1
        return None

    # Conditions: named, side-effect free (used by the transitions and shown to officials).

    def deadline_allows_announcement(self, now=None) -> bool:
        """Art. 13: at least 21 days between publication and the deadline (small grants: in the future)."""
        now = now or timezone.now()
        if self.mode == CompetitionMode.SMALL_GRANT:
            return self.offer_deadline > now
        return self.offer_deadline - now >= timezone.timedelta(days=MIN_DAYS_TO_DEADLINE)

    def deadline_has_passed(self, now=None) -> bool:
        return self.offer_deadline <= (now or timezone.now())

    def state_at(self, now=None) -> str:
        """The state as people see it at ``now``: past its deadline an announced competition is
        closed, even while it waits for the beat task to close it (a page never writes)."""
        if self.state == CompetitionState.ANNOUNCED and self.deadline_has_passed(now):
            return CompetitionState.CLOSED
        return self.state

    @property
    def is_open_for_offers(self) -> bool:
        return self.state == CompetitionState.ANNOUNCED and not self.deadline_has_passed()

    # Transitions change only the state; services around them save, log and notify.

    @transition(
        field=state,
        source=CompetitionState.DRAFT,
        target=CompetitionState.ANNOUNCED,
        conditions=[deadline_allows_announcement],
    )
    def announce(self):
        pass

    @transition(
        field=state,
        source=CompetitionState.ANNOUNCED,
        target=CompetitionState.CLOSED,
        conditions=[deadline_has_passed],
    )
    def close(self):
        pass

    @transition(field=state, source=CompetitionState.CLOSED, target=CompetitionState.RESULTS_PUBLISHED)
    def publish_results(self):
        pass

    @transition(
        field=state,
        source=[CompetitionState.DRAFT, CompetitionState.ANNOUNCED, CompetitionState.CLOSED],
        target=CompetitionState.CANCELLED,
    )
    def cancel(self):
        pass


class PriorFunding(Orderable):
    """Art. 13 sec. 2 pt 7: same-type tasks funded this and last year, and the amounts."""

    competition = ParentalKey(Competition, on_delete=models.CASCADE, related_name="prior_funding")
    year = models.PositiveSmallIntegerField(_("year"))
    task = models.CharField(_("task"), max_length=300)
    amount = models.DecimalField(_("amount (zł)"), **MONEY)

    class Meta(Orderable.Meta):
        verbose_name = _("task funded earlier")


class RequiredAttachment(Orderable):
    competition = ParentalKey(Competition, on_delete=models.CASCADE, related_name="required_attachments")
    name = models.CharField(_("attachment"), max_length=200)
    description = models.CharField(_("description"), max_length=500, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("required attachment")

    def __str__(self):
        return self.name


class FormalCheckItem(Orderable):
    """A question of the formal check (part 2), e.g. "The offer was submitted on time"."""

    competition = ParentalKey(Competition, on_delete=models.CASCADE, related_name="formal_checklist")
    text = models.CharField(_("formal requirement"), max_length=300)

    class Meta(Orderable.Meta):
        verbose_name = _("formal checklist item")

    def __str__(self):
        return self.text


class MeritCriterion(Orderable):
    competition = ParentalKey(Competition, on_delete=models.CASCADE, related_name="merit_criteria")
    name = models.CharField(_("criterion"), max_length=300)
    max_points = models.PositiveSmallIntegerField(_("maximum points"), validators=[MinValueValidator(1)])

    class Meta(Orderable.Meta):
        verbose_name = _("merit criterion")

    def __str__(self):
        return self.name


class CompetitionDocument(Orderable):
    """A document attached to the announcement (templates, annexes, corrections)."""

    competition = ParentalKey(Competition, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        settings.WAGTAILDOCS_DOCUMENT_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("document"),
    )
    title = models.CharField(_("link text"), max_length=200, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("document of the competition")


class CompetitionTransition(models.Model):
    """Every change of a competition's state: who, when, from, to and why."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField(_("from"), max_length=20, choices=CompetitionState.choices)
    target = models.CharField(_("to"), max_length=20, choices=CompetitionState.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("change of state")
        verbose_name_plural = _("changes of state")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.competition}: {self.source} → {self.target}"
