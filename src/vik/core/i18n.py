"""Translation of reference data: names VIK ships with (themes, delaying and accelerating factors,
investigation types; `vik.core.reference_data`) are stored in Dutch and marked for the catalogue,
so the English interface shows them in English. A name an administrator typed has no entry in the
catalogue and is shown as typed."""

from django.utils.encoding import force_str
from django.utils.hashable import make_hashable
from django.utils.translation import gettext


def data_label(text: str) -> str:
    """`text` in the active language when the catalogue knows it, else unchanged ("" stays "")."""
    return gettext(text) if text else text


def choice_display(self, field) -> str:
    """`get_<field>_display()` for models that assign this as `_get_FIELD_display`: Django's own
    builds a dict of the field's choices on every call and hashes each lazy label, so translates
    every label of the field to show one (850 translations on a list of 50 signals, ~5 ms). The
    map from value to (lazy) label is built once per field; the label shown is still translated
    in the request's language."""
    labels = field.__dict__.get("_vik_choice_labels")
    if labels is None:
        labels = field._vik_choice_labels = {make_hashable(value): label for value, label in field.flatchoices}
    value = getattr(self, field.attname)
    return force_str(labels.get(make_hashable(value), value), strings_only=True)
