"""`{% load policy_tags %}`: the policy's answers in templates. It lives in the site layer because
the foundation (core) may not import the policy."""

from django import template

from vik import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    """`{% can "signal.reporter" signal as show %}`: the policy's answer for the page's user."""
    request = context.get("request")
    return bool(request) and policy.can(request.user, action, obj)
