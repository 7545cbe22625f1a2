"""People and organisation: units, employees, users and their roles."""
