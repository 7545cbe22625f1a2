from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from vik.audit import services as audit
from vik.core import policy


@login_required
def index(request):
    if not policy.can(request.user, "stats.view"):
        audit.record_denied(request.user, object_type="dashboard", why="view")
        raise Http404
    return render(request, "dashboard/index.html", {})
