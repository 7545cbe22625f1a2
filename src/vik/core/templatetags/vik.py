from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """`{{ forms|get:"hearing" }}`: look up a key in a dict."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def count_of(value):
    """The number that chooses singular or plural for `blocktranslate count`: a count itself, or
    2 for a suppressed count shown as "<5" ("<5 meldingen")."""
    return value if isinstance(value, int) and not isinstance(value, bool) else 2
