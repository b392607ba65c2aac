"""Changes to people and organisations. Services never take a request."""

from .accounts import (
    BACKUP_CODE_COUNT,
    SecondFactorThrottled,
    backup_codes_issue,
    second_factor_match,
    totp_device_confirm,
    totp_device_for_enrolment,
    user_grant_role,
)
from .organisations import (
    email_verification_tokens,
    invitation_accept,
    invitation_revoke,
    invitation_send,
    membership_remove,
    organisation_of,
    organisation_register,
    organisation_restore,
    organisation_suspend,
    organisation_update,
    person_register,
    person_resend_verification,
    person_verify_email,
)

__all__ = [
    "BACKUP_CODE_COUNT",
    "SecondFactorThrottled",
    "backup_codes_issue",
    "email_verification_tokens",
    "invitation_accept",
    "invitation_revoke",
    "invitation_send",
    "membership_remove",
    "organisation_of",
    "organisation_register",
    "organisation_restore",
    "organisation_suspend",
    "organisation_update",
    "person_register",
    "person_resend_verification",
    "person_verify_email",
    "second_factor_match",
    "totp_device_confirm",
    "totp_device_for_enrolment",
    "user_grant_role",
]
