"""One helper that renders and sends an e-mail from templates, in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's public address (``WAGTAILADMIN_BASE_URL``) and ``path``."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send_templated_email(*, to: list[str], template: str, context: dict, language: str = "pl") -> None:
    """Send ``<template>_subject.txt`` and ``<template>.txt`` rendered with ``context``.

    Tasks run outside a request, so the language is switched on explicitly:
    Polish unless the recipient chose otherwise.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to).send()
