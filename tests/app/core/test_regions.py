"""app.core.regions: the historical county codes an ID number may begin with."""

from __future__ import annotations

from app.core.regions import county_codes, is_known_region, region_name, unknown_region_message


def test_current_and_abolished_codes_are_known() -> None:
    assert region_name("440106") is not None and "天河区" in str(region_name("440106"))
    assert "东山区" in str(region_name("440102"))  # Guangzhou's 东山区, merged into 越秀区 in 2005
    assert is_known_region("110103")  # Beijing's 崇文区, abolished 2010


def test_a_code_never_issued_is_unknown() -> None:
    assert not is_known_region("440199")
    assert "440199" in unknown_region_message("440199198501011234")


def test_the_list_is_the_national_one() -> None:
    codes = county_codes()
    assert len(codes) > 6000
    assert all(len(c) == 6 and c.isdigit() for c in codes)
