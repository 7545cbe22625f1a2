"""Internal investigations (cases): process templates, steps, deadlines, rights and decision."""
