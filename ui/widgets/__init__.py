"""Small widgets and view helpers shared by every page: the one table-view setup, shortcuts."""
