"""The Qt window of 就业服务站工作台 (PySide6 widgets). Imports ``app`` and ``db``; never the reverse."""
