"""The shipped resources as package data (installed as ``stationdesk_resources``, see setup.py):
standards (``standards/*.toml``), the font with its licence (``fonts/``) and the app icon (``icons/``).
Found at run time with ``app.core.paths.resources_dir()``. No code lives here."""
