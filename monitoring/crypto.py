"""Encryption of national IDs (PESEL) at rest, with Fernet (AES-128-CBC with an HMAC).

The key comes from the ``MONITORING_ENCRYPTION_KEY`` setting or environment variable: a Fernet
key (``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``).
Without one the key is derived from ``SECRET_KEY``, which is meant for development and tests; the
deployment check (``manage.py check --deploy``) warns about it, since rotating SECRET_KEY would
then make the stored IDs unreadable.
"""

import base64
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def configured_key() -> str:
    return getattr(settings, "MONITORING_ENCRYPTION_KEY", "") or os.environ.get(
        "MONITORING_ENCRYPTION_KEY", ""
    )


def _fernet() -> Fernet:
    key = configured_key()
    if not key:
        digest = hashlib.sha256(f"monitoring-national-id:{settings.SECRET_KEY}".encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key.encode())


def encrypt_text(value: str) -> str:
    """The encrypted token of ``value`` ('' stays '')."""
    return _fernet().encrypt(value.encode()).decode() if value else ""


def decrypt_text(token: str) -> str:
    """The plain text of ``token``; '' when empty or when the key does not open it."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def mask_national_id(value: str) -> str:
    """What a page shows of a PESEL: only its last two digits."""
    return "•" * 9 + value[-2:] if value else ""


def check_encryption_key(app_configs=None, **kwargs):
    """``manage.py check --deploy``: production needs its own key, and a valid one."""
    from django.core.checks import Error, Warning

    key = configured_key()
    if not key:
        return [
            Warning(
                "MONITORING_ENCRYPTION_KEY is not set; national IDs are encrypted with a key derived "
                "from SECRET_KEY, so rotating SECRET_KEY would make them unreadable.",
                id="monitoring.W001",
            )
        ]
    try:
        Fernet(key.encode())
    except ValueError:
        return [Error("MONITORING_ENCRYPTION_KEY is not a Fernet key.", id="monitoring.E001")]
    return []
