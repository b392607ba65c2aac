"""Monitoring base: the effects stage."""
