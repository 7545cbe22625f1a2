"""The case page is composed of panels served by the apps that own them (`core.panels`).
Investigations renders the case file and defines the slots; care registers its panels here from
its `AppConfig.ready`, so investigations never imports care (an import-linter contract).

Slots: "care" (the care section of the full case page) and "care_view" (the care part of the page
a care contact sees instead of the case file). A panel's template gets `case` and what its
context function returns."""

from vik.core.panels import PanelRegistry

case_page = PanelRegistry("case page", slots=("care", "care_view"), object_name="case")
register = case_page.register
render_panels = case_page.render
