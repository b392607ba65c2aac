"""Monitoring base: the participants stage."""
