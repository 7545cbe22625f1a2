"""Pages of prevention work. Joining a dilemma session needs no account (see docs/prevention.md):
the participant is only remembered in his own browser session. Live screens poll small partials
with htmx; a poll that finds nothing new answers 204, so the page is not redrawn."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from vik import policy
from vik.audit import services as audit
from vik.core.concurrency import state_token
from vik.core.errors import ConcurrentEditError, DomainError
from vik.core.forms import apply_errors, formset_rows, keep_input_after_conflict
from vik.knowledge.selectors import sheets_for

from . import climate, evaluation, forms, selectors, services
from .models import Activity, AgreedAction, AttentionPoint, ClimateCheck, DilemmaSet, Participant, Session

_SESSION_KEY = "prevention_participants"
# The activities whose evaluation this browser has filled in (one response per browser session).
_EVALUATED_KEY = "prevention_evaluated"


def _number(raw: str, digits: int) -> int | None:
    """A number of at most `digits` ASCII digits, else None (`"²".isdigit()` is true, int() fails)."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= digits else None


# --- overview -----------------------------------------------------------------------------------


@login_required
def index(request):
    user = request.user
    return render(request, "prevention/index.html", {
        "join_form": forms.JoinForm(),
        "can_facilitate": policy.can(user, "prevention.facilitate"),
        "sessions": selectors.sessions_run_by(user)[:10],
        "checks": selectors.climate_checks_for(user)[:20],
        "can_start_check": selectors.teams_for_new_check(user).exists(),
        "can_edit": policy.can(user, "prevention.edit"),
        "can_register": selectors.register_teams(user).exists(),
        "can_see_coverage": policy.can(user, "prevention.coverage"),
        "evaluation_form": forms.EvaluationCodeForm(),
        "today": timezone.localdate(),
    })


# --- participants (no account needed) -----------------------------------------------------------


def _participant(request, session: Session) -> Participant | None:
    participant_id = request.session.get(_SESSION_KEY, {}).get(str(session.pk))
    if not participant_id:
        return None
    return Participant.objects.filter(pk=participant_id, session=session).first()


