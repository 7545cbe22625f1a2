"""The signal page is composed of panels served by the apps that own them (`core.panels`).
Signals renders the signal itself and defines the slots; triage (the decision, its history and
forms) and investigations (the cases of the signal, starting one) register a panel here from their
`AppConfig.ready`, so signals never imports them (an import-linter contract).

Slots: "summary" (inside the card beside the signal's data) and "actions" (the forms below it).
A panel's template gets `signal` and what its context function returns."""

from vik.core.panels import PanelRegistry

signal_page = PanelRegistry("signal page", slots=("summary", "actions"), object_name="signal")
register = signal_page.register
registered = signal_page.registered
render_panels = signal_page.render
