"""The data file as a whole: online backup and verified restore."""
