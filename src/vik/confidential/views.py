"""Thin views of confidential work. The anonymous pages are public, keep no session state, store
no metadata and never look at `request.user`: a logged-in employee who reports anonymously is not
linked to the report."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from vik import policy
from vik.audit import services as audit
from vik.audit.middleware import _request_context
from vik.core.concurrency import state_token
from vik.core.errors import ConcurrentEditError, DomainError, PermissionDeniedError
from vik.core.forms import apply_errors, keep_input_after_conflict
from vik.core.uploads import ask_files_again

from . import annual, evaluation, forms, receipt, selectors, services, throttle
from .models import Activity, Category, Complaint, Contact, Referral, RepeatSignal, Report, ReportAttachment
from .tasks import confidential_tasks


def without_metadata(view):
    """For the anonymous reporter's pages: no caching, and an empty request context so that nothing
    written during the request can carry the client's address. (The referrer policy stays the
    site's `same-origin`: `no-referrer` would make browsers send `Origin: null` and fail CSRF.)"""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = _request_context.set({})
        try:
            response = view(request, *args, **kwargs)
        finally:
            _request_context.reset(token)
        return response

    return never_cache(wrapped)


def _can(request, action, obj=None):
    return policy.can(request.user, action, obj)


def index(request):
    user = request.user
    context = {"tasks": []}
    if user.is_authenticated:
        context.update(
            tasks=confidential_tasks(user),
            can_inbox=_can(request, "confidential.inbox"),
            can_register=_can(request, "confidential.register"),
            can_coordinate=_can(request, "confidential.coordinate"),
            can_repeat=_can(request, "confidential.repeat"),
            can_complaints=_can(request, "confidential.complaints") or _can(request, "confidential.decisions"),
            my_reports=selectors.my_reports(user)[:20],
            my_complaints=selectors.my_complaints(user)[:20],
        )
    return render(request, "confidential/index.html", context)


def routes(request):
    return render(request, "confidential/routes.html", {"categories": Category.choices})


def privacy(request):
    return render(request, "confidential/privacy.html", {
        "categories": Category.choices, "small": selectors.SMALL_CELL,
        "ack_days": services.ACKNOWLEDGEMENT_DAYS, "feedback_months": services.FEEDBACK_MONTHS,
    })


@without_metadata
def employee_options(request):
    """Name suggestions for the report forms of signed-in employees: only name, unit and function,
    never a personnel number, from three letters of a name on, at most ten. Nobody who is not
    signed in gets any (tester t17 pulled names, teams and ranks of staff from here without an
    account): the anonymous form resolves a full name typed, and otherwise the reporter describes
    the person in the text."""
    if not request.user.is_authenticated:
        return render(request, "confidential/employee_options.html", {"labels": []})
    raw = next(iter(request.GET.values()), "")[:2000]
    earlier, _sep, q = raw.replace(";", ",").rpartition(",")
    # A suggestion replaces the whole field when chosen: it carries the persons typed before it
    # (tester t38: choosing a second person wiped the first).
    prefix = ", ".join(p.strip() for p in earlier.split(",") if p.strip())
    labels = [f"{prefix}, {label}" if prefix else label
              for label in (forms.person_label(e) for e in selectors.employee_suggestions(q.strip()))]
    return render(request, "confidential/employee_options.html", {"labels": labels})


def _report_input(data, mode):
    return services.ReportInput(
        recipient=data["recipient"], region=data["region"], category=data["category"],
        description=data["description"], persons_named=data["persons_named"], advisor=data["advisor"],
        attachments=data["attachments"], consent=data["consent"], mode=mode,
    )


@login_required
def report_new(request):
    initial = {}
    if request.user.employee_id:
        initial["region"] = request.user.employee.unit.region
    form = forms.ReportForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.submit_report(request.user, _report_input(form.cleaned_data, form.cleaned_data["mode"]))
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Uw melding %(ref)s is verstuurd.") % {"ref": report.reference})
            return redirect("confidential:my_report", pk=report.pk)
    ask_files_again(form, request)
    return render(request, "confidential/report_form.html", {"form": form, "anonymous": False},
                  status=400 if form.is_bound and form.errors else 200)


