"""Monitoring base: the projects stage."""
