"""The foundation every app builds on, importing none of them: the working-day calendar, date
bounds and shared form widgets, disclosure control of aggregates, inert exports, upload checks,
middleware (Dutch error pages, NUL refusal, no-store, idle timeout), the panel and task registries
the apps contribute to, the configuration site, and Django checks for dead ends."""
