"""Record forms (dialogs) that validate as you type and refuse to save with a message beside the field."""
