"""One helper that renders and sends an e-mail from templates, in the recipient's language."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation


def site_address() -> str:
    """The site's public address, e.g. "https://ngo.um.warszawa.pl" (``WAGTAILADMIN_BASE_URL``).

    Links in e-mails use it, never the Host header of whatever request caused the e-mail:
    tasks have no request, and a forged Host must not put its address into a link.
    """
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """A link for an e-mail: the site's public address and ``path`` (a full address is kept)."""
    if urlsplit(path).scheme:
        return path
    return f"{site_address()}/{path.lstrip('/')}"


def link_context() -> dict:
    """``protocol`` and ``domain`` of the site's public address, for Django's e-mail templates.

    Django's password-reset e-mail builds its link from these (by default from the request);
    pass this as the view's ``extra_email_context``.
    """
    parts = urlsplit(site_address())
    return {"protocol": parts.scheme, "domain": parts.netloc}


def send_templated_email(*, to: list[str], template: str, context: dict, language: str = "pl") -> None:
    """Send ``<template>_subject.txt`` and ``<template>.txt`` rendered with ``context``.

    Tasks run outside a request, so the language is switched on explicitly:
    Polish unless the recipient chose otherwise.
    """
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    EmailMessage(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to).send()
