"""Prevention with teams: dilemma sessions and the team climate check."""
