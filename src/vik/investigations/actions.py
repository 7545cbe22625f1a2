"""The acts on the case page, run the same way whichever app owns them. An app keeps a table
`{name: (form class, policy action, handler, success message)}` (investigations' own in
`views.ACTIONS`, care's in `care.views.ACTIONS`); `run` checks the policy, validates, calls the
handler (a service) and redirects to the case page, where an invalid form comes back with the
typed input and its errors (`signals.prg`). `forms_for` gives the forms the user may use."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from vik import policy
from vik.audit import services as audit
from vik.core.confirm import confirm_page
from vik.core.errors import ConcurrentEditError, DomainError
from vik.core.forms import apply_errors, not_saved_message
from vik.core.uploads import ask_files_again
from vik.signals.prg import drop_kept_errors, forget_kept_form, keep_invalid_form, restore_invalid_form


def run(request, case, action: str, table: dict, confirm: dict | None = None):
    """`confirm`: per act the question asked (a text, or a callable (request, case) -> text), once
    its form is valid, before an act that cannot be undone (`vik.core.confirm`); "Annuleren" goes
    back to the case with the input kept."""
    if action not in table:
        raise Http404
    form_class, permission, handler, success = table[action]
    pk = case.pk
    if not policy.can(request.user, permission, case):
        audit.record_denied(request.user, case, why=action)
        messages.error(request, _("U mag deze handeling in dit onderzoek niet uitvoeren."))
        return redirect("investigations:detail", pk=pk)
    forget_kept_form(request, f"case:{pk}:{action}")
    form = form_class(request.POST, request.FILES or None, auto_id=f"id_{action}_%s",
                      **case_kwargs(form_class, case))
    # Confirmed only by "Ja, doorgaan" on that page: a form without the field (an old page, a
    # script) is asked too (tester t32).
    if form.is_valid() and confirm and action in confirm and request.POST.get("vik_confirm") != "yes":
        # Asked of the case as it stands: the trial run below changes the object in memory.
        question = confirm[action](request, case) if callable(confirm[action]) else confirm[action]
        if _would_succeed(request, case, handler, form):
            keep_invalid_form(request, f"case:{pk}:{action}", form)  # "Annuleren" finds it as typed
            back = f"{reverse('investigations:detail', args=[pk])}?formulier={action}#action-{action}"
            return confirm_page(request, str(question), back=back, summary=_summary(form),
                                subject=_("Onderzoek %(ref)s") % {"ref": case.reference})
        case = type(case).objects.get(pk=pk)  # as it is, for the run that says what is wrong
    if form.is_valid():
        try:
            said = handler(request, case, form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        except ConcurrentEditError as conflict:
            # Saved meanwhile in another tab or by someone else: keep what was typed, say so, and
            # carry the current version so that saving again replaces that version knowingly.
            form.add_error(None, conflict.message if getattr(handler, "own_conflict_message", False) else _(
                "Dit dossier is intussen gewijzigd, in een ander tabblad of door iemand anders. Uw "
                "wijziging is niet opgeslagen; uw invoer staat hieronder nog. Slaat u opnieuw op, "
                "dan vervangt uw invoer die versie."))
            # A form with a state token: the handler names how to read the newest one.
            fresh_state = getattr(handler, "fresh_state", None)
            if fresh_state is not None and "state" in form.fields:
                data = form.data.copy()
                data["state"] = fresh_state(case)
                form.data = data
            fresh_data = getattr(handler, "fresh_data", None)  # other fields naming what was current
            if fresh_data is not None:
                data = form.data.copy()
                for name, value in fresh_data(case).items():
                    data[name] = "" if value is None else str(value)
                form.data = data
            if "version" in form.fields:
                data = form.data.copy()
                data["version"] = str(type(case).objects.values_list("version", flat=True).get(pk=case.pk))
                form.data = data
        except DomainError as error:
            messages.error(request, error.message)
            return redirect("investigations:detail", pk=pk)
        else:
            drop_kept_errors(request, f"case:{pk}:")
            # A handler may say more than the action's fixed message (a text: what follows from it).
            messages.success(request, said if isinstance(said, str) else _(success))
            policy.forget_memberships(request.user)
            if not policy.can(request.user, "case.view", type(case).objects.get(pk=pk)):
                # The act ended his access (care handed over to another): not a "page not found"
                # under the green message (tester t50), but his own tasks.
                messages.info(request, _("U hebt geen toegang meer tot dit onderzoek."))
                return redirect("/")
            return redirect("investigations:detail", pk=pk)
    messages.error(request, not_saved_message(form, _("Niet opgeslagen; zie de meldingen bij de velden.")))
    ask_files_again(form, request, "file")
    keep_invalid_form(request, f"case:{pk}:{action}", form)
    # The section with the errors (open): without JavaScript too (tester t31); with it the page
    # script also focuses the first field with an error.
    return redirect(f"{reverse('investigations:detail', args=[pk])}#action-{action}")


def _summary(form) -> list[tuple[str, str]]:
    """What is about to be recorded, as the user chose it: (label, value shown) of each filled
    field (tester t32: the confirmation showed only the question)."""
    from datetime import date, datetime

    from django import forms
    from django.utils.text import Truncator

    from vik.signals.forms import person_details, person_label

    rows = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value is False and field.initial is True and not form[name].is_hidden:
            # Switched off what stood (tester t54: withdrawing the betrokkene's wish went unsaid).
            rows.append((str(field.label), str(_("nee (uitgezet)"))))
            continue
        if form[name].is_hidden or value in (None, "", [], False):
            continue
        if getattr(value, "employee", None) is not None:  # a person chosen: by name and number (t54)
            # with his team and rank: whether he stands in the betrokkene's line shows (t55)
            details = person_details(value.employee)
            shown = f"{person_label(value.employee)}, {details}" if details else person_label(value.employee)
        elif isinstance(field, forms.ModelChoiceField):
            shown = field.label_from_instance(value)
        elif isinstance(field, forms.ChoiceField):
            shown = dict((str(k), v) for k, v in field.choices).get(str(value), value)
        elif isinstance(value, datetime):  # a moment: with its time (tester t65: the aanzegging's time was dropped)
            shown = (timezone.localtime(value) if timezone.is_aware(value) else value).strftime("%d-%m-%Y %H:%M")
        elif isinstance(value, date):
            shown = value.strftime("%d-%m-%Y")
        elif value is True:
            shown = _("ja")
        else:
            shown = value
        rows.append((str(field.label), Truncator(str(shown)).chars(400)))
    return rows


class _DryRun(Exception):
    pass


def _would_succeed(request, case, handler, form) -> bool:
    """Run the act in a transaction that is rolled back: are the service's own checks (the rules
    across the file: a hearing before the decision, dates in order) met? The question is asked
    only then (tester t31). Nothing leaves the transaction: notifications are sent on commit."""
    try:
        with transaction.atomic():
            handler(request, case, form.cleaned_data)
            raise _DryRun
    except _DryRun:
        return True
    except (ValidationError, DomainError, ConcurrentEditError):
        return False


def case_kwargs(form_class, case) -> dict:
    """The case for a form whose choices depend on it (`takes_case = True`: the next steps)."""
    return {"case": case} if getattr(form_class, "takes_case", False) else {}


def forms_for(request, case, table: dict, initial: dict | None = None, *, when_closed: tuple[str, ...] = ()) -> dict:
    """The forms of the acts in `table` this user may do on this case (once it is closed, only
    those named in `when_closed`): the one he left invalid, else an empty one. `initial`: per act,
    the initial data."""
    if case.is_closed and not when_closed:
        return {}
    initial = initial or {}
    action_forms = {}
    for name, (form_class, permission, _handler, _success) in table.items():
        if case.is_closed and name not in when_closed:
            continue
        if not policy.can(request.user, permission, case):
            continue
        # Unique ids per form: several forms on one page share field names.
        extra = case_kwargs(form_class, case)
        action_forms[name] = restore_invalid_form(
            request, f"case:{case.pk}:{name}", form_class, auto_id=f"id_{name}_%s", **extra,
        ) or form_class(initial=initial.get(name), auto_id=f"id_{name}_%s", **extra)
    return action_forms
