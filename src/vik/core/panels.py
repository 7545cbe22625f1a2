"""Pages composed of panels served by the apps that own them. The app that owns a page defines a
`PanelRegistry` with its slots; another app registers a panel (a template of its own and a
function `(request, obj) -> dict | None` giving its context; None leaves it out) from its
`AppConfig.ready`, so the page's app never imports the apps that contribute to it. Used by the
signal page (`signals.panels`) and the case page (`investigations.case_panels`)."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class Panel:
    name: str
    slot: str
    order: int
    template: str
    context: Callable[..., dict | None]


class PanelRegistry:
    def __init__(self, page: str, slots: tuple[str, ...], object_name: str):
        self.page = page
        self.slots = slots
        self.object_name = object_name  # the name of the page's object in a panel's template
        self._panels: dict[str, Panel] = {}

    def register(self, name: str, *, slot: str, template: str, order: int = 50):
        """Decorator for the context function of a panel. Registering a name again replaces it
        (an app's `ready` may run more than once in tests)."""
        if slot not in self.slots:
            raise ValueError(f"unknown slot {slot!r} of the {self.page}; one of {self.slots}")

        def decorate(context: Callable[..., dict | None]) -> Callable[..., dict | None]:
            self._panels[name] = Panel(name=name, slot=slot, order=order, template=template,
                                       context=context)
            return context

        return decorate

    def registered(self) -> list[Panel]:
        return sorted(self._panels.values(),
                      key=lambda p: (self.slots.index(p.slot), p.order, p.name))

    def render(self, request, obj, slots: tuple[str, ...] | None = None) -> dict[str, list[SafeString]]:
        """The HTML of every panel, per slot, for this user and object."""
        wanted = slots or self.slots
        rendered: dict[str, list[SafeString]] = {slot: [] for slot in wanted}
        for panel in self.registered():
            if panel.slot not in wanted:
                continue
            context = panel.context(request, obj)
            if context is None:
                continue
            html = render_to_string(panel.template, {self.object_name: obj, **context},
                                    request=request)
            rendered[panel.slot].append(SafeString(html))
        return rendered
