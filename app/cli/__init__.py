"""The command line (``python -m app``): argument parsing and one module per sub-command."""
