"""Personnel care (P-zorg) around a case: care contact, referrals, team care, closure."""
