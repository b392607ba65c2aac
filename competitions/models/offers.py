"""Offers written in the offer generator: drafts saved at every step, then frozen on submission."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.functional import LazyObject
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from ..choices import OfferState


class PrivateStorage(LazyObject):
    """Offer PDFs and attachments live outside MEDIA_ROOT: they are served only by a view
    that checks who asks (the organisation and officials)."""

    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = PrivateStorage()


def get_private_storage():
    """For the fields: a callable, so migrations do not record a machine's PRIVATE_MEDIA_ROOT."""
    return private_storage


class OfferQuerySet(models.QuerySet):
    def of_organisation(self, organisation):
        return self.filter(organisation=organisation)

    def current(self):
        """Not replaced by a corrected version."""
        return self.filter(replaced_by__isnull=True)


class Offer(ConcurrentTransitionMixin, models.Model):
    """An organisation's offer in a competition (oferta realizacji zadania publicznego).

    ``content`` holds what the generator's steps collected, keyed by step, as the
    forms cleaned it; ``revision`` grows with every save so two people editing the
    same draft cannot silently overwrite each other.
    """

    competition = models.ForeignKey(
        "competitions.Competition",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("competition"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="offers",
        verbose_name=_("organisation"),
    )
    state = FSMField(_("state"), default=OfferState.DRAFT, choices=OfferState.choices, protected=True)
    title = models.CharField(_("title of the task"), max_length=300, blank=True)
    content = models.JSONField(_("content"), default=dict, blank=True)
    last_step = models.CharField(_("last step saved"), max_length=40, blank=True)
    revision = models.PositiveIntegerField(_("revision"), default=0)
    requested_grant = models.DecimalField(
        _("grant requested (zł)"), max_digits=12, decimal_places=2, default=0
    )
    total_cost = models.DecimalField(_("total cost (zł)"), max_digits=12, decimal_places=2, default=0)

    number = models.CharField(_("number"), max_length=60, blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    checksum = models.CharField(_("checksum"), max_length=64, blank=True)
    pdf = models.FileField(_("PDF"), storage=get_private_storage, upload_to="offers/", blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("saved by"),
    )
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    # Formal check: when returned, what to correct, which steps may change, and by when.
    correction_steps = models.JSONField(_("steps to correct"), default=list, blank=True)
    correction_deadline = models.DateTimeField(_("correct by"), null=True, blank=True)

    # Results: the amount the official proposed and the decision recorded.
    granted_amount = models.DecimalField(
        _("grant awarded (zł)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    # Settlement: what the organisation has to return after the final report.
    unspent_grant = models.DecimalField(
        _("grant to return (zł)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    objects = OfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-saved_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["number", "version"],
                condition=~models.Q(number=""),
                name="offer_unique_number_version",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "state"], name="offer_organisation_state")]

    def __str__(self):
        return self.display_number or self.title or str(_("Draft offer"))

    @property
    def display_number(self) -> str:
        if not self.number:
            return ""
        return self.number if self.version == 1 else f"{self.number} (v{self.version})"

    @property
    def is_editable(self) -> bool:
        return self.state == OfferState.DRAFT

    @property
    def resume_step(self) -> str:
        """Where "Continue" takes a person: the step after the last one saved."""
        from ..offer_forms import STEPS

        names = [n for n, _form, _h in STEPS if n != "partners" or self.competition.joint_offers_allowed]
        if self.last_step not in names:
            return names[0]
        return names[min(names.index(self.last_step) + 1, len(names) - 1)]

    @property
    def comments_until(self):
        """Art. 19a: a submitted small-grant offer is open for comments for 7 days."""
        from ..choices import CompetitionMode

        if self.competition.mode != CompetitionMode.SMALL_GRANT or not self.submitted_at:
            return None
        return self.submitted_at + timezone.timedelta(days=7)

    def state_at(self, now=None) -> str:
        """The state as people see it at ``now``: a returned offer past its correction deadline is
        formally rejected, even while it waits for the beat task to reject it (a page never writes)."""
        if (
            self.state == OfferState.RETURNED
            and self.correction_deadline
            and self.correction_deadline < (now or timezone.now())
        ):
            return OfferState.FORMALLY_REJECTED
        return self.state

    @property
    def is_open_for_comments(self) -> bool:
        until = self.comments_until
        return bool(until and self.state == OfferState.SUBMITTED and timezone.now() <= until)

    def step_data(self, step: str) -> dict:
        return (self.content or {}).get(step, {})

    @transition(field=state, source=OfferState.DRAFT, target=OfferState.SUBMITTED)
    def submit(self):
        pass

    @transition(field=state, source=OfferState.SUBMITTED, target=OfferState.WITHDRAWN)
    def withdraw(self):
        pass

    # Part 2. Transitions change only the state; services check permissions, save, log and notify
    # (``evaluation_services``, ``contract_services``, ``report_services``).

    @transition(field=state, source=OfferState.SUBMITTED, target=OfferState.FORMALLY_CORRECT)
    def accept_formally(self):
        pass

    @transition(field=state, source=OfferState.SUBMITTED, target=OfferState.RETURNED)
    def return_for_correction(self):
        pass

    @transition(field=state, source=OfferState.RETURNED, target=OfferState.CORRECTED)
    def replace_with_correction(self):
        pass

    @transition(
        field=state, source=[OfferState.SUBMITTED, OfferState.RETURNED], target=OfferState.FORMALLY_REJECTED
    )
    def reject_formally(self):
        pass

    @transition(field=state, source=OfferState.FORMALLY_CORRECT, target=OfferState.GRANTED)
    def grant(self):
        pass

    @transition(field=state, source=OfferState.FORMALLY_CORRECT, target=OfferState.NOT_GRANTED)
    def refuse_grant(self):
        pass

    @transition(field=state, source=OfferState.GRANTED, target=OfferState.CONTRACTED)
    def sign_contract(self):
        pass

    @transition(field=state, source=OfferState.CONTRACTED, target=OfferState.SETTLED)
    def settle(self):
        pass

    @transition(field=state, source=[OfferState.GRANTED, OfferState.CONTRACTED], target=OfferState.TERMINATED)
    def terminate(self):
        pass


def attachment_path(instance, filename):
    return f"offers/{instance.offer_id}/attachments/{filename}"


class OfferAttachment(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="attachments")
    required = models.ForeignKey(
        "competitions.RequiredAttachment",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("required attachment"),
    )
    name = models.CharField(_("name"), max_length=200)
    # The uploaded file's own (sanitised) name, shown and used for downloads; the storage
    # name is random, so nothing a person typed ends up in a path.
    file_name = models.CharField(_("file name"), max_length=200, blank=True)
    file = models.FileField(_("file"), storage=get_private_storage, upload_to=attachment_path)
    size = models.PositiveIntegerField(_("size"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self):
        return self.name

    @property
    def download_name(self) -> str:
        """The name people see and download the file under (older rows: the requirement's name)."""
        if self.file_name:
            return self.file_name
        extension = self.file.name.rsplit(".", 1)[-1] if "." in self.file.name else ""
        return f"{self.name}.{extension}" if extension else self.name


class OfferTransition(models.Model):
    """Every change of an offer's state: who, when, from, to and why."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="transitions")
    source = models.CharField(_("from"), max_length=20, choices=OfferState.choices)
    target = models.CharField(_("to"), max_length=20, choices=OfferState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(_("when"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.offer}: {self.source} → {self.target}"


class OfferComment(models.Model):
    """Art. 19a sec. 3: anyone may comment on a small-grant offer within 7 days of its publication.

    Comments go to the officials who decide on the grant; they are not published.
    """

    offer = models.ForeignKey(
        Offer, on_delete=models.CASCADE, related_name="comments", verbose_name=_("offer")
    )
    author_name = models.CharField(_("name"), max_length=200)
    author_email = models.EmailField(_("e-mail address"))
    text = models.TextField(_("comment"), max_length=5000)
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("comment on an offer")
        verbose_name_plural = _("comments on offers")
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author_name}: {self.offer}"
