"""The organisation's side of a granted offer: its contract and its reports (under /konto/oferty/)."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.permissions import can

from . import budget, report_services
from .choices import ReportState
from .contract_documents import render_contract_pdf
from .contract_services import scan_download_name
from .models import Contract, Offer, Report
from .parsing import REVISION_INVALID, AmountInput, revision_of

TEXT = forms.Textarea(attrs={"rows": 3})


def _offer(request, pk, action="offer.view") -> Offer:
    offer = get_object_or_404(Offer.objects.select_related("competition", "organisation"), pk=pk)
    decision = can(request.user, action, offer)
    if not decision:
        raise PermissionDenied(decision.reason)
    return offer


def _contract(offer) -> Contract:
    contract = Contract.objects.filter(offer=offer).select_related("template").first()
    if contract is None:
        raise Http404
    return contract


def _report(offer, report_pk) -> Report:
    return get_object_or_404(Report.objects.select_related("offer__organisation"), pk=report_pk, offer=offer)


@login_required
def contract_detail(request, pk):
    """The contract's state, its PDF and signed scan, and the reports it requires."""
    offer = _offer(request, pk)
    contract = Contract.objects.filter(offer=offer).select_related("template").first()
    context = {
        "offer": offer,
        "contract": contract,
        "reports": offer.reports.all(),
        "events": offer.workflow_events.filter(subject__in=["contract", "report"]).select_related("by"),
        "can_report": can(request.user, "offer.report", offer),
    }
    return render(request, "competitions/contracts/detail.html", context)


@login_required
def contract_pdf(request, pk):
    offer = _offer(request, pk)
    contract = _contract(offer)
    if not contract.pdf:
        # The task has not stored it yet (or the broker was down): render it for this download
        # only; storing it is the task's job, not a GET's.
        return _unstored_contract_pdf(contract)
    return FileResponse(
        contract.pdf.open("rb"), content_type="application/pdf", filename=contract.pdf.name.rsplit("/", 1)[-1]
    )


def _unstored_contract_pdf(contract) -> HttpResponse:
    response = HttpResponse(render_contract_pdf(contract), content_type="application/pdf")
    name = f"umowa-{contract.number.replace('/', '-')}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@login_required
def contract_scan(request, pk):
    offer = _offer(request, pk)
    contract = _contract(offer)
    if not contract.signed_scan:
        raise Http404
    return FileResponse(
        contract.signed_scan.open("rb"),
        as_attachment=True,
        filename=scan_download_name(contract),
    )


@login_required
def report_list(request, pk):
    offer = _offer(request, pk)
    return render(
        request,
        "competitions/reports/list.html",
        {
            "offer": offer,
            "reports": offer.reports.all(),
            "can_report": can(request.user, "offer.report", offer),
        },
    )


