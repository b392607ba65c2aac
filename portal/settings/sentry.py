"""Optional error reporting: the Sentry SDK, only when a DSN is configured."""


def sentry_init(
    *, dsn: str, environment: str = "", release: str = "", traces_sample_rate: float = 0.0
) -> bool:
    """Start the Sentry SDK with the Django and Celery integrations; nothing without ``dsn``.

    ``send_default_pii`` stays off: reports carry no cookies, user e-mail addresses or
    request bodies, since the portal holds people's personal data. Returns whether it started.
    """
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import ignore_logger

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        traces_sample_rate=traces_sample_rate,
    )
    # Security events name people and addresses; they belong in the security log only,
    # not in breadcrumbs sent along with the next error.
    ignore_logger("portal.security")
    return True
