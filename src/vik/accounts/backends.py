"""Sign-in throttling: django-axes counts failed sign-ins per user name and address and refuses
further attempts for a while (settings `AXES_*`; the refusal is the Dutch page
`registration/locked_out.html`, HTTP 429)."""

from axes.backends import AxesStandaloneBackend


class ThrottledSignInBackend(AxesStandaloneBackend):
    """Axes' check before the password backend, for every sign-in that comes with a request (the
    login page, the API's basic authentication). A call without a request is code in this process
    (the test client's `login`, a management command): nobody can guess passwords through it, so it
    is passed on to the next backend instead of failing as Axes' own backend does."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def locked_out(request, original_response=None, credentials=None):
    """The answer to a refused sign-in while locked out: the Dutch page with the wait in minutes,
    HTTP 429 (Too Many Requests). Named in `settings.AXES_LOCKOUT_CALLABLE`."""
    from django.conf import settings
    from django.shortcuts import render

    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
