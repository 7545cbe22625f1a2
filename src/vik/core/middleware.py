"""Responses the browser would otherwise show bare.

A form's action address opened by itself (the address bar after a refused form, a link copied into
a new tab, reload after the session expired) answers 405 Method Not Allowed with an empty body,
which Chromium shows as its own English "HTTP ERROR 405" page: a dead end. Here it becomes the
Dutch page `405.html` with a way back to the page the form belongs to. The API keeps DRF's answer.
"""

from django.template.response import TemplateResponse


class MethodNotAllowedPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (response.status_code == 405 and request.method in ("GET", "HEAD")
                and not request.path.startswith("/api/") and not response.content):
            parent = request.path.rstrip("/").rsplit("/", 1)[0] + "/"
            page = TemplateResponse(request, "405.html", {"back": parent}, status=405)
            page["Allow"] = response.get("Allow", "POST")
            return page.render()
        return response


class DutchUnlessChosenMiddleware:
    """The interface is Dutch unless the user chose English in the language menu (the cookie that
    Django's `set_language` sets). A browser's own language (Accept-Language) is ignored: a police
    employee with an English browser works in the Dutch system, with its Dutch terms."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
