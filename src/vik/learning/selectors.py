"""Reads of learning from cases, each limited to what the user may see."""

from django.db.models import Q, QuerySet

from vik import policy

from .models import Improvement, LearningCircle, LearningPoint


def library(query: str = "", theme: str = "") -> QuerySet:
    """Published learning points, searched by text and theme (readable by every employee)."""
    points = LearningPoint.objects.filter(published=True)
    if theme:
        points = points.filter(theme=theme)
    for word in query.split()[:8]:
        points = points.filter(Q(title__icontains=word) | Q(what_happened__icontains=word)
                               | Q(lesson__icontains=word))
    return points


def drafts_of(user) -> list[LearningPoint]:
    """Unpublished learning points the user may publish."""
    points = LearningPoint.objects.filter(published=False).select_related("case")[:200]
    return [p for p in points if policy.can(user, "learning.point.manage", p)]


def circles_for(user) -> list[LearningCircle]:
    circles = LearningCircle.objects.select_related("unit").prefetch_related("improvements")[:200]
    return [c for c in circles if policy.can(user, "learning.circle.view", c)]


def open_improvements_of(user) -> QuerySet:
    return Improvement.objects.filter(owner=user, done_on__isnull=True).select_related("circle")


def case_link_visible(user, point: LearningPoint) -> bool:
    return policy.can(user, "case.view", point.case)
