"""Protective monitoring in the web application: imports, the pseudonymised alert queue, four-eyes
reveal, verdicts that feed the engine, and the prevention view (aggregates per unit only)."""
