"""Signals (meldingen): every suspicion of an integrity breach, from any channel."""
