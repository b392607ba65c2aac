"""A person's own data: a copy of what the portal holds about them, and erasure of the account.

The copy is found generically: every model in every installed app with a foreign key (or
many-to-many) to the user model is asked for the person's rows, so a new app's model is
included without anyone remembering to list it here. Only *how much* of a row is shown is
decided here: records that are the person's own (``FULL_RECORDS``) with their fields, the rest
(offers, reports, contracts, revisions, audit entries: documents of an organisation or of the
city) as references: what it is, which one, through which field, and when.

Erasure anonymises rather than deletes: offers, contracts and reports an organisation
submitted must be kept (archiving and public-finance rules), so the rows stay and point to
an account that no longer says who it was; pages show it as "former member".
"""

import json
from datetime import date, datetime
from decimal import Decimal
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Invitation, Membership
from ..models.users import FORMER_MEMBER

SOLE_ADMIN = _(
    "You are the only administrator of %(organisations)s, which has other members. "
    "Make one of them an administrator first, then delete your account."
)
STAFF_ACCOUNT = _(
    "Accounts of city staff are closed by the portal administrator, not by their owners. "
    "Ask the administrator to close yours."
)

# Records that are the person's own and are exported with their fields; every other model
# with a link to the person is listed as references (see the module docstring).
FULL_RECORDS = {
    "organisations.membership",
    "organisations.invitation",
    "notifications.notification",
    "competitions.conflictdeclaration",
    "wagtailusers.userprofile",
}
# Never exported, whatever the model: secrets that would let someone act as the person.
SECRET_FIELDS = {"password", "key", "key_hash", "bin_key", "token", "secret", "session_key", "session_data"}
ACCOUNT_FIELDS = ("id", "email", "first_name", "last_name", "phone", "date_joined", "last_login", "is_active")


def anonymised_email(user) -> str:
    """The address an erased account keeps (``User.erased_email``)."""
    return user.erased_email


def is_former_member(user) -> bool:
    return user is not None and user.is_former_member


def person_label(user) -> str:
    """How a person is named next to what they did: "former member" once the account is erased."""
    return "" if user is None else str(user)


def user_relations() -> list[tuple[type[models.Model], models.Field]]:
    """Every (model, field) of the installed apps that links a row to a person."""
    user_model = get_user_model()
    found = []
    for model in apps.get_models():
        if model._meta.proxy or model is user_model:
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey | models.ManyToManyField)
                and field.related_model is user_model
                and field.model is model  # a field inherited from a parent model is the parent's row
            ):
                found.append((model, field))
    return found


def _plain(value):
    if isinstance(value, datetime | date | Decimal):
        return value
    if isinstance(value, models.Model):
        return {"id": value.pk, "label": str(value)}
    if isinstance(value, models.fields.files.FieldFile):
        return value.name.rsplit("/", 1)[-1] if value else ""
    return value


def _full_record(obj) -> dict:
    record = {}
    for field in obj._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        record[field.name] = _plain(getattr(obj, field.name))
    return record


def _reference(obj, field) -> dict:
    reference = {"id": obj.pk, "label": str(obj), "as": str(field.verbose_name)}
    for other in obj._meta.concrete_fields:
        if isinstance(other, models.DateTimeField | models.DateField) and getattr(obj, other.attname):
            reference[other.name] = getattr(obj, other.attname)
    return reference


def _login_history(user) -> dict:
    """What django-axes keeps of the person's sign-ins, found by the login identifier."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    username = user.get_username()
    fields = ("ip_address", "user_agent", "attempt_time")
    return {
        "sign_ins": list(
            AccessLog.objects.filter(username__iexact=username)
            .order_by("attempt_time")
            .values(*fields, "logout_time")
        ),
        "failed_sign_ins": list(
            AccessFailureLog.objects.filter(username__iexact=username)
            .order_by("attempt_time")
            .values(*fields, "locked_out")
        ),
        "current_lockout_counters": list(
            AccessAttempt.objects.filter(username__iexact=username)
            .order_by("attempt_time")
            .values(*fields, "failures_since_start")
        ),
    }


def _account_changes(user) -> list[dict]:
    """The audit log's entries about the account itself (who changed what in it, and when)."""
    from auditlog.models import LogEntry

    entries = LogEntry.objects.get_for_object(user).order_by("timestamp")
    return [
        {"timestamp": entry.timestamp, "action": entry.get_action_display(), "changes": entry.changes}
        for entry in entries
    ]


def personal_data_collect(*, user) -> dict:
    """Everything the portal holds about ``user``, as plain values ready for JSON."""
    account = {name: getattr(user, name) for name in ACCOUNT_FIELDS}
    account["roles"] = sorted(str(role.label) for role in user.roles)
    account["groups"] = sorted(user.groups.values_list("name", flat=True))
    records: dict[str, dict] = {}
    for model, field in user_relations():
        label = model._meta.label_lower
        rows = model._default_manager.filter(**{field.name: user}).order_by("pk")
        if label in FULL_RECORDS:
            items = [_full_record(obj) for obj in rows.iterator()]
        else:
            items = [_reference(obj, field) for obj in rows.iterator()]
        if not items:
            continue
        entry = records.setdefault(label, {"name": str(model._meta.verbose_name_plural), "items": []})
        known = {item["id"] for item in entry["items"]}
        entry["items"].extend(item for item in items if item["id"] not in known)
    invitations = Invitation.objects.filter(email__iexact=user.email).select_related("organisation")
    return {
        "generated_at": timezone.now(),
        "account": account,
        "records": records,
        "invitations_received": [_full_record(invitation) for invitation in invitations],
        "login_history": _login_history(user),
        "account_changes": _account_changes(user),
    }


