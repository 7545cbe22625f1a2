"""The second step of signing in: the code page, and enrolment of an authenticator app."""

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.safestring import mark_safe

from vik import policy

from . import services
from .forms import CodeForm


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    # Only a path of this site (never a view name, another host or a scheme).
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, {request.get_host()},
                                                                  require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _locked_out(request):
    """The Dutch lock-out page (HTTP 429) for too many wrong codes; the session is already signed
    out. Axes' middleware would put its password page over it: that is this page's job here."""
    request.axes_locked_out = False
    minutes = max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))
    return render(request, "secondfactor/locked_out.html", {"cooloff_minutes": minutes}, status=429)


def _with_next(url_name: str, next_url: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_url})}"


@login_required
def verify(request):
    next_url = _next(request)
    if services.is_verified(request) or not services.needs_second_factor(request.user):
        return HttpResponseRedirect(next_url)
    if services.confirmed_device(request.user) is None:
        return redirect(_with_next("secondfactor:enrol", next_url))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.verify(request, form.cleaned_data["code"])
        except services.CodeRefused as refused:
            if refused.locked_out:
                return _locked_out(request)
            form.add_error("code", refused.message)
        else:
            return HttpResponseRedirect(next_url)
    demo_code = services.demo_hint_code(request.user)
    return render(request, "secondfactor/verify.html", {
        "form": form, "next": next_url, "demo": demo_code is not None,
        # Why the code: the role sees names, or the user chose an app himself (tester t12).
        "sees_names": policy.needs_second_factor(request.user),
        "demo_code": demo_code and f"{demo_code[:3]} {demo_code[3:]}",
    })


@login_required
def enrol(request):
    """A QR code and the key in text for the authenticator app; the first code confirms it."""
    next_url = _next(request)
    if not services.may_enrol(request):
        return redirect(_with_next("secondfactor:verify", next_url))
    device = services.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.confirm_enrolment(request, form.cleaned_data["code"])
        except services.CodeRefused as refused:
            if refused.locked_out:
                return _locked_out(request)
            form.add_error("code", refused.message)
        else:
            return HttpResponseRedirect(next_url)
    # segno draws the QR code as SVG markup (rectangles of modules; the key is in no text of it).
    qr = segno.make(device.config_url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")
    return render(request, "secondfactor/enrol.html", {
        "form": form, "next": next_url, "qr_svg": mark_safe(qr),  # noqa: S308 (library output)
        "secret": services.secret_text(device),
        "has_device": services.confirmed_device(request.user) is not None,
        "required": services.needs_second_factor(request.user),
    })
