"""Triage: uniform criteria, a reasoned routing decision per signal, and line follow-up."""
