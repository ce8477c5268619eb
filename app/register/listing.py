"""The labor-force register list (劳动力台账): rows for the person list, chip sets, filter and sort.

Built for town scale (50,000 persons): the rows come from ONE query returning plain tuples, the chip
sets from a few set queries, and filtering/sorting run over Python lists with a lowercase search key per
row (built once, on the first filter). No Qt here; the window's table model and the tests use the same
:class:`RegisterIndex`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from app.core.dates import add_years
from app.core.idcard import mask_id
from app.core.workage import is_working_age, retirement_date
from app.register import ledger, search
from app.register.active import (
    day_params,
    recognition_open_sql,
    registration_open_sql,
    zero_family_day_params,
    zero_family_open_sql,
)
from db.models import Setting, database

# ---------------------------------------------------------------------------- chips

CHIP_REGISTERED = "登记失业"
CHIP_DIFFICULTY = "就业困难"
CHIP_ZERO_FAMILY = "零就业家庭"
CHIP_GRADUATE = "高校毕业生"
CHIP_TRAINING = "有培训需求"
CHIP_WORKING_AGE = "劳动年龄内"
CHIPS: tuple[str, ...] = (
    CHIP_REGISTERED,
    CHIP_DIFFICULTY,
    CHIP_ZERO_FAMILY,
    CHIP_GRADUATE,
    CHIP_TRAINING,
    CHIP_WORKING_AGE,
)
# Chips shown in the row's 标记 column (working age has its own column).
FLAG_CHIPS: tuple[str, ...] = CHIPS[:-1]

# ---------------------------------------------------------------------------- columns

# A register row is the tuple the list query returns, unchanged (building 50,000 new tuples costs more
# than the query); everything else a cell shows is derived on display in O(1).
R_ID = 0
R_NAME = 1
R_ID_NUMBER = 2
R_PHONE = 3
R_HOUSEHOLD_ID = 4
R_RELATION = 5
R_GRID = 6
R_STATUS = 7
R_SURVEY = 8
R_TRAINING = 9
R_FEMALE_BASE = 10
R_CORE_AGE = 11  # working age settled in SQL: 1 inside, 0 outside, None near a boundary

RegisterRow = tuple[Any, ...]

# Column kinds: a row position, or a derived value.
D_MASKED = "masked"
D_GENDER = "gender"
D_AGE = "age"
D_HOUSEHOLD = "household"
D_WORKING = "working"
D_FLAGS = "flags"


@dataclass(frozen=True)
class Column:
    title: str
    source: int | str  # position in the row, or a D_* name


COLUMNS: tuple[Column, ...] = (
    Column("姓名", R_NAME),
    Column("身份证号", D_MASKED),
    Column("性别", D_GENDER),
    Column("年龄", D_AGE),
    Column("联系电话", R_PHONE),
    Column("户编号", D_HOUSEHOLD),
    Column("与户主关系", R_RELATION),
    Column("网格", R_GRID),
    Column("就业状态", R_STATUS),
    Column("调查日期", R_SURVEY),
    Column("劳动年龄内", D_WORKING),
    Column("标记", D_FLAGS),
)
COLUMN_TITLES: tuple[str, ...] = tuple(c.title for c in COLUMNS)

DEFAULT_FEMALE_BASE = 50


def station_female_base() -> int:
    """The station setting ``female_retire_base`` (50 or 55), default 50."""
    row = Setting.get_or_none(Setting.key == "female_retire_base")
    if row is None:
        return DEFAULT_FEMALE_BASE
    try:
        value = int(str(row.value).strip())
    except ValueError:
        return DEFAULT_FEMALE_BASE
    return value if value in (50, 55) else DEFAULT_FEMALE_BASE


@lru_cache(maxsize=65536)
def _working_age(birth: str, male: bool, base: int, today: dt.date) -> bool:
    """Exact working-age rule for a birth date given as YYYYMMDD."""
    born = dt.date(int(birth[:4]), int(birth[4:6]), int(birth[6:8]))
    return is_working_age(born, male, today, base)


def _ids(sql: str, params: Sequence[object] = ()) -> set[int]:
    return {r[0] for r in database.execute_sql(sql, params).fetchall()}


def chip_sets(today: dt.date) -> dict[str, set[int]]:
    """Person ids for each chip except 劳动年龄内 and 有培训需求 (those come from the person row)."""
    iso = today.isoformat()
    return {
        CHIP_REGISTERED: _ids(
            f"SELECT DISTINCT person_id FROM registration WHERE {registration_open_sql()}",
            day_params(today),
        ),
        CHIP_DIFFICULTY: _ids(
            f"SELECT DISTINCT person_id FROM recognition WHERE {recognition_open_sql()}",
            day_params(today),
        ),
        # Member of a household with a zero-employment recognition not cleared: no 清零日期 (or one in
        # the future) and no member's employment starting on or after the recognition (STANDARDS.md).
        CHIP_ZERO_FAMILY: _ids(
            "SELECT p.id FROM person p JOIN zero_family z ON z.household_id = p.household_id "
            f"WHERE {zero_family_open_sql('z')}",
            zero_family_day_params(today),
        ),
        CHIP_GRADUATE: _ids(
            "SELECT DISTINCT person_id FROM graduate WHERE placed_on IS NULL OR placed_on > ?", (iso,)
        ),
    }


# One query, no join (a join and each extra column cost measurably at 50,000 rows). Gender and birth
# date are read from the ID number (they are derived from it on save). The last column settles working
# age in SQL for most rows: 1 = certainly inside (ages 17..48, men 17..58: >= 16 and below the lowest
# retirement age), 0 = certainly outside (under 15, or 66 and over: above every retirement age), NULL =
# near a boundary, decided in Python by the exact rule (app.workage).
_QUERY = (
    "SELECT id, name, id_number, phone, household_id, relation, grid, employment_status, survey_date, "
    "training_need, female_retire_base, "
    # ?1..?5: birth dates of those turning 15, 66, 17, 59 and 49 today
    "CASE WHEN birth_date > ?1 OR birth_date <= ?2 THEN 0 "
    "WHEN birth_date > ?3 OR birth_date <= CASE WHEN gender = '男' THEN ?4 ELSE ?5 END "
    "THEN NULL ELSE 1 END "
    "FROM person ORDER BY id"
)


def load_register(today: dt.date | None = None) -> RegisterIndex:
    """Every person of the register as list rows, with chip sets (ONE row query + a few set queries)."""
    today = today or dt.date.today()
    station_base = station_female_base()
    households: dict[int, str] = dict(database.execute_sql("SELECT id, code FROM household").fetchall())

    def born(years: int) -> str:  # birth date of someone who turns ``years`` today
        return add_years(today, -years).isoformat()

    params = (born(15), born(66), born(17), born(59), born(49))
    rows: list[RegisterRow] = database.execute_sql(_QUERY, params).fetchall()
    working: set[int] = set()
    for i, row in enumerate(rows):
        core = row[R_CORE_AGE]
        if core == 1:
            working.add(i)
        elif core is None:
            idn = row[R_ID_NUMBER]
            if _working_age(idn[6:14], idn[16] in "13579", row[R_FEMALE_BASE] or station_base, today):
                working.add(i)
    by_pid = {row[R_ID]: i for i, row in enumerate(rows)}
    # Who has left the register (迁出 / 死亡 / 退休 / 其他) by today: out of the working-age register.
    left = {by_pid[pid]: fact for pid, fact in ledger.left_by(today).items() if pid in by_pid}
    working.difference_update(left)
    positions = {
        chip: {by_pid[pid] for pid in pids if pid in by_pid} for chip, pids in chip_sets(today).items()
    }
    positions[CHIP_TRAINING] = {i for i, row in enumerate(rows) if row[R_TRAINING]}
    positions[CHIP_WORKING_AGE] = working
    return RegisterIndex(rows, {chip: positions[chip] for chip in CHIPS}, households, today, left)


def normalize_query(text: str) -> str:
    """The filter text as the search keys store it (:func:`app.register.search.normalize_query`)."""
    return search.normalize_query(text)


class RegisterIndex:
    """The register rows, chip position sets and a current sort order; filtering and sorting.

    Positions are indexes into ``rows``; ``filter`` returns them in the current sort order.
    """

    def __init__(
        self,
        rows: list[RegisterRow],
        chip_positions: dict[str, set[int]],
        households: dict[int, str],
        today: dt.date,
        left: dict[int, tuple[str, dt.date]] | None = None,
    ) -> None:
        self.rows = rows
        self.left = left or {}  # position -> (离开原因, 离开日期)
        self.chip_positions = chip_positions
        self.households = households
        self.today = today
        self._today_mmdd = f"{today:%m%d}"
        self._ages: dict[str, int] = {}
        self._keys: list[str] | None = None
        self.order: list[int] = list(range(len(rows)))
        self.sort_column: int | None = None
        self.sort_desc = False
        self._last: tuple[str, frozenset[str], list[int]] | None = None

    def __len__(self) -> int:
        return len(self.rows)

    @property
    def keys(self) -> list[str]:
        """The search key per row (:func:`app.register.search.search_key`: name, full ID number,
        phone, household code, pinyin initials), built on the first filter so that opening the list
        does not pay for it."""
        if self._keys is None:
            hh = self.households
            key = search.search_key
            self._keys = [
                key(r[R_NAME], r[R_ID_NUMBER], r[R_PHONE], hh.get(r[R_HOUSEHOLD_ID], "")) for r in self.rows
            ]
        return self._keys

    # ------------------------------------------------------------------ cells

    def chip_count(self, chip: str) -> int:
        return len(self.chip_positions[chip])

    def person_id(self, position: int) -> int:
        return int(self.rows[position][R_ID])

    def id_number(self, position: int) -> str:
        return str(self.rows[position][R_ID_NUMBER])

    def age(self, position: int) -> int:
        birth = self.rows[position][R_ID_NUMBER][6:14]
        age = self._ages.get(birth)
        if age is None:
            age = self._ages[birth] = self.today.year - int(birth[:4]) - (self._today_mmdd < birth[4:])
        return age

    def gender(self, position: int) -> str:
        return "男" if self.rows[position][R_ID_NUMBER][16] in "13579" else "女"

    def household_code(self, position: int) -> str:
        hid = self.rows[position][R_HOUSEHOLD_ID]
        return self.households.get(hid, "") if hid is not None else ""

    def is_working_age(self, position: int) -> bool:
        return position in self.chip_positions[CHIP_WORKING_AGE]

    def flags_text(self, position: int) -> str:
        """The 标记 column: 已迁出 (etc.) for a person who left, then the row's chips (but 劳动年龄内),
        joined with 、."""
        cp = self.chip_positions
        flags = [chip for chip in FLAG_CHIPS if position in cp[chip]]
        if position in self.left:
            status, day = self.left[position]
            flags.insert(0, f"已{status}（{day.isoformat()}）")
        return "、".join(flags)

    def value(self, position: int, column: int) -> Any:
        """The sortable value of one cell (O(1)); the real ID number for the ID column."""
        src = COLUMNS[column].source
        if isinstance(src, int):
            return self.rows[position][src]
        if src == D_MASKED:
            return self.rows[position][R_ID_NUMBER]
        if src == D_GENDER:
            return self.gender(position)
        if src == D_AGE:
            return self.age(position)
        if src == D_HOUSEHOLD:
            return self.household_code(position)
        if src == D_WORKING:
            return "是" if self.is_working_age(position) else "否"
        return self.flags_text(position)

    def display(self, position: int, column: int) -> str:
        """The text of one cell (O(1)); ID numbers masked."""
        if COLUMNS[column].source == D_MASKED:
            return mask_id(self.rows[position][R_ID_NUMBER])
        value = self.value(position, column)
        return "" if value is None else str(value)

    # ------------------------------------------------------------------ sort and filter

    def sort(self, column: int, desc: bool = False) -> None:
        """Sort by a column of :data:`COLUMNS` (stable: equal rows keep register order)."""
        src = COLUMNS[column].source
        n = len(self.rows)
        if isinstance(src, int):
            rows = self.rows
            key = [("" if rows[i][src] is None else rows[i][src]) for i in range(n)]
        else:
            key = [self.value(i, column) for i in range(n)]
        # sorted(reverse=True) keeps equal rows in their original order too.
        self.order = sorted(range(n), key=key.__getitem__, reverse=desc)
        self.sort_column = column
        self.sort_desc = desc
        self._last = None

    def filter(self, text: str, chips: Iterable[str] = ()) -> list[int]:
        """Row positions matching ``text`` (the one matcher of :mod:`app.register.search`: name, ID
        fragment, phone without spaces or dashes, household code, pinyin initials) and every chip in
        ``chips``, in the current sort order."""
        query = normalize_query(text)
        chip_set = frozenset(chips)
        unknown = chip_set.difference(self.chip_positions)
        if unknown:
            raise KeyError(f"unknown chip(s): {sorted(unknown)}")
        # Typing one more character only narrows the previous result: search within it.
        base = self.order
        if self._last is not None:
            last_q, last_chips, last_result = self._last
            if last_chips == chip_set and query.startswith(last_q):
                base = last_result
        allowed: set[int] | None = None
        if chip_set:
            sets = sorted((self.chip_positions[c] for c in chip_set), key=len)
            allowed = sets[0].intersection(*sets[1:]) if len(sets) > 1 else sets[0]
        if allowed is None and not query:
            result = list(base)
        elif allowed is None:
            keys = self.keys
            probe = search.initials_probe(query)
            result = [i for i in base if query in keys[i] or probe in keys[i]]
        elif not query:
            result = [i for i in base if i in allowed]
        else:
            keys = self.keys
            probe = search.initials_probe(query)
            result = [i for i in base if i in allowed and (query in keys[i] or probe in keys[i])]
        self._last = (query, chip_set, result)
        return result


# ---------------------------------------------------------------------------- one person / household


@dataclass(frozen=True)
class DerivedFacts:
    """What the form shows read-only, derived from the ID number."""

    gender: str
    birth_date: dt.date
    age: int
    working_age: bool
    retirement_date: dt.date


def derived_facts(
    birth: dt.date, male: bool, female_base: int | None, today: dt.date | None = None
) -> DerivedFacts:
    from app.core.dates import age_on

    today = today or dt.date.today()
    base = female_base or station_female_base()
    return DerivedFacts(
        gender="男" if male else "女",
        birth_date=birth,
        age=age_on(birth, today),
        working_age=is_working_age(birth, male, today, base),
        retirement_date=retirement_date(birth, male, base),
    )


@dataclass(frozen=True)
class ZeroFamilyEntry:
    recognized_on: dt.date
    cleared_on: dt.date | None  # 清零日期 as recorded or derived
    derived: bool  # True when cleared_on comes from a member's employment


def zero_family_history(household_id: int) -> list[ZeroFamilyEntry]:
    """The household's zero-employment recognitions, oldest first, with the cleared date (recorded, or
    the earliest employment start of a member on or after the recognition)."""
    rows = database.execute_sql(
        "SELECT z.recognized_on, z.cleared_on, "
        "(SELECT min(e.started_on) FROM employment e JOIN person m ON m.id = e.person_id "
        " WHERE m.household_id = z.household_id AND e.started_on >= z.recognized_on) "
        "FROM zero_family z WHERE z.household_id = ? ORDER BY z.recognized_on",
        (household_id,),
    ).fetchall()
    out = []
    for rec, cleared, first_job in rows:
        if cleared:
            out.append(ZeroFamilyEntry(_as_date(rec), _as_date(cleared), False))
        elif first_job:
            out.append(ZeroFamilyEntry(_as_date(rec), _as_date(first_job), True))
        else:
            out.append(ZeroFamilyEntry(_as_date(rec), None, False))
    return out


def _as_date(value: object) -> dt.date:
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))
