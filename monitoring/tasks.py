"""Scheduled work of the monitoring base (Celery)."""