class ReportForm(forms.Form):
    """Annex 5 as one form: the rows come from the offer (activities, results, sources of financing)."""

    def __init__(self, *args, content: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.content = content
        for index, row in enumerate(content["activities"]):
            self.fields[f"activity_{index}"] = forms.CharField(
                label=row["name"],
                required=False,
                widget=TEXT,
                max_length=4000,
                initial=row["carried_out"],
                help_text=gettext_lazy("Planned: %(dates)s") % {"dates": row["planned"]},
            )
        for index, row in enumerate(content["results"]):
            self.fields[f"result_{index}"] = forms.CharField(
                label=row["result"],
                required=False,
                max_length=300,
                initial=row["achieved_level"],
                help_text=gettext_lazy("Planned level: %(level)s") % {"level": row["planned_level"]},
            )
            self.fields[f"result_notes_{index}"] = forms.CharField(
                label=gettext_lazy("Notes"), required=False, max_length=1000, initial=row["notes"]
            )
        for source in budget.SOURCES:
            self.fields[f"cost_{source}"] = forms.CharField(
                label=report_services.SOURCE_NAMES[source],
                required=False,
                max_length=20,
                widget=AmountInput(),
                initial=content["costs"][source]["actual"],
                help_text=gettext_lazy("Planned: %(amount)s")
                % {"amount": budget.pln(content["costs"][source]["planned"])},
            )
        self.fields["costs_total_actual"] = forms.CharField(
            label=gettext_lazy("Total actual costs"),
            required=False,
            max_length=20,
            widget=AmountInput(),
            initial=content["costs_total_actual"],
        )
        for name, label in (
            (
                "personal_contribution",
                gettext_lazy("Personal contribution: who worked and how (volunteers, members)"),
            ),
            (
                "in_kind_contribution",
                gettext_lazy("In-kind contribution: premises, equipment, materials used"),
            ),
            ("other", gettext_lazy("Other information")),
        ):
            self.fields[name] = forms.CharField(
                label=label, required=False, widget=TEXT, max_length=4000, initial=content[name]
            )

    def activity_fields(self):
        return [self[f"activity_{i}"] for i in range(len(self.content["activities"]))]

    def result_fields(self):
        return [(self[f"result_{i}"], self[f"result_notes_{i}"]) for i in range(len(self.content["results"]))]

    def cost_fields(self):
        return [
            (self[f"cost_{source}"], self.content["costs"][source]["planned"]) for source in budget.SOURCES
        ]

    def to_content(self) -> dict:
        data, content = self.cleaned_data, dict(self.content)
        content["activities"] = [
            {**row, "carried_out": data[f"activity_{i}"]} for i, row in enumerate(self.content["activities"])
        ]
        content["results"] = [
            {**row, "achieved_level": data[f"result_{i}"], "notes": data[f"result_notes_{i}"]}
            for i, row in enumerate(self.content["results"])
        ]
        content["costs"] = {
            source: {**self.content["costs"][source], "actual": data[f"cost_{source}"].strip()}
            for source in budget.SOURCES
        }
        for name in ("costs_total_actual", "personal_contribution", "in_kind_contribution", "other"):
            content[name] = data[name].strip()
        return content


@login_required
def report_form(request, pk, report_pk):
    """Write the report (save as often as needed), then submit it."""
    offer = _offer(request, pk)
    report = _report(offer, report_pk)
    editable = report.state in (ReportState.DRAFT, ReportState.RETURNED) and can(
        request.user, "offer.report", offer
    )
    content = report_services.report_content(report)
    form = ReportForm(request.POST or None, content=content)
    if request.method == "POST":
        if not editable:
            raise PermissionDenied(_("This report can no longer be changed."))
        revision = revision_of(request.POST)
        if revision is None:
            # A damaged page: nothing is saved; the bound form shows back what was typed.
            messages.error(request, REVISION_INVALID)
        elif form.is_valid():
            try:
                if request.POST.get("action") == "submit":
                    report_services.submit_report(
                        user=request.user, report=report, content=form.to_content(), revision=revision
                    )
                    messages.success(request, _("The report is submitted. The city hall will review it."))
                    return redirect("offers:reports", pk=offer.pk)
                report_services.save_report(
                    user=request.user, report=report, content=form.to_content(), revision=revision
                )
                messages.success(request, _("The report is saved."))
                return redirect("offers:report", pk=offer.pk, report_pk=report.pk)
            except report_services.ReportChangedMeanwhile as conflict:
                who = conflict.report.submitted_by or _("Someone else")
                messages.error(request, report_services.CHANGED_MEANWHILE % {"who": who})
                return redirect("offers:report", pk=offer.pk, report_pk=report.pk)
            except ValidationError as error:
                # The form keeps what the person typed; nothing was saved.
                for message in error.messages:
                    messages.error(request, message)
                report.refresh_from_db()
    context = {
        "offer": offer,
        "report": report,
        "form": form,
        "editable": editable,
        "attachments": report.attachments.all(),
        "unspent": report_services.unspent_grant(report) if report.content else None,
    }
    return render(request, "competitions/reports/form.html", context)


@login_required
@require_POST
def upload_report_attachment(request, pk, report_pk):
    offer = _offer(request, pk, "offer.report")
    report = _report(offer, report_pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            report_services.add_report_attachment(user=request.user, report=report, upload=upload)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s is attached.") % {"name": upload.name})
    return redirect("offers:report", pk=offer.pk, report_pk=report.pk)


@login_required
@require_POST
def remove_report_attachment(request, pk, report_pk, attachment_pk):
    offer = _offer(request, pk, "offer.report")
    report = _report(offer, report_pk)
    try:
        report_services.remove_report_attachment(
            user=request.user, report=report, attachment_pk=attachment_pk
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("offers:report", pk=offer.pk, report_pk=report.pk)


@login_required
def download_report_attachment(request, pk, report_pk, attachment_pk):
    offer = _offer(request, pk)
    report = _report(offer, report_pk)
    attachment = report.attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
