"""Shared foundations: the permission policy, working-day calendar, base templates, home page."""
