"""Monitoring base: the reports stage."""
