"""Pages of the knowledge base: the help-desk finder, the professional code, initiatives, and the
editors' screens. Reading is open to every logged-in employee; writing only to editors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vik import policy
from vik.core.concurrency import state_token
from vik.core.errors import ConcurrentEditError, DomainError
from vik.core.forms import apply_errors, formset_rows, keep_input_after_conflict

from . import forms, selectors, services
from .models import Desk, FinderQuestion, Initiative, ManagerGuideStage, ThemeSheet

# kind -> (model, form, URL name of the detail page or None, label)
EDITABLE = {
    "sheet": (ThemeSheet, forms.ThemeSheetForm, "knowledge:sheet"),
    "desk": (Desk, forms.DeskForm, None),
    "initiative": (Initiative, forms.InitiativeForm, "knowledge:initiative"),
    "guide": (ManagerGuideStage, forms.ManagerGuideStageForm, "knowledge:guide"),
}


def _require_editor(request, obj=None) -> None:
    policy.require(request.user, "knowledge.edit", obj, object_type="knowledge")


def _detail_redirect(kind: str, obj):
    url_name = EDITABLE[kind][2]
    if url_name is None:
        return redirect("knowledge:manage")
    if kind == "guide":
        return redirect(url_name)
    return redirect(url_name, obj.slug if kind == "sheet" else obj.pk)


@login_required
def index(request):
    return render(request, "knowledge/index.html", {
        "sheets": selectors.sheets_for(request.user),
        "search_form": forms.SearchForm(),
        "can_edit": policy.can(request.user, "knowledge.edit"),
    })


@login_required
def finder(request):
    questions = selectors.finder_questions()
    chosen = set()
    answered = False
    for question in questions:
        raw = request.GET.get(f"v{question.pk}", "")
        if raw.isdigit():
            chosen.add(int(raw))
            answered = True
    result = selectors.run_finder(questions, chosen) if answered else None
    return render(request, "knowledge/finder.html", {
        "questions": questions, "chosen": chosen, "result": result})


@login_required
def involved(request):
    return render(request, "knowledge/involved.html", {"desks": selectors.desks_for_involved()})


@login_required
def desks(request):
    return render(request, "knowledge/desks.html", {"desks": selectors.active_desks()})


@login_required
def sheet_list(request):
    form = forms.SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.search_sheets(request.user, query) if query else None
    refused = form.is_bound and bool(form.errors)
    return render(request, "knowledge/sheet_list.html", {
        "form": form, "query": query, "results": [] if refused else results,
        "sheets": selectors.sheets_for(request.user),
        "can_edit": policy.can(request.user, "knowledge.edit"),
    }, status=400 if refused else 200)


@login_required
def sheet_detail(request, slug: str):
    sheet = get_object_or_404(selectors.sheets_for(request.user).prefetch_related("related"), slug=slug)
    return render(request, "knowledge/sheet_detail.html", {
        "sheet": sheet,
        "norm": selectors.parse_norm(sheet.norm),
        "dilemmas": selectors.parse_dilemmas(sheet.dilemmas),
        "court_cases": selectors.parse_court_cases(sheet.court_cases),
        "law_articles": selectors.parse_law_articles(sheet.law_articles),
        "related": [s for s in sheet.related.all() if s.published or policy.can(request.user, "knowledge.edit")],
        "initiatives": sheet.initiatives.filter(active=True),
        "can_edit": policy.can(request.user, "knowledge.edit"),
    })


@login_required
def guide(request):
    """The guide for line managers: every stage, readable by every employee."""
    return render(request, "knowledge/guide.html", {
        "stages": selectors.manager_guide(),
        "can_edit": policy.can(request.user, "knowledge.edit"),
    })


@login_required
def initiative_list(request):
    form = forms.InitiativeSearchForm(request.GET or None)
    query, kind = "", ""
    if form.is_valid():
        query, kind = form.cleaned_data["q"], form.cleaned_data["kind"]
    refused = form.is_bound and bool(form.errors)
    return render(request, "knowledge/initiative_list.html", {
        "form": form, "query": query,
        "initiatives": [] if refused else selectors.search_initiatives(request.user, query, kind),
        "can_edit": policy.can(request.user, "knowledge.edit"),
    }, status=400 if refused else 200)


@login_required
def initiative_detail(request, pk: int):
    initiative = get_object_or_404(selectors.initiatives_for(request.user), pk=pk)
    return render(request, "knowledge/initiative_detail.html", {
        "initiative": initiative, "can_edit": policy.can(request.user, "knowledge.edit")})


def _get_versioned(kind: str, key):
    if kind not in EDITABLE:
        raise Http404
    model = EDITABLE[kind][0]
    if kind == "sheet":
        return get_object_or_404(model, slug=key)
    if not str(key).isdigit():
        raise Http404
    return get_object_or_404(model, pk=key)


@login_required
def edit(request, kind: str, key=None):
    """Create (no key) or change a desk, theme sheet or initiative."""
    if kind not in EDITABLE:
        raise Http404
    model, form_class, _url = EDITABLE[kind]
    obj = _get_versioned(kind, key) if key is not None else model()
    _require_editor(request, obj)
    form = form_class(request.POST or None, instance=obj, initial={"state": state_token(obj)})
    if request.method == "POST" and form.is_valid():
        instance = form.save(commit=False)
        m2m = {name: form.cleaned_data[name] for name in form.cleaned_data
               if name in {f.name for f in model._meta.many_to_many}}
        try:
            services.save_content(request.user, instance, m2m=m2m, note=form.cleaned_data.get("note", ""),
                                  expected_state=form.cleaned_data["state"])
        except ValidationError as error:
            apply_errors(form, error)
        except ConcurrentEditError as error:
            current = model.objects.get(pk=obj.pk)  # `obj` holds the user's input now
            keep_input_after_conflict(form, error.message, state_token(current), current)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Opgeslagen. De vorige versie blijft bewaard in de geschiedenis."))
            return _detail_redirect(kind, instance)
    return render(request, "knowledge/edit.html", {
        "form": form, "obj": obj, "kind": kind, "key": key, "model_name": model._meta.verbose_name},
        status=400 if form.is_bound and form.errors else 200)


@login_required
def history(request, kind: str, key):
    obj = _get_versioned(kind, key)
    _require_editor(request, obj)
    return render(request, "knowledge/history.html", {
        "obj": obj, "kind": kind, "key": key, "versions": selectors.versions_of(kind, obj)})


@login_required
def version_detail(request, kind: str, key, number: int):
    obj = _get_versioned(kind, key)
    _require_editor(request, obj)
    version = get_object_or_404(selectors.versions_of(kind, obj), number=number)
    labels = {f.attname: f.verbose_name for f in type(obj)._meta.concrete_fields}
    labels.update({f.name: f.verbose_name for f in type(obj)._meta.many_to_many})
    rows = [(labels.get(k, k), v) for k, v in version.data.items()]
    return render(request, "knowledge/version.html", {
        "obj": obj, "kind": kind, "key": key, "version": version, "rows": rows})


@login_required
@require_POST
def restore(request, kind: str, key, number: int):
    obj = _get_versioned(kind, key)
    _require_editor(request, obj)
    try:
        services.restore_version(request.user, obj, number)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Versie %(n)d is teruggezet.") % {"n": number})
    return redirect("knowledge:history", kind=kind, key=key)


@login_required
def manage(request):
    _require_editor(request)
    return render(request, "knowledge/manage.html", {
        "desks": Desk.objects.order_by("order", "name"),
        "questions": FinderQuestion.objects.prefetch_related("options"),
        "guide_stages": selectors.manager_guide(),
    })


@login_required
def question_edit(request, pk: int | None = None):
    question = get_object_or_404(FinderQuestion, pk=pk) if pk else FinderQuestion()
    _require_editor(request, question)
    form = forms.QuestionForm(request.POST or None, instance=question,
                              initial={"state": state_token(question, services.QUESTION_PARTS)})
    formset = forms.OptionFormSet(request.POST or None, instance=question, prefix="opties")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            services.save_question(request.user, form.save(commit=False), formset_rows(formset),
                                   expected_state=form.cleaned_data["state"])
        except ValidationError as error:
            apply_errors(form, error)
        except ConcurrentEditError as error:
            keep_input_after_conflict(form, error.message, state_token(question, services.QUESTION_PARTS))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Vraag opgeslagen."))
            return redirect("knowledge:manage")
    return render(request, "knowledge/question_edit.html", {
        "form": form, "formset": formset, "question": question},
        status=400 if form.is_bound and (form.errors or formset.errors) else 200)
