"""Dashboard Integriteit: monitoring as a steering instrument — aggregates only, never names."""
