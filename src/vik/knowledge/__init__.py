"""Knowledge for every employee: the help-desk finder, the professional code with its dilemmas,
and the initiatives catalogue."""
