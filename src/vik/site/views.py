from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from vik.investigations.selectors import own_cases
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
