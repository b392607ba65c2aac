"""Monitoring base: the activities stage."""
