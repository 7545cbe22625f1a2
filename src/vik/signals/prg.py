"""Post/redirect/get for forms with errors: the typed input and the errors of an invalid form are
kept in the session for the following GETs of the page, so every POST answers with a redirect (a
reload never re-posts) and the user is back on the page's own URL with the input and the Dutch
messages at the fields. The input stays through reloads (tester t16 lost typed grounds by
reloading) until the user sends that form again (`forget_kept_form` at the start of its POST) or
for `KEEP_SECONDS`. Uploaded files cannot be kept; the user chooses them again."""

import time

from django.forms.utils import ErrorDict
from django.http import QueryDict

SESSION_KEY = "vik_invalid_forms"
KEEP_SECONDS = 30 * 60  # half an hour: the idle timeout; older input is not brought back


def forget_kept_form(request, key: str) -> None:
    """The user sends the form again: what was kept of an earlier attempt is gone (an error of
    this attempt keeps its own input again)."""
    kept = request.session.get(SESSION_KEY)
    if kept and key in kept:
        del kept[key]
        request.session[SESSION_KEY] = kept


def drop_kept_errors(request, prefix: str) -> None:
    """Something else on the page was saved: the other forms kept under keys starting with
    `prefix` keep their input but lose their errors, which were about the file as it was (tester
    t47: "Leg eerst de aanzegging vast" stayed at a hearing's draft after the aanzegging was
    recorded). Sending the form again checks it afresh."""
    kept = request.session.get(SESSION_KEY)
    if not kept:
        return
    changed = False
    for key, stash in kept.items():
        if key.startswith(prefix) and stash.get("errors"):
            stash["errors"] = {}
            changed = True
    if changed:
        request.session[SESSION_KEY] = kept


def keep_invalid_form(request, key: str, form) -> None:
    # The form's own data: what was posted, plus what the view corrected (a newer version token).
    source = form.data if hasattr(form.data, "getlist") else request.POST
    data = {name: source.getlist(name) for name in source if name != "csrfmiddlewaretoken"}
    errors = {field: [str(e) for e in messages] for field, messages in form.errors.items()}
    kept = request.session.get(SESSION_KEY, {})
    kept[key] = {"data": data, "errors": errors, "at": time.time()}
    request.session[SESSION_KEY] = kept


def restore_invalid_form(request, key: str, form_class, **kwargs):
    """The form as the user left it (bound to the input, with the errors it got); None when
    nothing (recent) was kept for this page."""
    kept = request.session.get(SESSION_KEY)
    if not kept or key not in kept:
        return None
    stash = kept[key]
    if time.time() - stash.get("at", 0) > KEEP_SECONDS:
        del kept[key]
        request.session[SESSION_KEY] = kept
        return None
    data = QueryDict(mutable=True)
    for name, values in stash["data"].items():
        data.setlist(name, values)
    form = form_class(data, **kwargs)
    errors = ErrorDict(renderer=form.renderer)
    for field, messages in stash["errors"].items():
        errors[field] = form.error_class(
            messages, error_class="nonfield" if field == "__all__" else None,
            renderer=form.renderer)
    form._errors = errors
    form.cleaned_data = {}
    # For the page: this input was kept from an earlier attempt (when), and under which key the
    # user can discard it ("Invoer wissen", `vik.site.views.discard_input`).
    form.kept_key, form.kept_at = key, stash.get("at")
    return form
