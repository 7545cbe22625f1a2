from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from vik import policy
from vik.audit import services as audit
from vik.core.errors import DomainError
from vik.core.forms import apply_errors
from vik.core.uploads import ask_files_again

from . import panels, selectors, services
from .access import get_visible_signal_or_404
from .forms import AttachmentForm, SignalFilterForm, SignalForm
from .models import Attachment


@login_required
def signal_list(request):
    form = SignalFilterForm(request.GET or None)
    qs = selectors.signals_for(request.user)
    if form.is_valid():
        if form.cleaned_data["status"]:
            qs = qs.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["q"]:
            qs = qs.filter(reference__icontains=form.cleaned_data["q"].strip())
    elif form.is_bound:
        qs = qs.none()  # a refused filter finds nothing, never everything; the page says why
    page = Paginator(qs.order_by("-received_on", "-id"), 50).get_page(request.GET.get("page"))
    return render(request, "signals/list.html", {"page": page, "form": form,
                                                 "can_create": policy.can(request.user,
                                                                          "signal.create")},
                  status=400 if form.is_bound and form.errors else 200)


@login_required
def signal_create(request):
    if not policy.can(request.user, "signal.create"):
        audit.record_denied(request.user, object_type="signals.signal", why="create")
        messages.error(request, _("U mag geen meldingen registreren."))
        return redirect("home")
    form = SignalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = services.SignalInput(
            received_on=form.cleaned_data["received_on"],
            channel=form.cleaned_data["channel"],
            region=form.cleaned_data["region"],
            theme=form.cleaned_data["theme"],
            description=form.cleaned_data["description"],
            subjects=form.cleaned_data["subjects"],
            reporter=form.cleaned_data["reporter"],
            reporter_description=form.cleaned_data["reporter_description"],
            source_reference=form.cleaned_data["source_reference"],
            attachments=form.cleaned_data["attachments"],
        )
        try:
            signal = services.register_signal(request.user, data)
        except ValidationError as error:
            apply_errors(form, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Melding %(ref)s is geregistreerd en staat in de "
                                        "triagewachtrij.") % {"ref": signal.reference})
            if policy.can(request.user, "signal.view", signal):
                return redirect("signals:detail", pk=signal.pk)
            return redirect("signals:list")
    ask_files_again(form, request)
    return render(request, "signals/form.html", {"form": form})


def render_signal_page(request, signal, status: int = 200):
    """The signal page: the signal itself, and the panels of the apps that work on it (triage,
    investigations), each rendered by its owner through `signals.panels`."""
    context = {
        "signal": signal,
        "subjects": signal.subjects.select_related("unit"),
        "attachments": signal.attachments.all(),
        "attachment_form": AttachmentForm() if policy.can(request.user, "signal.triage", signal)
        else None,
        "panels": panels.render_panels(request, signal),
    }
    return render(request, "signals/detail.html", context, status=status)


@login_required
def signal_detail(request, pk: int):
    signal = get_visible_signal_or_404(request, pk)
    audit.record_view(request.user, signal)
    return render_signal_page(request, signal)


@login_required
def attachment_download(request, pk: int, attachment_pk: int):
    signal = get_visible_signal_or_404(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, signal=signal)
    audit.record(request.user, "export", signal, summary=_("Bijlage gedownload"),
                 detail={"attachment": attachment.pk})
    return FileResponse(attachment.file.open("rb"), as_attachment=True,
                        filename=attachment.original_name)


@login_required
def attachment_add(request, pk: int):
    signal = get_visible_signal_or_404(request, pk)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_attachment(request.user, signal, form.cleaned_data["file"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Bijlage toegevoegd."))
    elif request.method == "POST":
        messages.error(request, _("Kies een bestand."))
    return redirect("signals:detail", pk=pk)


@login_required
def employee_options(request):
    """Suggestions for the personnel-number fields (htmx); only for users who register."""
    if not policy.can(request.user, "signal.create"):
        raise Http404
    # The field sends its own value: suggest for the last personnel number being typed.
    raw = next(iter(request.GET.values()), "")
    q = raw.replace(";", ",").split(",")[-1].strip()
    employees = []
    if len(q) >= 2:
        from .forms import find_people

        employees = find_people(q[:60]).order_by("surname", "first_name", "pk")[:15]
    return render(request, "signals/employee_options.html", {"employees": employees})


@login_required
def people(request):
    """Suggestions for a person picker (htmx): name, unit and function of at most 15 employees
    matching what is being typed, for staff who choose people in a form. Nothing else of the
    employee leaves the server."""
    from .forms import find_people, person_details, person_label, staff_with

    if not policy.can(request.user, "people.search"):
        raise Http404
    typed = [v for k, v in request.GET.items() if k != "rol"]
    raw = request.GET.get("q") or (typed[0] if typed else "")
    q = raw.replace(";", ",").split(",")[-1].strip()[:80]
    roles = [r for r in request.GET.get("rol", "").split(",") if r]
    options = []
    if len(q) >= 2:
        among = staff_with(*roles) if roles else None
        found = find_people(q, among)
        if among is not None:
            # Among those with a role, by team too: "personeelszorg" lists the care contacts of
            # that team (tester t52: someone of another team could only be found by his name).
            found = found | among.filter(unit__name__icontains=q)
        options = [(person_label(e), person_details(e))
                   for e in found.select_related("unit").order_by("surname", "first_name").distinct()[:15]]
    return render(request, "signals/people_options.html", {"options": options})


@login_required
def my_signals(request):
    """"Mijn meldingen": what this user registered, with its reference and status, so a manager or
    SOC analyst can follow it. The content (and the triage) only for who may see the signal."""
    signals = list(selectors.registered_by(request.user)[:500])
    for signal in signals:
        signal.may_open = policy.can(request.user, "signal.view", signal)
    return render(request, "signals/mine.html", {"signals": signals})
