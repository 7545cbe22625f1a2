"""Template filters of protective monitoring: local time and Dutch labels (see `display`)."""

from django import template

from vik.monitoring import display

register = template.Library()

register.filter("pm_time", display.format_time)
register.filter("rule_label", display.rule_label)
register.filter("rule_help", display.rule_help)
register.filter("action_label", display.action_label)
register.filter("action_help", display.action_help)
register.filter("subject_type_label", display.subject_type_label)


@register.inclusion_tag("monitoring/_governance.html", takes_context=True)
def governance_banner(context):
    """The state of detection at individual level on every monitoring page: prevention mode (no
    decision switches it on) or detection, with the decision that switched it on."""
    from vik import policy
    from vik.monitoring.services import current_decision

    decision = current_decision()
    request = context.get("request")
    return {"decision": decision, "enabled": decision is not None and decision.enabled,
            "can_govern": request is not None and policy.can(request.user, "monitoring.govern.view")}
