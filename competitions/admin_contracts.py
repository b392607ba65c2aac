"""Officials' screens for contracts and reports in the Wagtail admin.

* Contracts (menu): granted offers with their contracts, filterable by competition;
* the contract screen of one offer: prepare, send for signature, record the signatures
  with the scan, terminate (``contract_services``);
* the review of a report: accept or return with comments, with the grant to return
  computed before a final report is accepted (``report_services``);
* contract templates: versions of the text; a version in use cannot be edited.
"""

from datetime import date

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import can_proceed
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from portal.admin_permissions import CanPermissionPolicy
from portal.permissions import can, ensure
from portal.validators import BankAccountField

from . import budget, contract_services, report_services
from .choices import OfferState, ReportKind
from .contract_documents import render_contract_pdf
from .models import Competition, Contract, ContractTemplate, Offer, Report
from .parsing import money_field, parameter_int

CONTRACT_OFFER_STATES = [OfferState.GRANTED, OfferState.CONTRACTED, OfferState.SETTLED, OfferState.TERMINATED]
DATE = forms.DateInput(attrs={"type": "date"})


# --- Forms --------------------------------------------------------------------------------------


class PrepareForm(forms.Form):
    bank_account = BankAccountField(
        label=gettext_lazy("Organisation's bank account (NRB or IBAN)"),
        max_length=26,
        help_text=gettext_lazy("26 digits, optionally with PL in front; spaces are ignored."),
    )
    signatory_city = forms.CharField(
        label=gettext_lazy("Signing for the city (name, position, authorisation)"), max_length=300
    )
    signatory_organisation = forms.CharField(
        label=gettext_lazy("Signing for the organisation (names and functions, as in KRS)"), max_length=300
    )
    partial_report_ends = forms.CharField(
        label=gettext_lazy("Partial reports: ends of the reporting periods (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "One date a line (DD.MM.YYYY); each partial report is due 30 days after its period ends."
        ),
    )

    def clean_partial_report_ends(self):
        days = []
        for line in self.cleaned_data["partial_report_ends"].split():
            line = line.strip().rstrip(",;")
            for parse in (date.fromisoformat, lambda v: date(*reversed([int(p) for p in v.split(".")]))):
                try:
                    days.append(parse(line).isoformat())
                    break
                except (ValueError, TypeError):
                    continue
            else:
                raise ValidationError(_("%(value)s is not a date (DD.MM.YYYY).") % {"value": line})
        return days


class InstalmentForm(forms.Form):
    due = forms.DateField(label=gettext_lazy("due"), widget=DATE, required=False)
    amount = money_field(label=gettext_lazy("amount (zł)"), required=False)


InstalmentFormSet = forms.formset_factory(InstalmentForm, extra=0, min_num=3, max_num=12)


class SendForm(forms.Form):
    comment = forms.CharField(label=gettext_lazy("Comment"), required=False, max_length=500)


class SignForm(forms.Form):
    city_date = forms.DateField(label=gettext_lazy("Signed for the city on"), widget=DATE)
    organisation_date = forms.DateField(label=gettext_lazy("Signed for the organisation on"), widget=DATE)
    scan = forms.FileField(
        label=gettext_lazy("Scan of the signed contract (PDF, JPEG or PNG, up to 10 MB)"), required=False
    )


class TerminateForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for terminating the contract"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comments for the organisation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Required when you return the report."),
    )


# --- Views --------------------------------------------------------------------------------------


def contract_list(request):
    ensure(request.user, "contract.manage")
    offers = (
        Offer.objects.filter(state__in=CONTRACT_OFFER_STATES)
        .select_related("competition", "organisation", "contract")
        .order_by("competition__signature", "number")
    )
    competition = None
    competition_pk = parameter_int(request.GET.get("competition"))
    if competition_pk is not None:
        competition = Competition.objects.filter(pk=competition_pk).first()
        if competition:
            offers = offers.filter(competition=competition)
    rows = [(offer, getattr(offer, "contract", None)) for offer in offers]
    context = {
        "rows": rows,
        "competition": competition,
        "page_title": _("Contracts"),
        "pending_reports": Report.objects.filter(state="submitted").select_related("offer__organisation"),
    }
    return TemplateResponse(request, "competitions/contracts/admin/list.html", context)


