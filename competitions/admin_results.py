"""Wagtail admin screens: see the module of services it serves."""