@without_metadata
def anonymous_new(request):
    form = forms.AnonymousReportForm(request.POST or None, request.FILES or None)
    status, retry_minutes = 400, 0
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report, code = services.submit_anonymous_report(
                _report_input(data, Report.Mode.ANONYMOUS), client=throttle.client_tag(request),
                challenge=data["pow_challenge"], nonce=data["pow_nonce"])
        except ValidationError as error:
            apply_errors(form, error)
        except throttle.Throttled as error:
            form.add_error(None, error.message)
            status, retry_minutes = 429, error.minutes
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            # Post/redirect/get: a reload must not send the report twice. The code is handed to
            # the next page once (see `_hand_over`); never stored, never in a URL or the session.
            return _hand_over(request, "confidential:anonymous_done", code)
    ask_files_again(form, request)
    # A fresh challenge for every page (a spent one is refused); pow.js solves it while one types.
    if form.is_bound:
        form.data = form.data.copy()
        form.data["pow_challenge"], form.data["pow_nonce"] = throttle.new_challenge(), ""
    else:
        form.initial["pow_challenge"] = throttle.new_challenge()
    response = render(request, "confidential/report_form.html",
                      {"form": form, "anonymous": True, "pow_bits": throttle.pow_bits()},
                      status=status if form.is_bound and form.errors else 200)
    if retry_minutes:
        response["Retry-After"] = str(60 * retry_minutes)
    return response


HAND_OVER_COOKIE = "vik_anoniem"
HAND_OVER_SECONDS = 60


def _hand_over(request, url_name: str, code: str):
    """Redirect after an anonymous reporter's successful post, handing the receipt code to the next
    page in an encrypted, HttpOnly, strictly same-site cookie that lives a minute and is deleted
    when read. The code is never in a URL (history, logs) nor in the session (server side)."""
    from .crypto import fernet

    response = redirect(url_name)
    response.set_cookie(HAND_OVER_COOKIE, fernet().encrypt(code.encode()).decode(), max_age=HAND_OVER_SECONDS,
                        path=reverse("confidential:anonymous_new"),
                        secure=request.is_secure(), httponly=True, samesite="Strict")
    return response


def _take_over(request, response):
    """The code handed over by `_hand_over`, once (the cookie is deleted on `response`)."""
    from cryptography.fernet import InvalidToken

    from .crypto import fernet

    token = request.COOKIES.get(HAND_OVER_COOKIE)
    response.delete_cookie(HAND_OVER_COOKIE, path=reverse("confidential:anonymous_new"),
                           samesite="Strict")
    if not token:
        return None
    try:
        return fernet().decrypt(token.encode(), ttl=HAND_OVER_SECONDS).decode()
    except (InvalidToken, UnicodeError):
        return None


@without_metadata
def anonymous_done(request):
    """Shows the receipt code of the report just sent, once. A reload shows no code and sends
    nothing again."""
    response = HttpResponse()
    code = _take_over(request, response)
    report = None
    if code:
        try:
            report = receipt.find_report(code)
        except DomainError:
            code = None
    page = render(request, "confidential/anonymous_done.html", {"report": report, "code": code})
    response.content, response.status_code = page.content, page.status_code
    return response


def _thread_context(report):
    return {"report": report, "thread": report.messages.all(),
            "ack_due": services.acknowledgement_due(report), "feedback_due": services.feedback_due(report)}


@without_metadata
def anonymous_open(request):
    """Enter the receipt code (GET), read the exchange (POST with the code)."""
    form = forms.ReceiptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = receipt.find_report(form.cleaned_data["code"], throttle.client_tag(request))
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            reply = forms.AnonymousReplyForm(initial={"code": form.cleaned_data["code"]})
            return render(request, "confidential/anonymous_thread.html", {**_thread_context(report), "reply": reply})
    return render(request, "confidential/anonymous_open.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


@without_metadata
@require_POST
def anonymous_reply(request):
    form = forms.AnonymousReplyForm(request.POST)
    report = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            client = throttle.client_tag(request)
            report = receipt.find_report(data["code"], client)
            services.reply_with_receipt(data["code"], data["body"], data["consent"], client=client)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None if report else "code", error.message)
        else:
            return _hand_over(request, "confidential:anonymous_sent", data["code"])
    if report is None:
        return render(request, "confidential/anonymous_open.html", {"form": forms.ReceiptForm(request.POST)},
                      status=400)
    report.refresh_from_db()
    return render(request, "confidential/anonymous_thread.html", {**_thread_context(report), "reply": form},
                  status=400)


