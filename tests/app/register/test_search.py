"""The one person matcher: name, ID fragment, phone without spaces or dashes, 户编号, pinyin initials."""

from __future__ import annotations

import datetime as dt

import pytest

from app.core.idcard import make_id, mask_id
from app.register import ledger, search
from app.register.listing import load_register


def test_initials_of_a_plain_name():
    assert search.name_initials("张伟") == ("zw",)


def test_surname_with_several_readings_gives_each():
    spellings = search.name_initials("单勇")
    assert "sy" in spellings and "dy" in spellings
    assert {"zm", "cm"} <= set(search.name_initials("曾敏"))


def test_many_multi_reading_characters_are_capped():
    spellings = search.name_initials("单曾行重长")
    assert 0 < len(spellings) <= search.MAX_SPELLINGS
    assert {s[0] for s in spellings} >= {"s", "d"}  # every reading of the surname kept


def test_non_chinese_characters_and_middle_dot():
    assert "abdrhm" in search.name_initials("阿卜杜·热合曼")
    assert search.name_initials("Anna") == ("anna",)
    assert search.name_initials("") == ()


def test_fold_drops_spaces_and_dashes_and_full_width():
    assert search.fold("１３８ 2600-0001") == "13826000001"
    assert search.fold(" ZW ") == "zw"


@pytest.fixture
def people(db) -> dict[str, int]:
    def add(key: int, name: str, born: dt.date, **extra: object) -> int:
        values = {
            "id_number": make_id("440106", born, key),
            "name": name,
            "employment_status": "未就业",
            "survey_date": "2026-03-01",
            **extra,
        }
        return ledger.save_person(values).id

    return {
        "zhangwei": add(11, "张伟", dt.date(1988, 2, 4), phone="13826000001", household_code="H007"),
        "zhangwei2": add(12, "张伟", dt.date(1975, 6, 1), household_code="H008", relation="户主"),
        "shan": add(13, "单勇", dt.date(1990, 1, 1)),
        "huang1": add(14, "黄丽", dt.date(1980, 1, 1), phone="13900002422"),
        "huang2": add(15, "黄志强", dt.date(1982, 1, 1)),
        "huang3": add(16, "黄河", dt.date(1984, 1, 1)),
    }


def test_picker_finds_by_initials(people):
    hits = search.find_people("zw")
    assert {h.id for h in hits} == {people["zhangwei"], people["zhangwei2"]}


def test_picker_finds_by_a_part_of_the_name_exact_first(people):
    hits = search.find_people("黄河")
    assert [h.name for h in hits] == ["黄河"]
    hits = search.find_people("黄")
    assert {h.id for h in hits} == {people["huang1"], people["huang2"], people["huang3"]}


def test_picker_finds_by_phone_with_spaces_and_dashes(people):
    assert [h.id for h in search.find_people("138 2600")] == [people["zhangwei"]]
    assert [h.id for h in search.find_people("138-2600-0001")] == [people["zhangwei"]]


def test_picker_finds_by_id_fragment_and_shows_it_masked(people):
    number = make_id("440106", dt.date(1990, 1, 1), 13)
    hits = search.find_people(number[10:14])
    assert people["shan"] in {h.id for h in hits}
    hit = next(h for h in hits if h.id == people["shan"])
    assert hit.masked_id == mask_id(number) and number not in hit.label


def test_picker_finds_by_household_code(people):
    assert [h.id for h in search.find_people("h008")] == [people["zhangwei2"]]


def test_namesakes_are_told_apart_by_masked_id_and_household(people):
    labels = [h.label for h in search.find_people("张伟")]
    assert len(labels) == 2 and labels[0] != labels[1]
    assert any("户 H008（户主）" in label for label in labels)


def test_the_surname_reading_finds_the_person(people):
    assert [h.id for h in search.find_people("sy")] == [people["shan"]]
    assert [h.id for h in search.find_people("dy")] == [people["shan"]]


def test_nothing_typed_finds_nothing(people):
    assert search.find_people("  ") == []


def test_limit(people):
    assert len(search.find_people("黄", limit=2)) == 2


def test_register_search_uses_the_same_matcher(people):
    register = load_register(dt.date(2026, 6, 1))
    found = {register.person_id(i) for i in register.filter("zw")}
    assert found == {people["zhangwei"], people["zhangwei2"]}
    assert {register.person_id(i) for i in register.filter("138 2600")} == {people["zhangwei"]}


def test_initials_match_from_their_start_only(db):
    def add(key: int, name: str) -> int:
        values = {
            "id_number": make_id("440106", dt.date(1985, 1, 1), key),
            "name": name,
            "employment_status": "未就业",
            "survey_date": "2026-03-01",
        }
        return ledger.save_person(values).id

    zw = add(21, "张伟")
    zww = add(22, "张文伟")
    add(23, "陈振文")  # czw: zw inside, not at the start
    assert {h.id for h in search.find_people("zw")} == {zw, zww}
    register = load_register(dt.date(2026, 6, 1))
    assert {register.person_id(i) for i in register.filter("zw")} == {zw, zww}
    assert search.matches(search.search_key("陈振文", "", "", ""), "czw")
    assert not search.matches(search.search_key("陈振文", "", "", ""), "zw")


def test_pinyin_is_loaded_without_its_phrase_dictionary() -> None:
    """Single characters only: pypinyin's phrases (about 45 MB) are never loaded, and multi-reading
    characters keep every reading."""
    import json
    import subprocess
    import sys

    script = (
        "import json, sys\n"
        "from app.register import search\n"
        "print(json.dumps([sorted(search.char_initials('单')), 'pypinyin.phrases_dict' in sys.modules]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert json.loads(proc.stdout) == [["c", "d", "s"], False]