def join(request):
    form = forms.JoinForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        code = services.normalise_code(form.cleaned_data["code"])
        try:
            session = services.find_joinable_session(code)
            if _participant(request, session) is None:
                participant = services.join_session(code)
                joined = request.session.get(_SESSION_KEY, {})
                joined[str(session.pk)] = str(participant.pk)
                request.session[_SESSION_KEY] = joined
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            return redirect("prevention:play", code=session.code)
    return render(request, "prevention/join.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


def _play_context(request, code: str):
    session = Session.objects.filter(code=services.normalise_code(code)).select_related(
        "current_round", "current_round__dilemma").first()
    participant = _participant(request, session) if session else None
    if participant is None:
        return None
    current = session.current_round
    return {
        "session": session, "participant": participant, "round": current,
        "phase": selectors.phase(session),
        "chosen": selectors.has_chosen(participant, current),
        "role": selectors.role_of(participant, current) if current else "",
        "bars": selectors.distribution(current) if current and current.is_revealed else None,
        "state": selectors.participant_state(session, participant),
    }


def play(request, code: str):
    context = _play_context(request, code)
    if context is None:
        return redirect(f"{reverse('prevention:join')}?code={services.normalise_code(code)}")
    return render(request, "prevention/play.html", context)


def play_status(request, code: str):
    context = _play_context(request, code)
    if context is None:
        raise Http404
    if request.GET.get("v") == context["state"]:
        return HttpResponse(status=204)
    return render(request, "prevention/_play.html", context)


@require_POST
def vote(request, code: str):
    context = _play_context(request, code)
    if context is None:
        raise Http404
    round_ = context["round"]
    try:
        if round_ is None:
            raise DomainError(_("Er staat nog geen dilemma open."))
        services.cast_vote(context["participant"], round_, request.POST.get("choice", ""))
    except DomainError as error:
        messages.error(request, error.message)
    if request.htmx:
        return render(request, "prevention/_play.html", _play_context(request, code))
    return redirect("prevention:play", code=context["session"].code)


# --- facilitator --------------------------------------------------------------------------------


def _own_session_or_404(request, pk: int) -> Session:
    return policy.get_or_404(request.user, "prevention.session.run", Session.objects.select_related(
        "current_round", "current_round__dilemma", "dilemma_set", "team"), pk=pk)


@login_required
def session_new(request):
    policy.require(request.user, "prevention.facilitate", object_type="prevention.session")
    teams = selectors.session_teams(request.user)
    initial = {}
    if request.user.employee_id and teams.filter(pk=request.user.employee.unit_id).exists():
        initial["team"] = request.user.employee.unit_id
    form = forms.StartSessionForm(request.POST or None, initial=initial,
                                  dilemma_sets=selectors.active_dilemma_sets(), teams=teams)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            session = services.start_session(request.user, data["dilemma_set"], data["title"], data["team"])
        except DomainError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            return redirect("prevention:session", pk=session.pk)
    return render(request, "prevention/session_new.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


def _panel_context(request, session: Session) -> dict:
    current = session.current_round
    return {
        "session": session, "round": current, "phase": selectors.phase(session),
        "participants": session.participants.count(),
        "bars": selectors.distribution(current) if current and current.is_revealed else None,
        "next_dilemma": services.next_dilemma(session),
        "open_form": forms.OpenRoundForm(),
        "join_url": request.build_absolute_uri(reverse("prevention:join")),
        "state": selectors.facilitator_state(session),
    }


@login_required
def session_detail(request, pk: int):
    session = _own_session_or_404(request, pk)
    return render(request, "prevention/session.html", _panel_context(request, session))


@login_required
def session_panel(request, pk: int):
    session = _own_session_or_404(request, pk)
    if request.GET.get("v") == selectors.facilitator_state(session):
        return HttpResponse(status=204)
    return render(request, "prevention/_panel.html", _panel_context(request, session))


@login_required
@require_POST
def session_action(request, pk: int, action: str):
    session = _own_session_or_404(request, pk)
    try:
        if action == "open":
            form = forms.OpenRoundForm(request.POST)
            perspective = form.cleaned_data["perspective"] if form.is_valid() else "own"
            services.open_round(request.user, session, perspective)
        elif action == "reveal":
            services.reveal(request.user, session)
        elif action == "end":
            services.end_session(request.user, session)
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DomainError as error:
        messages.error(request, error.message)
    if action == "end":
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("prevention:summary", args=[pk])
            return response
        return redirect("prevention:summary", pk=pk)
    if request.htmx:
        session = _own_session_or_404(request, pk)
        return render(request, "prevention/_panel.html", _panel_context(request, session))
    return redirect("prevention:session", pk=pk)


@login_required
def session_summary(request, pk: int):
    session = _own_session_or_404(request, pk)
    rounds = selectors.summary(session)
    form = forms.NotesForm(request.POST or None, initial={"notes": session.notes})
    if request.method == "POST" and form.is_valid():
        # A line break as one character, as the browser counted it against the field's maxlength.
        round_notes = {r["round"].pk: request.POST.get(f"round-{r['round'].pk}", "").replace("\r\n", "\n")
                       [:forms.ROUND_NOTE_MAX] for r in rounds}
        try:
            services.save_notes(request.user, session, form.cleaned_data["notes"], round_notes)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Samenvatting opgeslagen."))
            return redirect("prevention:summary", pk=pk)
    return render(request, "prevention/summary.html", {
        "session": session, "rounds": rounds, "form": form, "round_note_max": forms.ROUND_NOTE_MAX,
        "participants": session.participants.count()})


# --- dilemma sets (editors) ---------------------------------------------------------------------


def _require_editor(request) -> None:
    policy.require(request.user, "prevention.edit", object_type="prevention.dilemmaset")


@login_required
def set_list(request):
    _require_editor(request)
    return render(request, "prevention/set_list.html", {
        "sets": DilemmaSet.objects.select_related("theme").prefetch_related("dilemmas")})


@login_required
def set_edit(request, pk: int | None = None):
    _require_editor(request)
    dilemma_set = get_object_or_404(DilemmaSet, pk=pk) if pk else DilemmaSet()
    form = forms.DilemmaSetForm(request.POST or None, instance=dilemma_set,
                                initial={"state": state_token(dilemma_set, services.SET_PARTS)})
    formset = forms.DilemmaFormSet(request.POST or None, instance=dilemma_set, prefix="dilemmas")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.save_dilemma_set(request.user, form.save(commit=False), formset_rows(formset),
                                      expected_state=form.cleaned_data["state"])
        except ValidationError as error:
            apply_errors(form, error)
        except ConcurrentEditError as error:
            keep_input_after_conflict(form, error.message, state_token(dilemma_set, services.SET_PARTS))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Dilemmaset opgeslagen."))
            return redirect("prevention:sets")
    return render(request, "prevention/set_edit.html", {"form": form, "formset": formset, "obj": dilemma_set},
                  status=400 if form.is_bound and (form.errors or formset.errors) else 200)


# --- team climate check -------------------------------------------------------------------------


def _visible_check_or_404(request, pk: int) -> ClimateCheck:
    return policy.get_or_404(request.user, "prevention.climate.view",
                             ClimateCheck.objects.select_related("team", "previous"), pk=pk)


@login_required
def climate_new(request):
    teams = selectors.teams_for_new_check(request.user)
    if not teams.exists():
        audit.record_denied(request.user, object_type="prevention.climatecheck", why="prevention.climate.start")
        raise Http404
    previous = None
    if (previous_pk := _number(request.GET.get("vorige", ""), 18)) is not None:
        previous = _visible_check_or_404(request, previous_pk)
    today = timezone.localdate()
    initial = {"opens_on": today, "closes_on": today + timedelta(days=14),
               "team": previous.team_id if previous else (teams.first().pk if teams.count() == 1 else None),
               "label": _("Herhaalmeting") if previous else ""}
    form = forms.ClimateCheckForm(request.POST or None, initial=initial, teams=teams)
    if request.method == "POST" and form.is_valid():
        try:
            check = services.start_climate_check(request.user, form.cleaned_data["team"],
                                                 label=form.cleaned_data["label"],
                                                 opens_on=form.cleaned_data["opens_on"],
                                                 closes_on=form.cleaned_data["closes_on"], previous=previous)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De teamklimaatcheck staat open voor het team."))
            return redirect("prevention:climate", pk=check.pk)
    return render(request, "prevention/climate_new.html",
                  {"form": form, "previous": previous, "min": climate.MIN_RESPONDENTS},
                  status=400 if form.is_bound and form.errors else 200)


def _climate_context(request, check: ClimateCheck, **bound) -> dict:
    user = request.user
    manages = policy.can(user, "prevention.climate.manage", check)
    today = timezone.localdate()
    return {
        "check": check, "view": selectors.climate_view(check), "manages": manages,
        "may_answer": policy.can(user, "prevention.climate.answer", check),
        "is_open": check.is_open(today), "is_closed": check.is_closed(today),
        "points": check.attention_points.all(), "actions": check.actions.select_related("point"),
        "point_form": bound.get("point") or forms.AttentionPointForm(),
        "action_form": bound.get("action") or forms.ActionForm(check=check),
        "min_respondents": climate.MIN_RESPONDENTS, "today": today,
        "older_list": check.questionnaire < climate.QUESTIONNAIRE_VERSION,
    }


@login_required
def climate_detail(request, pk: int):
    check = _visible_check_or_404(request, pk)
    return render(request, "prevention/climate_detail.html", _climate_context(request, check))


@login_required
def climate_answer(request, pk: int):
    check = _visible_check_or_404(request, pk)
    if not policy.can(request.user, "prevention.climate.answer", check):
        messages.info(request, _("Je kunt deze vragenlijst niet (meer) invullen."))
        return redirect("prevention:climate", pk=pk)
    form = forms.ClimateAnswerForm(request.POST or None, questions=check.questions)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_climate_answers(request.user, check, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("prevention:climate", pk=pk)
        else:
            messages.success(request, _("Dank je wel. Je antwoorden zijn anoniem meegeteld."))
            return redirect("prevention:climate", pk=pk)
    return render(request, "prevention/climate_answer.html", {"check": check, "form": form},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
@require_POST
def climate_action(request, pk: int, action: str):
    check = _visible_check_or_404(request, pk)
    bound = {}
    try:
        if action == "close":
            services.close_climate_check(request.user, check)
        elif action == "point":
            form = bound["point"] = forms.AttentionPointForm(request.POST)
            if form.is_valid():
                services.add_attention_point(request.user, check, form.cleaned_data["text"])
                messages.success(request, _("Aandachtspunt vastgelegd."))
        elif action == "action":
            form = bound["action"] = forms.ActionForm(request.POST, check=check)
            if form.is_valid():
                services.agree_action(request.user, check, **form.cleaned_data)
                messages.success(request, _("Afspraak vastgelegd."))
        elif action == "remove_point":
            point_pk = _number(request.POST.get("item", ""), 18)
            if point_pk is None:
                raise Http404
            point = AttentionPoint.objects.filter(pk=point_pk, check_run=check).first()
            if point is None:  # removed in another tab, or sent twice
                messages.info(request, _("Dit aandachtspunt is al verwijderd."))
                return redirect("prevention:climate", pk=pk)
            kept = services.remove_attention_point(request.user, point)
            messages.success(request, ngettext(
                "Aandachtspunt verwijderd; de afspraak die erbij hoorde blijft staan.",
                "Aandachtspunt verwijderd; de %(n)d afspraken die erbij hoorden blijven staan.", kept)
                % {"n": kept} if kept else _("Aandachtspunt verwijderd."))
        elif action == "done":
            item_pk = _number(request.POST.get("item", ""), 18)
            if item_pk is None:
                raise Http404
            item = get_object_or_404(AgreedAction, pk=item_pk, check_run=check)
            services.complete_action(request.user, item, timezone.localdate())
            messages.success(request, _("Afspraak afgerond."))
            return redirect(reverse("prevention:climate", args=[pk]) + "#afspraken")
        else:
            raise Http404
    except ValidationError as error:
        if bound:
            apply_errors(next(iter(bound.values())), error)
        else:
            messages.error(request, " ".join(error.messages))
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("prevention:climate", pk=pk)
    if any(form.errors for form in bound.values()):
        return render(request, "prevention/climate_detail.html", _climate_context(request, check, **bound),
                      status=400)
    return redirect("prevention:climate", pk=pk)


# --- register of integrity activities -----------------------------------------------------------


def _year(request) -> int:
    """The calendar year asked for (`jaar`), this year when absent or out of range."""
    this_year = timezone.localdate().year
    year = _number(request.GET.get("jaar", ""), 4) or this_year
    return year if 2000 <= year <= this_year else this_year


def _years(year: int) -> list[int]:
    """The years to choose from: the last five and the one shown."""
    this_year = timezone.localdate().year
    return sorted({*range(this_year - 4, this_year + 1), year}, reverse=True)


@login_required
def activity_list(request):
    teams = selectors.register_teams(request.user)
    if not teams.exists():
        audit.record_denied(request.user, object_type="prevention.activity", why="prevention.activity.manage")
        raise Http404
    chosen = _number(request.GET.get("team", ""), 9)
    team = (teams.filter(pk=chosen).first() if chosen else None) or teams.first()
    year = _year(request)
    entries = selectors.register(team, year)
    return render(request, "prevention/activities.html", {
        "team": team, "teams": teams, "year": year, "entries": entries, "years": _years(year),
        "missing": selectors.teams_without_activity(year, teams.filter(pk=team.pk)).exists(),
    })


def _activity_form(request, *, teams, initial, activity=None):
    return forms.ActivityForm(request.POST or None, initial=initial, teams=teams, themes=sheets_for(request.user),
                              fixed_team=activity.team if activity else None)


@login_required
def activity_new(request):
    teams = selectors.register_teams(request.user)
    if not teams.exists():
        audit.record_denied(request.user, object_type="prevention.activity", why="prevention.activity.register")
        raise Http404
    initial = {"held_on": timezone.localdate(), "team": teams.first().pk if teams.count() == 1 else None}
    form = _activity_form(request, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data.pop("state", None)  # (a new activity has no earlier version)
        try:
            activity = services.register_activity(request.user, data.pop("team"), **data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De activiteit is geregistreerd."))
            return redirect("prevention:activity", pk=activity.pk)
    return render(request, "prevention/activity_new.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


def _activity_or_404(request, pk: int) -> Activity:
    return policy.get_or_404(request.user, "prevention.activity.manage",
                             Activity.objects.select_related("team", "theme"), pk=pk)


@login_required
def activity_edit(request, pk: int):
    activity = _activity_or_404(request, pk)
    initial = {name: getattr(activity, name) for name in forms.ActivityForm.EDITABLE}
    initial["state"] = state_token(activity)
    form = _activity_form(request, teams=selectors.register_teams(request.user), initial=initial, activity=activity)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        expected = data.pop("state")
        try:
            services.correct_activity(request.user, activity, expected_state=expected, **data)
        except ValidationError as error:
            apply_errors(form, error)
        except ConcurrentEditError as error:
            current = Activity.objects.get(pk=activity.pk)
            keep_input_after_conflict(form, error.message, state_token(current), current)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("De activiteit is gecorrigeerd."))
            return redirect("prevention:activity", pk=activity.pk)
    return render(request, "prevention/activity_new.html", {"form": form, "activity": activity},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
def activity_detail(request, pk: int):
    activity = _activity_or_404(request, pk)
    today = timezone.localdate()
    return render(request, "prevention/activity_detail.html", {
        "activity": activity, "view": selectors.evaluation_view(activity),
        "is_open": evaluation.is_open(activity.held_on, today),
        "closes_on": evaluation.closes_on(activity.held_on),
        "evaluation_url": request.build_absolute_uri(reverse("prevention:evaluate", args=[activity.code])),
        "min_responses": evaluation.MIN_RESPONSES,
    })


@login_required
def coverage(request):
    policy.require(request.user, "prevention.coverage", object_type="prevention.coverage")
    year = _year(request)
    rows = selectors.coverage(year)
    return render(request, "prevention/coverage.html", {
        "year": year, "rows": rows, "years": _years(year),
        "total": selectors.CoverageRow("", sum(r.teams for r in rows), sum(r.covered for r in rows),
                                       sum(r.activities for r in rows)),
    })


# --- evaluation (no account needed) -------------------------------------------------------------


def evaluate_start(request):
    form = forms.EvaluationCodeForm(request.POST or request.GET or None)
    if form.is_bound and form.is_valid():
        try:
            activity = services.find_evaluation(form.cleaned_data["code"])
        except DomainError as error:
            form.add_error("code", error.message)
        else:
            return redirect("prevention:evaluate", code=activity.code)
    return render(request, "prevention/evaluate_start.html", {"form": form},
                  status=400 if form.is_bound and form.errors else 200)


def evaluate(request, code: str):
    try:
        activity = services.find_evaluation(code)
    except DomainError as error:
        form = forms.EvaluationCodeForm({"code": services.normalise_code(code)[:12]})
        if form.is_valid():
            form.add_error("code", error.message)
        return render(request, "prevention/evaluate_start.html", {"form": form}, status=404)
    done = str(activity.pk) in request.session.get(_EVALUATED_KEY, [])
    form = forms.EvaluationForm(None if done else (request.POST or None))
    if request.method == "POST" and not done and form.is_valid():
        try:
            services.submit_evaluation(activity, form.scores(), form.cleaned_data["comment"])
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            request.session[_EVALUATED_KEY] = [*request.session.get(_EVALUATED_KEY, []), str(activity.pk)][-50:]
            return redirect("prevention:evaluate", code=activity.code)
    return render(request, "prevention/evaluate.html", {"activity": activity, "form": form, "done": done},
                  status=400 if form.is_bound and form.errors else 200)
