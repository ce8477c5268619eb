"""The county codes an ID number can begin with: every code of the national list since 1980, with the
codes of abolished counties (an ID keeps the code it was issued with).

The list is ``resources/regions/county_codes.tsv`` (its header names the source and licence). A code
that is not in it is not refused: lists lag behind new districts, so an unknown code is a warning the
worker confirms.
"""

from __future__ import annotations

from functools import cache

from app.core.paths import resources_dir

CODES_FILE = "regions/county_codes.tsv"


@cache
def county_codes() -> dict[str, str]:
    """Code -> the names it has had (“东山区/…”), historical codes included."""
    names: dict[str, list[str]] = {}
    with (resources_dir() / CODES_FILE).open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip() or line.startswith("#"):
                continue
            code, name, *_years = line.rstrip("\n").split("\t")
            if name not in names.setdefault(code, []):
                names[code].append(name)
    return {code: "/".join(n) for code, n in names.items()}


def region_name(code: str) -> str | None:
    """The name(s) of a six-digit region code, or None when the code was never in the national list."""
    return county_codes().get(code[:6])


def is_known_region(code: str) -> bool:
    return region_name(code) is not None


def unknown_region_message(id_number: str) -> str:
    return (
        f"身份证号前 6 位 {id_number[:6]} 不在历年行政区划代码表中（含已撤销的县），"
        "请核对号码；确认无误可继续导入"
    )
