from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vik import policy
from vik.audit import services as audit
from vik.core.concurrency import state_token
from vik.core.confirm import confirms_after_validation
from vik.core.errors import ConcurrentEditError, DomainError
from vik.core.forms import apply_errors
from vik.signals.access import get_visible_signal_or_404
from vik.signals.prg import forget_kept_form, keep_invalid_form

from . import actions, case_panels, forms, selectors, services
from .access import get_visible_case_or_404
from .models import (
    AccessRequest,
    Case,
    Document,
    ExpectedEndDate,
    Hearing,
    Member,
    Outcome,
    Pause,
    RightsRequest,
    StatusChange,
    Step,
    Voornemen,
)


@login_required
def case_list(request):
    form = forms.CaseFilterForm(request.GET or None)
    qs = selectors.cases_for(request.user)
    state = "open"
    if form.is_valid():
        state = form.cleaned_data["state"] or "open"
        if form.cleaned_data["q"]:
            qs = qs.filter(reference__icontains=form.cleaned_data["q"].strip())
    elif form.is_bound:
        qs = qs.none()  # a refused filter finds nothing, never everything; the page says why
    if state == "open":
        qs = qs.filter(closed_on__isnull=True)
    elif state == "closed":
        qs = qs.filter(closed_on__isnull=False)
    page = Paginator(qs.order_by("deadline", "id"), 50).get_page(request.GET.get("page"))
    return render(request, "investigations/list.html", {
        "page": page, "form": form, "today": timezone.localdate(), "state": state,
        # The betrokkene follows the case about himself elsewhere; an empty list must say so.
        "has_own_case": not page.object_list and selectors.own_cases(request.user).exists()},
        status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def open_case(request, signal_pk: int):
    signal = get_visible_signal_or_404(request, signal_pk)
    current = signal.triage_decisions.filter(current=True).first()
    if current is None or current.route not in services.ROUTE_TRACKS:
        messages.error(request, _("Start een onderzoek pas na een triagebesluit met een "
                                  "onderzoeksroute."))
        return redirect("signals:detail", pk=signal.pk)
    forget_kept_form(request, f"signal:{signal.pk}:case")
    form = forms.OpenCaseForm(request.POST, signal=signal, route=current.route)
    if form.is_valid():
        try:
            case = services.open_case(request.user, signal, services.OpenCaseInput(**form.cleaned_data))
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("signals:detail", pk=signal.pk)
        else:
            messages.success(request, _("Onderzoek %(ref)s is gestart.") % {"ref": case.reference})
            if policy.can(request.user, "case.view", case):
                return redirect("investigations:detail", pk=case.pk)
            return redirect("signals:detail", pk=signal.pk)
    messages.error(request, _("Het onderzoek is niet gestart; zie de meldingen bij de velden."))
    keep_invalid_form(request, f"signal:{signal.pk}:case", form)
    return redirect("signals:detail", pk=signal.pk)


# Each action on the case page: (form class, policy action, handler, success message).
def _h_breach(request, case, d):
    services.update_suspected_breach(request.user, case, d["text"], d["version"])


def _h_aanzegging(request, case, d):
    services.record_aanzegging(request.user, case, d["held_at"], care_offered=d["care_offered"],
                               note=d["note"], accept_warnings=d["accept_warnings"],
                               accept_no_care=d["accept_no_care"],
                               info_folder=d["info_folder"])


def _h_hearing_informed(request, case, d):
    hearing = get_object_or_404(Hearing, pk=d["hearing_id"], case=case)
    # The hearing's state token travels beside the form (one form serves every hearing).
    services.record_hearing_informed(request.user, hearing, d["on"],
                                     expected_state=request.POST.get("state", "")[:64])


def _h_hearing_move(request, case, d):
    hearing = get_object_or_404(Hearing, pk=d["hearing_id"], case=case)
    services.reschedule_hearing(request.user, hearing, scheduled_at=d["scheduled_at"],
                                preparation_waived=d["preparation_waived"],
                                state=request.POST.get("state", "")[:64])


def _h_rights_decide(request, case, d):
    req = get_object_or_404(RightsRequest, pk=d["request_id"], case=case)
    services.decide_rights_request(request.user, req, decision=d["decision"], reason=d["reason"],
                                   decided_on=d["decided_on"])


def _h_advance(request, case, d):
    if d["state"] != str(case.status_id):
        raise ConcurrentEditError(_("Het onderzoek is intussen naar de stap ‘%(step)s’ gezet, in een ander "
                                    "tabblad of door iemand anders. Kies opnieuw.")
                                  % {"step": case.status.get_step_display()})
    services.advance(request.user, case, d["step"], d["on"], d["note"])


_h_advance.fresh_state = lambda case: str(case.status_id)  # type: ignore[attr-defined]
_h_advance.own_conflict_message = True  # type: ignore[attr-defined]


def _h_expected_end(request, case, d):
    services.set_expected_end_date(request.user, case, end_on=d["end_on"], reason=d["reason"],
                                   expected_state=d["state"])


# After a conflict the form carries the newest token, so saving again replaces it knowingly.
_h_expected_end.fresh_state = services.expected_end_state  # type: ignore[attr-defined]


def _h_hearing_held(request, case, d):
    hearing = get_object_or_404(Hearing, pk=d["hearing_id"], case=case)
    services.record_hearing_held(request.user, hearing, d["note"])


def _h_hearing_waived(request, case, d):
    hearing = get_object_or_404(Hearing, pk=d["hearing_id"], case=case)
    services.record_hearing_waived(request.user, hearing, d["on"], d["note"])


def _h_voornemen(request, case, d):
    services.record_voornemen(request.user, case, services.VoornemenInput(**d))


# A stale tab (another voornemen sent meanwhile): the form comes back with what was typed and the
# current voornemen, so that sending again replaces that one knowingly (actions.run).
_h_voornemen.fresh_data = lambda case: {"replaces": getattr(services.current_voornemen(case), "pk", "")}


def _h_zienswijze(request, case, d):
    voornemen = get_object_or_404(Voornemen, pk=d["voornemen_id"], case=case)
    saved = services.record_zienswijze(request.user, voornemen, response=d["response"],
                                       received_on=d["received_on"], text=d["text"])
    if saved.clock_resumed_on:  # tester t14: nobody was told the clock runs again
        return _("Zienswijze vastgelegd. De pauze voor de zienswijze is beëindigd: de doorlooptijd loopt weer "
                 "vanaf %(d)s.") % {"d": saved.clock_resumed_on.strftime("%d-%m-%Y")}
    return None


def _h_access_decide(request, case, d):
    req = get_object_or_404(AccessRequest, pk=d["request_id"], case=case)
    services.decide_access_request(request.user, req, decision=d["decision"], reason=d["reason"])


ACTIONS = {
    "breach": (forms.BreachForm, "case.work", _h_breach, N_("Omschrijving opgeslagen.")),
    "commission": (forms.StepForm, "case.authority",
                   lambda r, c, d: services.commission(r.user, c, d["on"], d["note"]),
                   N_("Opdracht vastgelegd.")),
    "approve_plan": (forms.StepForm, "case.authority",
                     lambda r, c, d: services.approve_plan(r.user, c, d["on"], d["note"]),
                     N_("Onderzoeksplan goedgekeurd.")),
    "aanzegging": (forms.AanzeggingForm, "case.work", _h_aanzegging, N_("Aanzegging vastgelegd.")),
    "advance": (forms.AdvanceForm, "case.work", _h_advance, N_("Stap bijgewerkt.")),
    "hearing": (forms.HearingForm, "case.work",
                lambda r, c, d: services.plan_hearing(r.user, c, **d), N_("Gesprek gepland.")),
    "hearing_held": (forms.HearingHeldForm, "case.work", _h_hearing_held,
                     N_("Gesprek als gehouden vastgelegd.")),
    "hearing_waived": (forms.HearingWaivedForm, "case.work", _h_hearing_waived,
                       N_("Vastgelegd dat de betrokkene afzag van het hoorgesprek.")),
    "hearing_move": (forms.HearingMoveForm, "case.work", _h_hearing_move, N_("Gesprek verplaatst.")),
    "hearing_informed": (forms.HearingInformedForm, "case.work", _h_hearing_informed,
                         N_("Vastgelegd wanneer de betrokkene vóór het hoorgesprek is geïnformeerd.")),
    "info_folder": (forms.InfoFolderForm, "case.work",
                    lambda r, c, d: services.record_info_folder(r.user, c, d["on"], d["state"]),
                    N_("Overhandiging van de informatiemap vastgelegd.")),
    "rights": (forms.RightsRequestForm, "case.manage",
               lambda r, c, d: services.record_rights_request(r.user, c, **d),
               N_("Verzoek van de betrokkene vastgelegd.")),
    "rights_decide": (forms.RightsDecisionForm, "case.rights.decide", _h_rights_decide,
                      N_("Beslissing op het verzoek vastgelegd.")),
    "pause": (forms.PauseForm, "case.work",
              lambda r, c, d: services.pause_clock(r.user, c, d["reason"], d["on"], d["note"]),
              N_("De klok staat stil.")),
    "accelerator": (forms.AcceleratorForm, "case.work",
                    lambda r, c, d: services.record_accelerator(r.user, c, **d),
                    N_("Versneller vastgelegd.")),
    "expected_end": (forms.ExpectedEndForm, "case.expected_end", _h_expected_end,
                     N_("Verwachte einddatum vastgelegd.")),
    "resume": (forms.ResumeForm, "case.work",
               lambda r, c, d: services.resume_clock(r.user, c, d["on"]), N_("De klok loopt weer.")),
    "update": (forms.StatusUpdateForm, "case.care",
               lambda r, c, d: services.record_status_update(r.user, c, **d),
               N_("Statusupdate vastgelegd.")),
    "review": (forms.ReviewForm, "case.manage",
               lambda r, c, d: services.record_review(r.user, c, **d),
               N_("Evaluatiemoment vastgelegd.")),
    "access": (forms.AccessRequestForm, "case.work",
               lambda r, c, d: services.record_access_request(r.user, c, **d),
               N_("Inzageverzoek vastgelegd.")),
    "access_decide": (forms.AccessDecisionForm, "case.rights.decide", _h_access_decide,
                      N_("Beslissing op inzageverzoek vastgelegd.")),
    "document": (forms.DocumentForm, "case.work",
                 lambda r, c, d: services.upload_document(r.user, c, title=d["title"],
                                                          upload=d["file"], kind=d["kind"]),
                 N_("Document toegevoegd.")),
    "voornemen": (forms.VoornemenForm, "case.authority",
                  _h_voornemen,
                  N_("Voornemen tot straf vastgelegd. De termijn voor de zienswijze staat bij het voornemen.")),
    "zienswijze": (forms.ZienswijzeForm, "case.manage", _h_zienswijze,
                   N_("Zienswijze vastgelegd.")),
    "member": (forms.MemberForm, "case.assign",
               lambda r, c, d: services.add_member(r.user, c, d["user"], d["kind"]),
               N_("Teamlid toegevoegd.")),
    "decision": (forms.DecisionForm, "case.authority",
                 lambda r, c, d: services.record_decision(r.user, c, services.DecisionInput(**d)),
                 N_("Besluit vastgelegd.")),
    "close": (forms.CloseForm, "case.manage",
              lambda r, c, d: services.close_case(r.user, c, **d), N_("Onderzoek afgesloten.")),
}


@login_required
def case_detail(request, pk: int):
    case = get_visible_case_or_404(request, pk)
    audit.record_view(request.user, case)
    return _render_case(request, case)


# Acts that cannot be undone: confirmed once their form is valid (vik.core.confirm).
CONFIRM = {
    # recorded once, not corrected afterwards: the betrokkene's own view opens on it (tester t63)
    "aanzegging": N_("De aanzegging kan na vastleggen niet meer worden gewijzigd: de betrokkene ziet het onderzoek "
                     "dan in Mijn zaak, en de zorg voor het team en het thuisfront kan beginnen. Klopt het moment? "
                     "Doorgaan?"),
    "voornemen": N_("Het voornemen gaat naar de betrokkene en start de termijn voor de zienswijze. Doorgaan?"),
    "decision": N_("Het besluit kan na vastleggen niet meer worden gewijzigd. Doorgaan?"),
    "close": N_("Na afsluiten kan het onderzoek niet meer worden gewijzigd. Doorgaan?"),
}


@confirms_after_validation
@login_required
@require_POST
def case_action(request, pk: int, action: str):
    case = get_visible_case_or_404(request, pk)
    return actions.run(request, case, action, ACTIONS, confirm={k: _(v) for k, v in CONFIRM.items()})


def _initial(case, name: str) -> dict | None:
    """The initial data of an act's form (None: the form's own)."""
    if name == "breach":
        return {"text": case.suspected_breach, "version": case.version}
    if name == "info_folder":
        # A correction starts from the date recorded, not from today.
        aanzegging = getattr(case, "aanzegging", None)
        return {"state": state_token(aanzegging) if aanzegging else "",
                **({"on": aanzegging.info_folder_on} if aanzegging and aanzegging.info_folder_on else {})}
    if name == "voornemen":
        return {"replaces": getattr(services.current_voornemen(case), "pk", None)}
    if name == "expected_end":
        promised = services.current_expected_end(case)
        proposed = promised.end_on if promised else services.suggest_end_date(case)
        earliest = services.earliest_end(case)
        # A date the service refuses is no proposal: already past (tester t50), or before what
        # must still happen (t53).
        valid = proposed >= max(timezone.localdate(), earliest[0] if earliest else proposed)
        return {"state": services.expected_end_state(case), **({"end_on": proposed} if valid else {})}
    return None


@login_required
def action_fields(request, pk: int, action: str):
    """The fields of one act's form, loaded when its section on the case page is opened (htmx):
    the page itself renders only the titles of the 15-20 acts a user may do, not their widgets,
    which were a third of its time (issue 14, load). Without JavaScript the section's link asks
    for the case page with that form rendered in it (`?formulier=`)."""
    case = get_visible_case_or_404(request, pk)
    if action not in ACTIONS or case.is_closed:
        raise Http404
    form_class, permission, _handler, _success = ACTIONS[action]
    if not policy.can(request.user, permission, case):
        raise Http404
    if not request.htmx:
        return redirect(f"{reverse('investigations:detail', args=[case.pk])}?formulier={action}#action-{action}")
    if action == "breach":  # the only form that shows the file's own text
        audit.record_view(request.user, case)
    form = form_class(initial=_initial(case, action), auto_id=f"id_{action}_%s",
                      **actions.case_kwargs(form_class, case))
    return render(request, "core/form_fields.html", {"form": form})


def _may_record(upcoming, action_forms: dict) -> bool:
    """Does the page offer this user the form that records the `upcoming` step? The
    investigators' own steps through "Volgende stap", closing through its own form; the other
    steps (commission, plan, aanzegging, voornemen, decision) have forms of their own with their
    own texts."""
    if upcoming is None:
        return False
    if upcoming.step == Step.CLOSED:
        return "close" in action_forms
    advance = action_forms.get("advance")
    return advance is not None and upcoming.step in {value for value, _label in advance.fields["step"].choices}


def _render_case(request, case, status=200):
    """The case file, or for a care contact only its care part; the care sections are panels
    served by care (`case_panels`)."""
    user = request.user
    care_only = policy.is_care_only(user, case)
    # What the page's helpers (clock, timeline, ready checks, promises) each read, once (issue 14).
    prefetch_related_objects(
        [case], Prefetch("status_changes", queryset=StatusChange.objects.select_related("status", "by__employee")),
        Prefetch("pauses", queryset=Pause.objects.select_related("reason")),
        Prefetch("expected_end_dates", queryset=ExpectedEndDate.objects.select_related("by__employee")))
    aanzegging = getattr(case, "aanzegging", None)
    promised = services.current_expected_end(case)
    suggested = services.suggest_end_date(case)
    # The acts' forms are loaded when opened (`action_fields`): only one asked for by name (without
    # JavaScript) is rendered here with its initial data; one that came back with errors has its own.
    eager = request.GET.get("formulier", "")
    action_forms = actions.forms_for(request, case, ACTIONS,
                                     initial={eager: _initial(case, eager)} if eager in ACTIONS else None)
    hearings = list(case.hearings.all())
    for hearing in hearings:
        hearing.state = state_token(hearing)  # for its "informed before the hearing" form
    decision = getattr(case, "decision", None)
    members = list(case.members.select_related("user", "user__employee"))
    lead = next((m.user for m in members if m.kind == Member.Kind.LEAD_INVESTIGATOR), None)
    upcoming = services.upcoming_step(case)
    context = {
        "case": case,
        "timeline": selectors.timeline(case),
        "clock": selectors.clock(case),
        "forms": action_forms,
        "members": members,
        "history": case.status_changes.all(),
        "pauses": case.pauses.all(),
        "accelerators": case.accelerators.select_related("factor"),
        "promised": promised,
        "promised_told": services.expected_end_told(case, promised),
        "suggested_end": suggested,
        "promise_history": sorted(case.expected_end_dates.all(), key=lambda promise: -promise.pk),
        "aanzegging": aanzegging,
        "plan_approved_on": services.plan_approved_on(case),
        "has_plan": services.has_plan(case),
        "needs_aanzegging": services.needs_aanzegging(case),
        "upcoming": upcoming,
        "upcoming_holder": services.step_holder(
            upcoming, {m.kind for m in members if m.user_id == user.pk}, lead is not None,
            may_record=_may_record(upcoming, action_forms)),
        "lead": lead,
        "hearings": hearings,
        "access_requests": case.access_requests.all(),
        "rights_requests": case.rights_requests.select_related("decided_by"),
        "updates": case.status_updates.all(),
        "reviews": case.reviews.all(),
        "documents": case.documents.all() if policy.can(user, "case.documents", case) else None,
        "panels": case_panels.render_panels(request, case,
                                            slots=("care_view",) if care_only else ("care",)),
        "decision": decision,
        "voornemens": case.voornemens.select_related("response_by"),
        "voornemen_ready": services.voornemen_ready(case),
        "hearing_ahead": services.hearing_ahead_message(case),
        "decision_ready": services.decision_ready(case),
        "standard_destruction_due": services.standard_destruction_due(case),
        "term_running": None if decision is not None else services.zienswijze_term_running(case),
        "may_write_learning_point": decision is not None and policy.can(user, "learning.point.write", case),
        "closure": getattr(case, "closure", None),
        "no_breach": Outcome.NO_BREACH,
        # a closed case has no next update (tester t59: its care view still showed one)
        "next_update_due": None if case.closed_on else services.next_update_due(case),
        "lazy_forms": True, "eager_form": eager,
        "today": timezone.localdate(),
        "now": timezone.now(),
    }
    # The care contact gets the care part only, not the investigation file.
    template = "investigations/care_view.html" if care_only else "investigations/detail.html"
    return render(request, template, context, status=status)


@login_required
def document_download(request, pk: int, doc_pk: int):
    case = get_visible_case_or_404(request, pk)
    policy.require(request.user, "case.documents", case, why="documents")
    document = get_object_or_404(Document, pk=doc_pk, case=case)
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        # The record outlived its file (a restore without the media, a disk cleaned by hand): say
        # so instead of a server error, and keep the trail of the attempt.
        audit.record(request.user, "view", case, summary=_("Document niet gevonden in de opslag"),
                     detail={"document": document.pk, "file_missing": True})
        messages.error(request, _("Het bestand van ‘%(title)s’ ontbreekt in de opslag. Meld dit bij functioneel "
                                  "beheer; de registratie van het document blijft bestaan.")
                       % {"title": document.title})
        return redirect("investigations:detail", pk=case.pk)
    audit.record(request.user, "export", case, summary=_("Document gedownload"),
                 detail={"document": document.pk})
    return FileResponse(handle, as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


@login_required
def retention(request):
    """Functional administrators: cases past their retention period, and destruction runs."""
    from . import retention as svc
    from .models import DestructionRun

    policy.require(request.user, "config.manage", object_type="investigations.destructionrun", why="retention")
    if request.method == "POST":
        try:
            if request.POST.get("do") == "propose":
                run = svc.propose_run(request.user)
                messages.success(request, ngettext(
                    "Vernietigingsronde voorgesteld met %(n)d onderzoek. Een tweede beheerder moet "
                    "haar goedkeuren.",
                    "Vernietigingsronde voorgesteld met %(n)d onderzoeken. Een tweede beheerder moet "
                    "haar goedkeuren.", len(run.case_ids)) % {"n": len(run.case_ids)})
            else:
                raw_run = request.POST.get("run", "")
                if not raw_run.isdigit() or len(raw_run) > 18:
                    raise DomainError(_("Kies een bestaande vernietigingsronde."))
                run = get_object_or_404(DestructionRun, pk=int(raw_run))
                if request.POST.get("do") == "execute":
                    run = svc.execute_run(request.user, run)
                    messages.success(request, ngettext(
                        "%(n)d onderzoek vernietigd.", "%(n)d onderzoeken vernietigd.",
                        len(run.destroyed)) % {"n": len(run.destroyed)})
                elif request.POST.get("do") == "cancel":
                    svc.cancel_run(request.user, run)
                    messages.success(request, _("Vernietigingsronde geannuleerd."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("investigations:retention")
    due = svc.due_for_destruction().select_related("case_type")[:500]
    held = Case.objects.filter(legal_hold=True).order_by("reference")[:200]
    runs = DestructionRun.objects.select_related("proposed_by", "approved_by")[:20]
    return render(request, "investigations/retention.html",
                  {"due": due, "held": held, "runs": runs})


@login_required
def aanzegging_check(request):
    """Live warnings while planning an aanzegging (htmx): Friday afternoon, the working day before
    a public holiday, or a weekend or holiday itself."""
    from django.core.exceptions import ValidationError

    from vik.investigations.forms import AanzeggingForm

    raw = request.GET.get("held_at") or next((v for k, v in request.GET.items() if k != "case"), "")
    moment, errors, warnings = None, [], []
    if raw:
        # the field's own check, so that the live answer is the one the submit gives (tester t60:
        # a future moment "gave no warning" live and was refused on submit; a date without a time
        # got another message)
        try:
            moment = AanzeggingForm.base_fields["held_at"].clean(raw)
        except ValidationError as error:
            errors = error.messages
    case_id = request.GET.get("case", "")
    if moment is not None and case_id.isdigit():
        # ... and the case's own dates, as on submit (tester t62: before the plan's approval)
        case = policy.visible_cases(request.user, Case.objects.filter(pk=int(case_id))).first()
        if case is not None:
            try:
                services.check_step_date(case, timezone.localtime(moment).date(), "held_at")
            except ValidationError as error:
                errors, moment = error.messages, None
    if moment is not None:
        warnings = services.plan_aanzegging_warnings(moment)
    return render(request, "investigations/aanzegging_warnings.html",
                  {"warnings": warnings, "errors": errors, "checked": moment is not None})


@login_required
def own_cases(request):
    """"Mijn zaak": the cases the user is the betrokkene of (usually one: straight to it)."""
    cases = list(selectors.own_cases(request.user))
    if len(cases) == 1:
        return redirect("investigations:own", pk=cases[0].pk)
    return render(request, "investigations/own_list.html", {"cases": cases})


@login_required
@require_POST
def own_dispute_waiver(request, pk: int, hearing_pk: int):
    """The betrokkene says he did not waive his preparation time (`services.dispute_preparation_waiver`)."""
    case = Case.objects.filter(pk=pk).first()
    if case is None or not policy.can(request.user, "case.own", case):
        if case is not None:
            audit.record_denied(request.user, case, why="case.own")
        raise Http404
    hearing = get_object_or_404(Hearing, pk=hearing_pk, case=case, kind=Hearing.Kind.HEARING)
    try:
        services.dispute_preparation_waiver(request.user, hearing)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Doorgegeven: het onderzoeksteam verplaatst het gesprek naar een dag die u uw "
                                    "voorbereidingstijd geeft."))
    return redirect("investigations:own", pk=case.pk)


@login_required
def own_case(request, pk: int):
    """The betrokkene's view of his own case, where he also gives his zienswijze."""
    case = Case.objects.select_related("case_type", "status", "care_contact").filter(pk=pk).first()
    if case is None or not policy.can(request.user, "case.own", case):
        if case is not None:
            audit.record_denied(request.user, case, why="case.own")
        raise Http404
    current = services.current_voornemen(case)
    form = forms.OwnZienswijzeForm(request.POST if request.method == "POST" else None,
                                   initial={"voornemen_id": current.pk if current else None})
    if request.method == "POST":
        if form.is_valid():
            try:
                services.submit_own_zienswijze(request.user, case, text=form.cleaned_data["text"],
                                               waive=form.cleaned_data["waive"],
                                               voornemen_id=form.cleaned_data["voornemen_id"] or "any")
            except ValidationError as error:
                apply_errors(form, error)
                # The page now shows the current voornemen: a second "Versturen" answers that one.
                form.data = form.data.copy()
                form.data["voornemen_id"] = str(current.pk) if current else ""
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("investigations:own", pk=case.pk)
            else:
                messages.success(request, _("Uw zienswijze is vastgelegd; het bevoegd gezag "
                                            "weegt haar mee in het besluit."))
                return redirect("investigations:own", pk=case.pk)
        messages.error(request, _("Niet verstuurd; zie de meldingen bij de velden."))
    else:
        audit.record_view(request.user, case)
    context = selectors.own_case_view(case)
    closed = case.closed_on is not None
    current = context["voornemens"][0] if context["voornemens"] else None
    context.update({
        "promised": None if closed else services.current_expected_end(case),
        "next_update_due": None if closed else services.next_update_due(case),
        "current": current,
        "may_respond": (current is not None and not current.answered and not closed
                        and context["decision"] is None),
        "form": form,
        "today": timezone.localdate(),
        "now": timezone.now(),
        "closed": closed,
    })
    return render(request, "investigations/own_case.html", context,
                  status=400 if form.errors else 200)
