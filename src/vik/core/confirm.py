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
"""

from django.template.response import TemplateResponse
from django.utils.http import url_has_allowed_host_and_scheme

ASK = "ask"
FIELDS = ("vik_confirm", "vik_confirm_text")
MAX_QUESTION = 300


class ConfirmWithoutScriptMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or request.FILES or request.POST.get("vik_confirm") != ASK:
            return None
        if not getattr(request, "user", None) or not request.user.is_authenticated:
            return None  # the view answers as it would (the sign-in page)
        fields = [(name, value) for name in request.POST if name not in FIELDS and name != "csrfmiddlewaretoken"
                  for value in request.POST.getlist(name)]
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            back = "/"
        question = request.POST.get("vik_confirm_text", "")[:MAX_QUESTION]
        return TemplateResponse(request, "core/confirm.html", {
            "question": question, "fields": fields, "action": request.get_full_path(), "back": back})
