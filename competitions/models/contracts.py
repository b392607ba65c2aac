"""Contracts (annex 3 of the 2018 regulation) and reports (annex 5) of granted offers."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from ..choices import ContractState, ReportKind, ReportState
from .offers import get_private_storage

MONEY = {"max_digits": 12, "decimal_places": 2}
TEMPLATE_IN_USE = _(
    "Contracts were already prepared from this version, so its text cannot change. "
    "Create a new version instead (and mark this one as no longer used for new contracts)."
)


class ContractTemplate(models.Model):
    """A version of the contract's text: a Django template rendered with the offer's data.

    Versions are never edited once a contract used them: a change of law is a new
    version, so contracts already made keep the text they were signed with (each
    ``Contract`` also stores its rendered text).
    """

    version = models.CharField(_("version"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    body = models.TextField(
        _("text of the contract"),
        help_text=_("Django template syntax; the variables are listed in the README (Contracts)."),
    )
    valid_from = models.DateField(_("valid from"))
    is_active = models.BooleanField(_("used for new contracts"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("contract template")
        verbose_name_plural = _("contract templates")
        ordering = ["-valid_from", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.version})"

    @property
    def is_in_use(self) -> bool:
        return bool(self.pk) and self.contracts.exists()

    def clean(self):
        # A version a contract was made from is frozen; a change of law is a new version.
        from django.core.exceptions import ValidationError

        super().clean()
        if self.is_in_use:
            stored = ContractTemplate.objects.get(pk=self.pk)
            frozen = ("version", "title", "legal_basis", "body", "valid_from")
            if any(getattr(stored, name) != getattr(self, name) for name in frozen):
                raise ValidationError(TEMPLATE_IN_USE, code="template_in_use")


def signed_scan_path(instance, filename):
    return f"contracts/{instance.pk}/signed/{filename}"


class Contract(ConcurrentTransitionMixin, models.Model):
    offer = models.OneToOneField(
        "competitions.Offer", on_delete=models.PROTECT, related_name="contract", verbose_name=_("offer")
    )
    template = models.ForeignKey(
        ContractTemplate, on_delete=models.PROTECT, related_name="contracts", verbose_name=_("template")
    )
    number = models.CharField(_("number"), max_length=60, unique=True)
    state = FSMField(
        _("state"), default=ContractState.PREPARED, choices=ContractState.choices, protected=True
    )
    grant_amount = models.DecimalField(_("grant (zł)"), **MONEY)
    own_contribution = models.DecimalField(_("own contribution (zł)"), **MONEY, default=0)
    instalments = models.JSONField(
        _("instalments"), default=list, blank=True, help_text=_('[{"due": "YYYY-MM-DD", "amount": "0.00"}]')
    )
    bank_account = models.CharField(_("bank account (IBAN)"), max_length=34)
    task_start = models.DateField(_("task from"))
    task_end = models.DateField(_("task until"))
    report_due = models.DateField(_("final report due"))
    # Ends of the partial reporting periods (ISO dates); each partial report is due 30 days later.
    partial_report_ends = models.JSONField(_("ends of partial reporting periods"), default=list, blank=True)
    signatory_city = models.CharField(_("signing for the city"), max_length=300, blank=True)
    signatory_organisation = models.CharField(_("signing for the organisation"), max_length=300, blank=True)
    text = models.TextField(_("text as prepared"), blank=True)
    pdf = models.FileField(_("PDF"), storage=get_private_storage, upload_to="contracts/", blank=True)
    signed_by_city_on = models.DateField(_("signed for the city on"), null=True, blank=True)
    signed_by_organisation_on = models.DateField(_("signed for the organisation on"), null=True, blank=True)
    signed_scan = models.FileField(
        _("scan of the signed contract"), storage=get_private_storage, upload_to=signed_scan_path, blank=True
    )
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    prepared_at = models.DateTimeField(_("prepared"), default=timezone.now)

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["-prepared_at", "-pk"]

    def __str__(self):
        return self.number

    @transition(field=state, source=ContractState.PREPARED, target=ContractState.SENT)
    def send_for_signature(self):
        pass

    @transition(field=state, source=ContractState.SENT, target=ContractState.SIGNED)
    def sign(self):
        pass

    @transition(
        field=state, source=[ContractState.SENT, ContractState.SIGNED], target=ContractState.TERMINATED
    )
    def terminate(self):
        pass

    @transition(field=state, source=ContractState.SIGNED, target=ContractState.SETTLED)
    def settle(self):
        pass


class Report(ConcurrentTransitionMixin, models.Model):
    """Sprawozdanie (annex 5): partial or final.

    ``content`` holds "activities" (rows: activity, carried out, notes), "results"
    (rows: result, planned level, achieved level, notes), "costs" (per source of
    financing: planned and actual), "personal_contribution" and "in_kind_contribution"
    with their descriptions, and "other" (free text).
    """

    offer = models.ForeignKey(
        "competitions.Offer", on_delete=models.PROTECT, related_name="reports", verbose_name=_("offer")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=ReportKind.choices)
    state = FSMField(_("state"), default=ReportState.DRAFT, choices=ReportState.choices, protected=True)
    period_from = models.DateField(_("period from"), null=True, blank=True)
    period_to = models.DateField(_("period until"), null=True, blank=True)
    due_date = models.DateField(_("due"))
    content = models.JSONField(_("content"), default=dict, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("comments of the official"), blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Reminders already sent, by key (e.g. "before-7", "after-1"), so beat never repeats one.
    reminders_sent = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["offer", "due_date", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.offer}"

    @transition(field=state, source=[ReportState.DRAFT, ReportState.RETURNED], target=ReportState.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=ReportState.SUBMITTED, target=ReportState.RETURNED)
    def return_with_comments(self):
        pass

    @transition(field=state, source=ReportState.SUBMITTED, target=ReportState.ACCEPTED)
    def accept(self):
        pass


def report_attachment_path(instance, filename):
    return f"reports/{instance.report_id}/{filename}"


class ReportAttachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField(_("name"), max_length=200)
    file = models.FileField(_("file"), storage=get_private_storage, upload_to=report_attachment_path)
    size = models.PositiveIntegerField(_("size"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment of a report")
        verbose_name_plural = _("attachments of reports")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class WorkflowEvent(models.Model):
    """Every transition of a contract, a report or an update: who, when, from, to and why.

    Offers and competitions keep their own logs (``OfferTransition``,
    ``CompetitionTransition``); the offer's timeline merges all of them.
    """

    offer = models.ForeignKey(
        "competitions.Offer",
        on_delete=models.CASCADE,
        related_name="workflow_events",
        verbose_name=_("offer"),
    )
    subject = models.CharField(_("subject"), max_length=20)  # "contract", "report", "update"
    subject_id = models.PositiveIntegerField()
    source = models.CharField(_("from"), max_length=20)
    target = models.CharField(_("to"), max_length=20)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("change of state")
        verbose_name_plural = _("changes of state")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.subject} {self.subject_id}: {self.source} → {self.target}"