def _initial_instalments(offer):
    task = (offer.content or {}).get("task") or {}
    return [{"due": task.get("start"), "amount": offer.granted_amount}]


def contract_screen(request, offer_pk):
    ensure(request.user, "contract.manage")
    offer = get_object_or_404(Offer.objects.select_related("competition", "organisation"), pk=offer_pk)
    contract = Contract.objects.filter(offer=offer).select_related("template").first()
    action = request.POST.get("action") if request.method == "POST" else None
    offeror = (offer.content or {}).get("offeror") or {}
    prepare_form = PrepareForm(
        request.POST if action == "prepare" else None,
        initial={"bank_account": offeror.get("bank_account", "")},
    )
    instalments = InstalmentFormSet(
        request.POST if action == "prepare" else None,
        prefix="instalments",
        initial=_initial_instalments(offer),
    )
    send_form = SendForm(request.POST if action == "send" else None)
    sign_form = SignForm(
        request.POST if action == "sign" else None, request.FILES if action == "sign" else None
    )
    terminate_form = TerminateForm(request.POST if action == "terminate" else None)
    if action:
        try:
            done = _act(
                request,
                action,
                offer,
                contract,
                prepare_form,
                instalments,
                send_form,
                sign_form,
                terminate_form,
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if done:
                messages.success(request, done)
                return redirect("contracts_admin:contract", offer_pk=offer.pk)
    update = contract_services.accepted_update(offer)
    context = {
        "offer": offer,
        "contract": contract,
        "prepare_form": prepare_form,
        "instalments": instalments,
        "send_form": send_form,
        "sign_form": sign_form,
        "terminate_form": terminate_form,
        "can_prepare": contract is None and offer.state == OfferState.GRANTED,
        "needs_update": offer.granted_amount is not None
        and budget.money(offer.granted_amount) < budget.money(offer.requested_grant)
        and update is None,
        "can_send": contract is not None and can_proceed(contract.send_for_signature),
        "can_sign": contract is not None and can_proceed(contract.sign),
        "can_terminate": contract is not None and can_proceed(contract.terminate),
        "reports": offer.reports.all(),
        "events": offer.workflow_events.select_related("by"),
        "page_title": _("Contract"),
    }
    return TemplateResponse(request, "competitions/contracts/admin/contract.html", context)


def _act(request, action, offer, contract, prepare_form, instalments, send_form, sign_form, terminate_form):
    """Run one action of the contract screen; the message to show, or None when a form is invalid."""
    user = request.user
    if action == "prepare" and prepare_form.is_valid() and instalments.is_valid():
        rows = [row for row in instalments.cleaned_data if row and (row.get("due") or row.get("amount"))]
        data = prepare_form.cleaned_data
        created = contract_services.prepare_contract(
            user=user,
            offer=offer,
            bank_account=data["bank_account"],
            instalments=rows,
            signatory_city=data["signatory_city"],
            signatory_organisation=data["signatory_organisation"],
            partial_report_ends=data["partial_report_ends"],
        )
        return _("Contract %(number)s is prepared; its PDF is being rendered.") % {"number": created.number}
    if contract is None:
        return None
    if action == "send" and send_form.is_valid():
        contract_services.send_for_signature(
            user=user, contract=contract, comment=send_form.cleaned_data["comment"]
        )
        return _("The contract is sent for signature; the organisation is notified.")
    if action == "sign" and sign_form.is_valid():
        data = sign_form.cleaned_data
        contract_services.record_signature(
            user=user,
            contract=contract,
            city_date=data["city_date"],
            organisation_date=data["organisation_date"],
            scan=data["scan"],
        )
        return _("The signatures are recorded; the offer is contracted and its reports are due.")
    if action == "terminate" and terminate_form.is_valid():
        contract_services.terminate_contract(
            user=user, contract=contract, reason=terminate_form.cleaned_data["reason"]
        )
        return _("The contract is terminated.")
    return None


def contract_file(request, pk, which):
    ensure(request.user, "contract.manage")
    contract = get_object_or_404(Contract, pk=pk)
    if which == "pdf":
        if not contract.pdf:
            # Not stored by the task yet: rendered for this download only (a GET stores nothing).
            return HttpResponse(render_contract_pdf(contract), content_type="application/pdf")
        return FileResponse(
            contract.pdf.open("rb"),
            content_type="application/pdf",
            filename=contract.pdf.name.rsplit("/", 1)[-1],
        )
    if not contract.signed_scan:
        raise Http404
    return FileResponse(
        contract.signed_scan.open("rb"),
        as_attachment=True,
        filename=contract_services.scan_download_name(contract),
    )


def report_review(request, report_pk):
    ensure(request.user, "report.review")
    report = get_object_or_404(
        Report.objects.select_related("offer__organisation", "offer__competition"), pk=report_pk
    )
    action = request.POST.get("action") if request.method == "POST" else None
    form = ReviewForm(request.POST if action else None)
    if action and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if action == "accept":
                report_services.accept_report(user=request.user, report=report, comment=comment)
                messages.success(request, _("The report is accepted."))
            elif action == "return":
                report_services.return_report(user=request.user, report=report, comment=comment)
                messages.success(request, _("The report is returned to the organisation with your comments."))
            return redirect("contracts_admin:report", report_pk=report.pk)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
    content = report_services.report_content(report)
    contract = Contract.objects.filter(offer=report.offer).first()
    actual = report_services.actual_costs(content)
    context = {
        "report": report,
        "offer": report.offer,
        "contract": contract,
        "content": content,
        "costs": [
            (report_services.SOURCE_NAMES[s], content["costs"][s]["planned"], content["costs"][s]["actual"])
            for s in budget.SOURCES
        ],
        "actual_total": sum(actual.values()),
        "form": form,
        "can_review": report.state == "submitted" and can(request.user, "report.review", report),
        "unspent": report_services.unspent_grant(report) if report.kind == ReportKind.FINAL else None,
        "return_by": report_services.return_deadline(contract) if contract else None,
        "attachments": report.attachments.all(),
        "page_title": _("Report"),
    }
    return TemplateResponse(request, "competitions/contracts/admin/report.html", context)


def report_attachment(request, report_pk, attachment_pk):
    ensure(request.user, "report.review")
    attachment = get_object_or_404(Report, pk=report_pk).attachments.filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


urlpatterns = [
    path("", contract_list, name="list"),
    path("oferta/<int:offer_pk>/", contract_screen, name="contract"),
    path("<int:pk>/pdf/", contract_file, {"which": "pdf"}, name="pdf"),
    path("<int:pk>/skan/", contract_file, {"which": "scan"}, name="scan"),
    path("sprawozdanie/<int:report_pk>/", report_review, name="report"),
    path(
        "sprawozdanie/<int:report_pk>/zalacznik/<int:attachment_pk>/",
        report_attachment,
        name="report_attachment",
    ),
]


@hooks.register("register_admin_urls")
def register_contract_urls():
    return [path("umowy/", include((urlpatterns, "contracts_admin"), namespace="contracts_admin"))]


class ContractsMenuItem(MenuItem):
    def is_shown(self, request):
        return bool(can(request.user, "contract.manage"))


@hooks.register("register_admin_menu_item")
def register_contracts_menu_item():
    return ContractsMenuItem(_("Contracts"), reverse("contracts_admin:list"), icon_name="doc-full", order=195)


# --- Contract templates -------------------------------------------------------------------------


class ContractTemplateViewSet(ModelViewSet):
    model = ContractTemplate
    icon = "doc-full"
    menu_label = gettext_lazy("Contract templates")
    add_to_admin_menu = False
    list_display = ["version", "title", "valid_from", Column("is_active", label=gettext_lazy("in use"))]
    ordering = ["-valid_from"]
    inspect_view_enabled = True
    copy_view_enabled = True
    # Editing a version a contract already uses is refused by ContractTemplate.clean(), which the
    # admin form runs; officials copy the version instead ("Copy") and give the copy a new number.
    panels = [
        FieldRowPanel([FieldPanel("version"), FieldPanel("valid_from"), FieldPanel("is_active")]),
        FieldPanel("title"),
        FieldPanel("legal_basis"),
        FieldPanel("body"),
    ]


register_permission_policy(
    ContractTemplate,
    CanPermissionPolicy(
        ContractTemplate,
        actions={"view": "contract.manage", "add": "contract.manage", "change": "contract.manage"},
    ),
    exact_class=True,
)


@hooks.register("register_admin_viewset")
def register_contract_template_viewset():
    return ContractTemplateViewSet("contract_templates")
