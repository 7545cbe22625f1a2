"""Translation of reference data: names VIK ships with (themes, delaying and accelerating factors,
investigation types; `vik.core.reference_data`) are stored in Dutch and marked for the catalogue,
so the English interface shows them in English. A name an administrator typed has no entry in the
catalogue and is shown as typed."""

from django.utils.translation import gettext


def data_label(text: str) -> str:
    """`text` in the active language when the catalogue knows it, else unchanged ("" stays "")."""
    return gettext(text) if text else text
