"""Scheduled jobs of reports (Celery beat)."""
