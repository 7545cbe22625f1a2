from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vik.investigations.selectors import own_cases
from vik.signals.prg import forget_kept_form
from vik.tasks.selectors import my_tasks


@login_required
def home(request):
    tasks = my_tasks(request.user)
    return render(request, "site/home.html", {
        "tasks": tasks,
        "overdue": sum(1 for t in tasks if t.overdue),
        # The betrokkene of a case follows it on "Mijn zaak" (after the aanzegging).
        "own_cases": list(own_cases(request.user)[:5]),
    })


@login_required
@require_POST
def discard_input(request):
    """Forget the input of a form that was not saved (kept for the page's later visits, see
    `vik.signals.prg`), and go back to the page: the form is empty again (tester t28: a failed
    form came back on every visit for half an hour). Only the user's own session is touched."""
    forget_kept_form(request, request.POST.get("key", "")[:200])
    messages.info(request, _("De niet-opgeslagen invoer is gewist."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        back = "/"
    return redirect(back)
