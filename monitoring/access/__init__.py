"""Monitoring base: the access stage."""
