from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """`{{ forms|get:"hearing" }}`: look up a key in a dict."""
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag(takes_context=True)
def can(context, action, obj=None):
    """`{% can "signal.reporter" signal as show %}`: the policy's answer for the page's user."""
    from vik.core import policy

    request = context.get("request")
    return bool(request) and policy.can(request.user, action, obj)


@register.filter
def count_of(value):
    """The number that chooses singular or plural for `blocktranslate count`: a count itself, or
    2 for a suppressed count shown as "<5" ("<5 meldingen")."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 2
