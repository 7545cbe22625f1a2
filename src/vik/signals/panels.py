"""The signal page is composed of panels served by the apps that own them. Signals renders the
signal itself and defines the slots; triage (the decision, its history and forms) and
investigations (the cases of the signal, starting one) register a panel here from their
`AppConfig.ready`, so signals never imports them.

A panel is a template of its own app and a function `(request, signal) -> dict | None` giving its
context; None leaves the panel out. Slots: "summary" (inside the card beside the signal's data)
and "actions" (the forms below it). Panels of a slot are shown by `order`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

SLOTS = ("summary", "actions")


@dataclass(frozen=True)
class Panel:
    name: str
    slot: str
    order: int
    template: str
    context: Callable[..., dict | None]


_PANELS: dict[str, Panel] = {}


def register(name: str, *, slot: str, template: str, order: int = 50):
    """Decorator for the context function of a panel. Registering a name again replaces it (an
    app's `ready` may run more than once in tests)."""
    if slot not in SLOTS:
        raise ValueError(f"unknown slot {slot!r}; one of {SLOTS}")

    def decorate(context: Callable[..., dict | None]) -> Callable[..., dict | None]:
        _PANELS[name] = Panel(name=name, slot=slot, order=order, template=template,
                              context=context)
        return context

    return decorate


def registered() -> list[Panel]:
    return sorted(_PANELS.values(), key=lambda p: (SLOTS.index(p.slot), p.order, p.name))


def render_panels(request, signal) -> dict[str, list[SafeString]]:
    """The HTML of every panel, per slot, for this user and signal."""
    rendered: dict[str, list[SafeString]] = {slot: [] for slot in SLOTS}
    for panel in registered():
        context = panel.context(request, signal)
        if context is None:
            continue
        html = render_to_string(panel.template, {"signal": signal, **context}, request=request)
        rendered[panel.slot].append(SafeString(html))
    return rendered
