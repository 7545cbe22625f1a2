from django import template

register = template.Library()


@register.filter
def get(mapping, key):
    """`{{ forms|get:"hearing" }}`: look up a key in a dict."""
    if not mapping:
        return None
    return mapping.get(key)