def personal_data_json(*, user) -> bytes:
    """The copy as a UTF-8 JSON document (dates in ISO 8601, amounts as strings)."""
    data = personal_data_collect(user=user)
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()


def erasure_refusals(*, user) -> list[str]:
    """Why ``user`` may not erase their account now; empty when they may."""
    if user.is_staff or user.is_superuser or user.groups.exists():
        return [str(STAFF_ACCOUNT)]
    sole = []
    for membership in Membership.objects.filter(user=user, is_admin=True).select_related("organisation"):
        others = Membership.objects.filter(organisation=membership.organisation).exclude(user=user)
        if others.exists() and not others.filter(is_admin=True).exists():
            sole.append(membership.organisation.name)
    if sole:
        return [str(SOLE_ADMIN) % {"organisations": ", ".join(f"„{name}”" for name in sorted(sole))}]
    return []


def _end_sessions(user) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if session.get_decoded().get("_auth_user_id") == str(user.pk):
            # Through the store, so that a cached_db session also leaves the cache.
            store(session_key=session.session_key).delete()


def _forget_login_identifier(old_email: str, new_email: str) -> None:
    """Sign-in records stay for security, under the anonymised address; lockout counters go."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    AccessLog.objects.filter(username__iexact=old_email).update(username=new_email)
    AccessFailureLog.objects.filter(username__iexact=old_email).update(username=new_email)
    AccessAttempt.objects.filter(username__iexact=old_email).delete()


def _scrub(value, replacements: dict[str, str]):
    if isinstance(value, str):
        for old, new in replacements.items():
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [_scrub(item, replacements) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, replacements) for key, item in value.items()}
    return value


def _scrub_audit_log(*, user, new_email: str, replacements: dict[str, str], membership_pks, invitation_pks):
    """Remove the person's address and name from audit entries about them or done by them;
    the entries themselves (what changed, when, from where) stay for the city's records."""
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    about = (
        models.Q(content_type=ContentType.objects.get_for_model(user), object_pk=str(user.pk))
        | models.Q(
            content_type=ContentType.objects.get_for_model(Membership),
            object_pk__in=[str(pk) for pk in membership_pks],
        )
        | models.Q(
            content_type=ContentType.objects.get_for_model(Invitation),
            object_pk__in=[str(pk) for pk in invitation_pks],
        )
    )
    LogEntry.objects.filter(actor=user).update(actor_email=new_email)
    for entry in LogEntry.objects.filter(about).iterator():
        entry.object_repr = _scrub(entry.object_repr, replacements)
        entry.changes_text = _scrub(entry.changes_text, replacements)
        entry.changes = _scrub(entry.changes, replacements)
        entry.serialized_data = None
        entry.additional_data = _scrub(entry.additional_data, replacements)
        entry.save(
            update_fields=["object_repr", "changes_text", "changes", "serialized_data", "additional_data"]
        )


@transaction.atomic
def person_erase(*, user, language: str = "pl") -> None:
    """Anonymise ``user``'s account (RODO art. 17) and keep what the law requires.

    The account row stays, so offers, contracts and reports keep their author, but it no
    longer says who that was: no names or phone, an undeliverable unique address, an unusable
    password, inactive. Memberships, second-factor devices, notifications and sessions go.
    A confirmation goes to the old address once the change is committed. Raises
    ``ValidationError`` (see ``erasure_refusals``) when the account may not be erased.
    """
    from django_otp import devices_for_user

    from ..personal_data_tasks import send_account_erased

    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    refusals = erasure_refusals(user=user)
    if refusals:
        raise ValidationError(refusals)
    old_email, full_name = user.email, user.get_full_name()
    new_email = anonymised_email(user)
    replacements = {old_email: new_email}
    if full_name:
        replacements[full_name] = str(FORMER_MEMBER)
    transaction.on_commit(lambda: send_account_erased.delay(old_email, language))

    user.first_name = user.last_name = user.phone = ""
    user.email = new_email
    user.set_unusable_password()
    user.is_active = False
    user.save()
    membership_pks = list(Membership.objects.filter(user=user).values_list("pk", flat=True))
    invitations = Invitation.objects.filter(email__iexact=old_email)
    invitation_pks = list(invitations.values_list("pk", flat=True))
    invitations.update(email=new_email)
    for membership in Membership.objects.filter(pk__in=membership_pks):
        membership.delete()  # one by one: the audit log records each removal
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    user.notifications.all().delete()
    _end_sessions(user)
    _forget_login_identifier(old_email, new_email)
    _scrub_audit_log(
        user=user,
        new_email=new_email,
        replacements=replacements,
        membership_pks=membership_pks,
        invitation_pks=invitation_pks,
    )
