"""Knowledge for every employee: the help-desk finder, the professional code with dilemmas, and the initiatives catalogue."""
