from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    """The six digits from the authenticator app (spaces allowed: apps show "123 456")."""

    code = forms.CharField(
        label=_("Code uit uw authenticator-app"), max_length=12, strip=True,
        error_messages={"required": _("Vul de code van zes cijfers in.")},
        widget=forms.TextInput(attrs={
            "autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True,
            "pattern": r"[0-9 ]*", "size": 8, "spellcheck": "false",
        }),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Een code bestaat uit zes cijfers."))
        return code
