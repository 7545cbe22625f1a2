"""Template filters of protective monitoring: local time and Dutch labels (see `display`)."""

from django import template

from vik.monitoring import display

register = template.Library()

register.filter("pm_time", display.format_time)
register.filter("rule_label", display.rule_label)
register.filter("rule_help", display.rule_help)
register.filter("action_label", display.action_label)
register.filter("action_help", display.action_help)
register.filter("subject_type_label", display.subject_type_label)
