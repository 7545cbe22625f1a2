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


class RefuseNulCharactersMiddleware:
    """A NUL character (U+0000) in a query parameter, a form field or a JSON body is never part of
    what a person types; PostgreSQL refuses it in any text value, also in a lookup, which ended in a
    server error. Such a request is answered with the Dutch 400 page (or DRF-style JSON for the
    API) before it reaches a view. Uploaded files are binary and not looked at."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse({"detail": "De invoer bevat een ongeldig teken (NUL)."}, status=400)
            from django.template.response import TemplateResponse

            return TemplateResponse(request, "400.html", status=400).render()
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path:
            return True
        if any("\x00" in value for _key, values in request.GET.lists() for value in values):
            return True
        if request.method in ("POST", "PUT", "PATCH"):
            content_type = request.META.get("CONTENT_TYPE", "")
            if content_type.startswith("application/json"):
                return b"\\u0000" in request.body or b"\x00" in request.body
            if content_type.startswith(("multipart/form-data", "application/x-www-form-urlencoded")):
                return any("\x00" in key or "\x00" in value
                           for key, values in request.POST.lists() for value in values)
        return False


class NoStoreForSignedInMiddleware:
    """Nothing a signed-in user is shown may stay in a browser's or proxy's cache: signal pages,
    API details, exports and PDFs hold personal data of staff under investigation, and a shared
    workstation's back button or disk cache must not give them to the next user. Responses to a
    signed-in user get `Cache-Control: no-store, private` unless a view chose its own caching.
    Static files never reach this middleware (WhiteNoise answers them first)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store, private"
        return response
