"""A confirmation step for irreversible acts that also holds without JavaScript.

A form whose act cannot be undone (a decision, closing a case or a meeting, deleting for good)
carries `data-confirm` with its question and, from `core/confirm_ask.html`, the hidden fields
`vik_confirm=ask` and `vik_confirm_text`. With JavaScript the browser asks the question
(`window.confirm`) and, on "OK", sets `vik_confirm=yes` before the form is sent. Without
JavaScript the form arrives with `vik_confirm=ask`: this middleware does not pass it to the view
but answers with a Dutch page that asks the question and sends the same fields again with
`vik_confirm=yes` ("Ja, doorgaan") or goes back ("Annuleren"). The page only returns what the user
typed himself (escaped), so it needs no rights of its own; the view checks them when it runs.

A form with files (none of the confirmed acts has one) is passed on: files cannot be sent again.

The page itself is served after a redirect, from the session (`confirm_page` keeps it under a
token, `confirmation` shows it at `/bevestigen/<token>/`): the browser's Back button then always
finds a page, and a confirmation already used leads back to where the form was.

Acts with fields (a case's decision, voornemen, closing) confirm after their form is valid (tester
t31: confirming an irreversible act and then learning that nothing happened because a field was
wrong): their view is marked `confirms_after_validation` and calls `confirm_page` itself once the
form is valid, with and without JavaScript (no browser dialog; the "check before you send" page
of government services).
"""

import secrets
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

ASK = "ask"
TOKEN = "vik_confirm_token"
FIELDS = ("vik_confirm", "vik_confirm_text", "vik_confirm_subject", TOKEN)
MAX_QUESTION = 300
# The page is shown after a redirect (post/redirect/get): kept in the session under a token, the
# newest few, for half an hour. The browser's Back button from the page after "Ja, doorgaan" then
# finds a page, not "ERR_CACHE_MISS / Confirm form resubmission" (tester t51).
SESSION_KEY = "vik_confirmations"
KEEP = 5
KEEP_SECONDS = 30 * 60


def confirms_after_validation(view):
    """Mark a view that asks for the confirmation itself, after validating (see the module)."""
    view.vik_confirms_itself = True
    return view


def asked(request) -> bool:
    """Does this POST come from a form whose act is to be confirmed first?"""
    return request.method == "POST" and request.POST.get("vik_confirm") == ASK


def confirm_page(request, question: str, *, subject: str = "", back: str = "", summary=()):
    """The confirmation page for this POST: the same fields sent again with `vik_confirm=yes`
    ("Ja, doorgaan"), or back to `back` ("Annuleren"; default: the page the form was on)."""
    fields = [(name, value) for name in request.POST if name not in FIELDS and name != "csrfmiddlewaretoken"
              for value in request.POST.getlist(name)]
    if not back:
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            back = "/"
    token = secrets.token_urlsafe(16)
    now = time.time()
    kept = {key: entry for key, entry in request.session.get(SESSION_KEY, {}).items()
            if now - entry.get("at", 0) < KEEP_SECONDS}
    kept[token] = {"question": str(question), "subject": str(subject), "fields": fields,
                   "action": request.get_full_path(), "back": back, "at": now,
                   "summary": [[str(label), str(value)] for label, value in summary]}
    request.session[SESSION_KEY] = dict(sorted(kept.items(), key=lambda kv: kv[1]["at"])[-KEEP:])
    return redirect("confirm", token=token)


@login_required
def confirmation(request, token: str):
    """The confirmation page kept by `confirm_page` (GET). A used or lapsed one leads back to where
    the form was, with a word on why."""
    entry = request.session.get(SESSION_KEY, {}).get(token)
    if entry is None or time.time() - entry.get("at", 0) >= KEEP_SECONDS:
        messages.info(request, _("Deze bevestiging is verlopen; verstuur het formulier opnieuw."))
        return redirect("/")
    if entry.get("used"):
        messages.info(request, _("U hebt dit al bevestigd; hier ziet u het resultaat."))
        return redirect(entry["back"])
    response = TemplateResponse(request, "core/confirm.html", {**entry, "token": token})
    response["Cache-Control"] = "no-store"
    return response


def _mark_used(request) -> None:
    token = request.POST.get(TOKEN, "")
    kept = request.session.get(SESSION_KEY, {})
    if token in kept and not kept[token].get("used"):
        kept[token] = {"used": True, "back": kept[token]["back"], "at": kept[token]["at"]}
        request.session[SESSION_KEY] = kept
        request.vik_confirmed_token = token


def _remember_result(request, response) -> None:
    """A used confirmation leads back to where the act led (its redirect), not to the form's page:
    an act may end the user's access to that page (tester t56: care handed over, then Back showed
    "U hebt dit al bevestigd" above "Pagina niet gevonden")."""
    token = getattr(request, "vik_confirmed_token", None)
    location = response.get("Location") if response.status_code in (301, 302, 303) else None
    if not token or not location:
        return
    kept = request.session.get(SESSION_KEY, {})
    if token in kept:
        kept[token]["back"] = location
        request.session[SESSION_KEY] = kept


class ConfirmWithoutScriptMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if hasattr(request, "session"):
            _remember_result(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST" and request.POST.get("vik_confirm") == "yes" and hasattr(request, "session"):
            _mark_used(request)
        if request.FILES or not asked(request) or getattr(view_func, "vik_confirms_itself", False):
            return None
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return None  # the view answers as it would (the sign-in page)
        return confirm_page(request, request.POST.get("vik_confirm_text", "")[:MAX_QUESTION],
                            subject=request.POST.get("vik_confirm_subject", "")[:MAX_QUESTION])