@without_metadata
def anonymous_sent(request):
    """After a reply: the exchange with the new message. A reload asks for the code again instead
    of sending the message twice."""
    response = HttpResponse()
    code = _take_over(request, response)
    report = None
    if code:
        try:
            report = receipt.find_report(code)
        except DomainError:
            report = None
    if report is None:
        page = render(request, "confidential/anonymous_open.html", {
            "form": forms.ReceiptForm(),
            "notice": _("Uw bericht is verstuurd. Vul uw ontvangstcode opnieuw in om het gesprek te lezen.")})
    else:
        page = render(request, "confidential/anonymous_thread.html", {
            **_thread_context(report), "reply": forms.AnonymousReplyForm(initial={"code": code}),
            "notice": _("Uw bericht is verstuurd.")})
    response.content, response.status_code = page.content, page.status_code
    return response


# --- named and confidential reporters ---------------------------------------------------------


def _own_report_or_404(request, pk):
    report = Report.objects.filter(pk=pk).first()
    if report is None or not _can(request, "confidential.report.own", report):
        raise Http404
    return report


@login_required
def my_report(request, pk):
    report = _own_report_or_404(request, pk)
    form = forms.ReporterReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_as_reporter(request.user, report, form.cleaned_data["body"], form.cleaned_data["consent"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Uw bericht is verstuurd."))
            return redirect("confidential:my_report", pk=pk)
    return render(request, "confidential/my_report.html", {**_thread_context(report), "reply": form})


# --- recipients -----------------------------------------------------------------------------


@login_required
def inbox(request):
    if not _can(request, "confidential.inbox"):
        raise Http404
    return render(request, "confidential/inbox.html", {
        "reports": [(r, services.acknowledgement_due(r), services.feedback_due(r))
                    for r in selectors.inbox(request.user)],
        "today": timezone.localdate()})


def _received_report_or_404(request, pk):
    return policy.get_or_404(request.user, "confidential.report.view",
                             Report.objects.select_related("region", "signal", "reporter", "advisor"),
                             why="view", pk=pk)


def _h_message(request, report, d):
    services.send_message(request.user, report, d["body"], d["kind"])


def _h_forward(request, report, d):
    signal = services.forward_to_triage(request.user, report, services.ForwardInput(**d))
    messages.info(request, _("Melding %(ref)s staat in de triagewachtrij.") % {"ref": signal.reference})


REPORT_ACTIONS = {
    "acknowledge": (forms.EmptyForm, "confidential.report.handle",
                    lambda r, rep, d: services.acknowledge(r.user, rep), N_("Ontvangst bevestigd.")),
    "message": (forms.MessageForm, "confidential.report.handle", _h_message, N_("Bericht verstuurd.")),
    "consent": (forms.ConsentForm, "confidential.report.handle",
                lambda r, rep, d: services.record_consent(r.user, rep, d["on"], d["note"]),
                N_("Toestemming vastgelegd.")),
    "forward": (forms.ForwardForm, "confidential.report.forward", _h_forward, N_("Doorgezet naar triage.")),
    "close": (forms.EmptyForm, "confidential.report.handle",
              lambda r, rep, d: services.close_report(r.user, rep), N_("Melding afgesloten.")),
}


def _report_form(name, report, data=None):
    form_class = REPORT_ACTIONS[name][0]
    kwargs = {"report": report} if form_class is forms.ForwardForm else {}
    if form_class is forms.ForwardForm and data is None:
        from vik.signals.models import Theme

        kwargs["initial"] = {"theme": Theme.objects.filter(code=report.category).first(),
                             "subjects": list(report.persons_named.all())}
    return form_class(data, **kwargs)


@login_required
def report_detail(request, pk, action=None):
    report = _received_report_or_404(request, pk)
    bound = {}
    if request.method == "POST":
        if action not in REPORT_ACTIONS:
            raise Http404
        _form, permission, handler, success = REPORT_ACTIONS[action]
        form = _report_form(action, report, request.POST)
        if form.is_valid():
            try:
                handler(request, report, form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("confidential:report", pk=pk)
            else:
                messages.success(request, _(success))
                return redirect("confidential:report", pk=pk)
        bound[action] = form
    else:
        audit.record_view(request.user, report)
    allowed = {n for n, (_f, perm, _h, _s) in REPORT_ACTIONS.items() if _can(request, perm, report)}
    if report.closed_on:
        allowed = set()
    if report.acknowledged_on:
        allowed.discard("acknowledge")
    action_forms = {n: bound.get(n) or _report_form(n, report) for n in allowed}
    return render(request, "confidential/report_detail.html", {
        **_thread_context(report), "forms": action_forms, "persons": report.persons_named.all(),
        "attachments": report.attachments.all(), "today": timezone.localdate(),
        "needs_consent": report.recipient == Report.Recipient.CONFIDENTIAL_ADVISOR and not report.consent_on,
    }, status=400 if bound else 200)


@login_required
def report_attachment(request, pk, attachment_pk):
    report = _received_report_or_404(request, pk)
    attachment = get_object_or_404(ReportAttachment, pk=attachment_pk, report=report)
    from .crypto import decrypt_bytes

    audit.record(request.user, "export", report, summary=_("Bijlage geopend"), detail={"attachment": attachment.pk})
    response = HttpResponse(decrypt_bytes(attachment.content), content_type=attachment.content_type)
    response["Content-Disposition"] = f'attachment; filename="{attachment.name}"'
    return response


# --- the advisors' register -------------------------------------------------------------------


def _require_view(request, action, obj=None):
    policy.require(request.user, action, obj, object_type="confidential")


@login_required
def register(request):
    _require_view(request, "confidential.register")
    contacts = Contact.objects.for_advisor(request.user).select_related("unit").order_by("-contact_on", "-id")
    return render(request, "confidential/register.html", {"contacts": contacts[:200]})


def _contact_input(form):
    return services.ContactInput(**{k: form.cleaned_data[k] for k in forms.ContactForm.Meta.fields},
                                 concerns=form.concerns())


@login_required
def contact_edit(request, pk=None):
    _require_view(request, "confidential.register")
    contact = None
    if pk is not None:
        try:
            contact = Contact.objects.for_advisor(request.user).get(pk=pk)
        except Contact.DoesNotExist:
            audit.record_denied(request.user, object_type="confidential.contact", object_id=str(pk), why="view")
            raise Http404 from None
    form = forms.ContactForm(request.POST or None, instance=contact,
                             initial={"state": state_token(contact)} if contact
                             else {"contact_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            if contact is None:
                services.register_contact(request.user, _contact_input(form))
            else:
                services.update_contact(request.user, contact, _contact_input(form),
                                        expected_state=form.cleaned_data["state"])
        except ValidationError as error:
            apply_errors(form, error)
        except ConcurrentEditError as error:
            current = type(contact)._base_manager.get(pk=contact.pk)  # `contact` holds the input now
            keep_input_after_conflict(form, error.message, state_token(current), current)
        else:
            messages.success(request, _("Contact opgeslagen."))
            return redirect("confidential:register")
    elif contact is not None:
        audit.record_view(request.user, contact)
    return render(request, "confidential/contact_form.html", {"form": form, "contact": contact},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
def activities(request):
    _require_view(request, "confidential.register")
    form = forms.ActivityForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.record_activity(request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Activiteit vastgelegd."))
            return redirect("confidential:activities")
    return render(request, "confidential/activities.html", {
        "form": form, "activities": Activity.objects.select_related("unit")[:200],
        "referrals": Referral.objects.filter(active=True).select_related("region")},
        status=400 if form.is_bound and form.errors else 200)


# The years the register can hold: one rule for the page and the annual report (confidential.annual).
FIRST_YEAR = annual.FIRST_YEAR
_year_or_none = annual.valid_year


@login_required
def coordination(request):
    _require_view(request, "confidential.coordinate")
    raw = request.GET.get("jaar", "")
    year = _year_or_none(raw) if raw else timezone.localdate().year
    if year is None:
        year = timezone.localdate().year
        messages.warning(request, _("Kies een jaar van %(first)d tot en met %(last)d; nu staat %(last)d er.")
                         % {"first": FIRST_YEAR, "last": year})
    form = forms.ReferralForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_referral(request.user, form.save(commit=False))
        except (ValidationError, PermissionDeniedError) as error:
            form.add_error(None, getattr(error, "message", str(error)))
        else:
            messages.success(request, _("Sociale kaart bijgewerkt."))
            return redirect("confidential:coordination")
    report = selectors.suppressed(selectors.aggregate(request.user, year))
    return render(request, "confidential/coordination.html", {
        "r": report, "year": year, "form": form,
        # A fixed list of years, with the chosen one (tester t31: the list moved with the choice).
        "referrals": Referral.objects.select_related("region"),
        "years": sorted({year, *range(max(FIRST_YEAR, timezone.localdate().year - 5), timezone.localdate().year + 1)}),
        "evaluations": (selectors.evaluation_figures(request.user, year)
                        if _can(request, "confidential.evaluations") else None),
        "open_repeat_signals": len(selectors.open_repeat_signals(request.user)),
        **(_annual_listing(request, year) if _can(request, "confidential.annual_report") else {})})


@login_required
def repeat_signals(request):
    """The central advisor's repeat-concern signals: reference, number of contacts and the advisors
    involved, never whom they concern. Every look is audited."""
    _require_view(request, "confidential.repeat")
    summaries = selectors.repeat_signals(request.user)
    audit.record(request.user, "view", object_type="confidential.repeatsignal",
                 summary=_("Overzicht stapelingssignalen bekeken"),
                 detail={"signals": [s.signal.reference for s in summaries]})
    return render(request, "confidential/repeat_signals.html", {
        "summaries": summaries, "threshold": services.REPEAT_THRESHOLD, "months": services.REPEAT_WINDOW_MONTHS})


@login_required
def repeat_signal(request, ref: str):
    if len(ref) > 20:  # a reference is at most 20 characters (RepeatSignal.reference)
        raise Http404
    signal = policy.get_or_404(request.user, "confidential.repeat.view", RepeatSignal.objects.all(), why="view",
                               reference=ref)
    form = forms.RepeatCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_repeat_signal(request.user, signal, form.cleaned_data["note"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("confidential:repeat_signal", ref=signal.reference)
        else:
            messages.success(request, _("Signaal afgehandeld."))
            return redirect("confidential:repeat_signal", ref=signal.reference)
    audit.record_view(request.user, signal)  # also when a refused form shows the signal again
    return render(request, "confidential/repeat_signal.html", {
        "s": selectors.repeat_signal(request.user, signal), "form": form,
        "threshold": services.REPEAT_THRESHOLD, "months": services.REPEAT_WINDOW_MONTHS},
        status=400 if form.is_bound and form.errors else 200)


@login_required
def annual_report(request, year: int):
    """POST: queue the annual report of `year` (made by the job runner, issue 14: no request
    renders a PDF); GET: the coordination page of that year, where its progress and file are."""
    _require_view(request, "confidential.annual_report")
    if annual.valid_year(year) is None:
        raise Http404
    back = f"{reverse('confidential:coordination')}?jaar={year}#jaarverslagen"
    if request.method == "POST":
        try:
            annual.request_report(request.user, year)
        except DomainError as error:
            messages.info(request, error.message)
        else:
            messages.success(request, _("Het jaarverslag %(year)d wordt gemaakt. Hieronder ziet u hoe ver het is; "
                                        "de PDF verschijnt in de lijst zodra hij klaar is.") % {"year": year})
    return redirect(back)


def _annual_listing(request, year: int | None) -> dict:
    from vik.jobs.models import Job

    pending = annual.pending(request.user)
    polling = any(job.state in (Job.State.QUEUED, Job.State.RUNNING) for job in pending)
    return {"annual_pending": pending, "annual_files": annual.files(request.user), "annual_polling": polling,
            "year": year}


@login_required
def annual_reports(request):
    """The asker's annual reports and the progress of those being made (polled while any is)."""
    _require_view(request, "confidential.annual_report")
    listing = _annual_listing(request, annual.valid_year(request.GET.get("jaar", "")))
    finished = (request.GET.get("volgen") == "1" and not listing["annual_polling"]
                and not any(job.state == "failed" for job in listing["annual_pending"]))
    return render(request, "confidential/_annual_reports.html", {**listing, "finished": finished})


@login_required
def annual_report_download(request, pk: int):
    _require_view(request, "confidential.annual_report")
    made = annual.open_file(request.user, pk)
    if made is None:
        raise Http404
    try:
        content = annual.download(request.user, made)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('confidential:coordination')}?jaar={made.year}#jaarverslagen")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="jaarverslag-vertrouwenswerk-{made.year}.pdf"'
    return response


# --- complaints -----------------------------------------------------------------------------


@login_required
def complaints(request):
    if not (_can(request, "confidential.complaints") or _can(request, "confidential.decisions")):
        raise Http404
    return render(request, "confidential/complaints.html", {
        "complaints": [(c, services.complaint_deadlines(c)) for c in selectors.complaints_for(request.user)],
        "can_register": _can(request, "confidential.complaints"), "today": timezone.localdate()})


@login_required
def complaint_new(request):
    _require_view(request, "confidential.complaints")
    form = forms.ComplaintForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.register_complaint(request.user, services.ComplaintInput(**form.cleaned_data))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Klacht %(ref)s geregistreerd.") % {"ref": complaint.reference})
            return redirect("confidential:complaint", pk=complaint.pk)
    return render(request, "confidential/complaint_form.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
def complaint_file(request):
    """An employee files a formal complaint with the committee (linked from the route chart)."""
    if not _can(request, "confidential.complaint.file"):
        raise Http404
    initial = {"region": request.user.employee.unit.region}
    form = forms.ComplaintFilingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.file_complaint(request.user, services.ComplaintFiling(**form.cleaned_data))
        except ValidationError as error:
            apply_errors(form, error)
        else:
            terms = services.terms_for(complaint.region)
            # The term as the regulation counts it: working days where it says so (tester t34: "binnen
            # 3 dagen" while the file showed a deadline three working days ahead).
            if terms.working_days:
                text = ngettext(
                    "Uw klacht %(ref)s is ontvangen door de %(committee)s. U krijgt binnen %(days)d werkdag een "
                    "ontvangstbevestiging.",
                    "Uw klacht %(ref)s is ontvangen door de %(committee)s. U krijgt binnen %(days)d werkdagen een "
                    "ontvangstbevestiging.", terms.acknowledgement_days)
            else:
                text = ngettext(
                    "Uw klacht %(ref)s is ontvangen door de %(committee)s. U krijgt binnen %(days)d dag een "
                    "ontvangstbevestiging.",
                    "Uw klacht %(ref)s is ontvangen door de %(committee)s. U krijgt binnen %(days)d dagen een "
                    "ontvangstbevestiging.", terms.acknowledgement_days)
            messages.success(request, text % {"ref": complaint.reference, "committee": complaint.committee.name,
                                              "days": terms.acknowledgement_days})
            return redirect("confidential:index")
    return render(request, "confidential/complaint_file.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


COMPLAINT_ACTIONS = {
    "acknowledge": (forms.StepDateForm, "handle", {Complaint.Stage.RECEIVED},
                    lambda u, c, d: services.acknowledge_complaint(u, c, d["on"]), N_("Ontvangst bevestigd.")),
    "admissibility": (forms.AdmissibilityForm, "handle", {Complaint.Stage.RECEIVED, Complaint.Stage.ACKNOWLEDGED},
                      lambda u, c, d: services.decide_admissibility(u, c, d["admissible"], d["on"], d["reason"]),
                      N_("Besluit over ontvankelijkheid vastgelegd.")),
    "mediation": (forms.StepDateForm, "handle",
                  {Complaint.Stage.RECEIVED, Complaint.Stage.ACKNOWLEDGED, Complaint.Stage.ADMISSIBLE},
                  lambda u, c, d: services.start_mediation(u, c, d["on"]), N_("Bemiddeling gestart.")),
    "mediation_end": (forms.MediationEndForm, "handle", {Complaint.Stage.MEDIATION},
                      lambda u, c, d: services.end_mediation(u, c, d["on"], d["succeeded"], d["note"]),
                      N_("Bemiddeling vastgelegd.")),
    "hearing": (forms.HearingForm, "handle", {Complaint.Stage.ADMISSIBLE},
                lambda u, c, d: services.record_hearing(u, c, d["on"], d["complainant_heard"], d["accused_heard"],
                                                        d["note"]), N_("Hoorzitting vastgelegd.")),
    "advice": (forms.AdviceForm, "handle", {Complaint.Stage.HEARD},
               lambda u, c, d: services.give_advice(u, c, d["on"], d["advice"], d["text"]),
               N_("Advies uitgebracht.")),
    "decision": (forms.DecisionForm, "decide", {Complaint.Stage.ADVISED},
                 lambda u, c, d: services.record_decision(u, c, d["on"], d["follows_advice"], d["text"]),
                 N_("Besluit vastgelegd.")),
    "evaluation": (forms.EvaluationForm, "handle", {Complaint.Stage.DECIDED, Complaint.Stage.RESOLVED},
                   lambda u, c, d: services.record_evaluation(
                       u, c, d["on"], **{k: v for k, v in d.items() if k != "on"}),
                   N_("Evaluatie vastgelegd.")),
    "follow_up": (forms.FollowUpForm, "handle", {Complaint.Stage.EVALUATED},
                  lambda u, c, d: services.record_follow_up(u, c, d["on"], d["note"]),
                  N_("Afhandeling van de nadere actie vastgelegd.")),
}


@login_required
def complaint_detail(request, pk, action=None):
    complaint = policy.get_or_404(request.user, "confidential.complaint.view",
                                  Complaint.objects.select_related("committee", "region", "chair"), why="view", pk=pk)
    bound = {}
    if request.method == "POST":
        if action not in COMPLAINT_ACTIONS:
            raise Http404
        form_class, perm, _stages, handler, success = COMPLAINT_ACTIONS[action]
        if not _can(request, f"confidential.complaint.{perm}", complaint):
            # Another role's step (a forged or outdated form): said, not a page without a word (t37).
            audit.record_denied(request.user, complaint, why=f"confidential.complaint.{perm}")
            messages.error(request, _("Deze stap legt u niet vast in deze klacht; er is niets opgeslagen."))
            return redirect("confidential:complaint", pk=pk)
        form = _complaint_form(form_class, complaint, request.POST, action)
        if form.is_valid():
            try:
                handler(request.user, complaint, form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            except DomainError as error:
                # The step no longer fits (done in another tab, the phase moved on): said above the
                # form, which keeps what was typed (tester t37 lost a mediation report this way).
                form.add_error(None, error.message)
            else:
                messages.success(request, _(success))
                return redirect("confidential:complaint", pk=pk)
        bound[action] = form
    else:
        audit.record_view(request.user, complaint)
    action_forms = {}
    for name, (form_class, perm, stages, _h, _s) in COMPLAINT_ACTIONS.items():
        if name in bound:  # refused, shown again with its message and what was typed
            action_forms[name] = bound[name]
            continue
        if complaint.stage in stages and _can(request, f"confidential.complaint.{perm}", complaint):
            if name == "mediation" and complaint.mediation_started_on:
                continue
            if name == "follow_up" and not complaint.needs_follow_up:
                continue
            action_forms[name] = bound.get(name) or _complaint_form(form_class, complaint, action=name)
    end = evaluation.end_of_procedure(complaint)
    return render(request, "confidential/complaint_detail.html", {
        "c": complaint, "due": services.complaint_deadlines(complaint), "forms": action_forms,
        "terms": services.terms_for(complaint.region), "today": timezone.localdate(),
        "evaluation": evaluation.read(complaint),
        "days_to_end": (end - complaint.received_on).days if end else None,
    }, status=400 if bound else 200)


def _complaint_form(form_class, complaint, data=None, action=""):
    """The form of one step; its ids carry the step's name, as several steps' forms share one page
    (tester t37: every "Datum" label pointed at the first `id_on`). Field names stay plain."""
    auto_id = f"id_{action}_%s" if action else "id_%s"
    if form_class is forms.EvaluationForm:
        return form_class(data, complaint=complaint, auto_id=auto_id)
    return form_class(data, auto_id=auto_id)
