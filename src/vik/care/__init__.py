"""Personnel care (P-zorg) around a case: care contact, referrals, team care; its panels on the
case page and the care contact's view. The closure of a case belongs to investigations."""
