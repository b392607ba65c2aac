"""Scheduled jobs of the formal check (Celery beat)."""
