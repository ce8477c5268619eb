"""Packages of the wheel (everything else is in pyproject.toml).

resources/ (standards, JSON schemas, region codes, the font with its licence, the icons) is installed as the
package ``stationdesk_resources`` so that ``importlib.resources`` finds it in any install: venv, ``pip
install --user``, a system install, the editable install of a checkout, the PyInstaller bundle and the .deb.
"""

from setuptools import find_packages, setup

RESOURCES = "stationdesk_resources"

setup(
    packages=[*find_packages(include=["app", "app.*", "db", "db.*", "ui", "ui.*"]), RESOURCES],
    package_dir={RESOURCES: "resources"},
    package_data={
        "db": ["migrations/*.sql"],
        RESOURCES: ["standards/*.toml", "schemas/*.json", "regions/*", "fonts/*", "icons/*"],
    },
    include_package_data=False,
)
