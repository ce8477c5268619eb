"""The labor-force register list (劳动力台账): the person list's rows, chip sets, filter and sort.

Built for district scale (200,000 persons): opening the list reads only the person ids (one string from
SQLite), the small chip sets and two counts; the twelve shown columns of a row are read when the row is
shown, a page of rows per query (:meth:`RegisterIndex.prefetch`, the window's model asks for the rows
around the one painted). Sorting runs in SQL (the derived columns too: age, gender and 户编号 from the ID
and the household; 劳动年龄内 and 标记 from the chip sets); filtering runs over a lowercase search key per
person, built on the first filter (or just after the list is first painted). A "position" is the person's
id. No Qt here; the window's table model and the tests use the same :class:`RegisterIndex`.
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

# A register row is the tuple the row query returns, unchanged; everything else a cell shows is derived
# on display in O(1).
R_ID = 0
R_NAME = 1
R_ID_NUMBER = 2
R_PHONE = 3
R_HOUSEHOLD = 4  # the 户编号 ("" without a household)
R_RELATION = 5
R_GRID = 6
R_STATUS = 7
R_SURVEY = 8
R_TRAINING = 9
R_FEMALE_BASE = 10
R_CORE_AGE = 11  # working age settled in SQL: 1 inside, 0 outside, None near a boundary
R_LEFT_STATUS = 12  # 离开原因 when the person had left the register by today, else None
R_LEFT_DATE = 13

RegisterRow = tuple[Any, ...]
GONE_NAME = "（已删除）"

# Column kinds: a row position, or a derived value.
D_MASKED = "masked"
D_GENDER = "gender"
D_AGE = "age"
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
    Column("户编号", R_HOUSEHOLD),
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


def _ids(sql: str, params: Sequence[object] | dict[str, object] = ()) -> set[int]:
    return {r[0] for r in database.execute_sql(sql, params)}


def chip_sets(today: dt.date) -> dict[str, set[int]]:
    """Person ids for each chip except 劳动年龄内 and 有培训需求 (those are read from the person table,
    see :class:`RegisterIndex`)."""
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


# Working age settled in SQL for most persons (named parameters: the birth dates of those turning 15,
# 66, 17, 59 and 49 today): certainly inside (ages 17..48, men 17..58: at least 16 and below the lowest
# retirement age), certainly outside (under 15, or 66 and over: above every retirement age), or near a
# boundary, decided in Python by the exact rule (app.core.workage). Gender and birth date are read from
# the columns derived from the ID number on save.
_CORE_INSIDE = "birth_date <= :b17 AND birth_date > CASE WHEN gender = '男' THEN :b59 ELSE :b49 END"
_NEAR_BOUNDARY = (
    "((birth_date > :b17 AND birth_date <= :b15) "
    "OR (birth_date > :b66 AND birth_date <= CASE WHEN gender = '男' THEN :b59 ELSE :b49 END))"
)
_CORE_AGE = (
    f"CASE WHEN birth_date > :b15 OR birth_date <= :b66 THEN 0 WHEN {_NEAR_BOUNDARY} THEN NULL ELSE 1 END"
)
# Who has left the register (迁出 / 死亡 / 退休 / 其他) by today (as ledger.left_by): out of the
# working-age register.
_LEFT = "(exit_status != '' AND exit_date <= :today)"
_TRAINING = "training_need = 1"

# The shown columns of the persons given by id (one page of the list).
_ROW_QUERY = (
    "SELECT p.id, p.name, p.id_number, p.phone, coalesce(h.code, ''), p.relation, p.grid, "
    f"p.employment_status, p.survey_date, p.training_need, p.female_retire_base, {_CORE_AGE}, "
    f"CASE WHEN {_LEFT} THEN p.exit_status END, CASE WHEN {_LEFT} THEN p.exit_date END "
    "FROM person p LEFT JOIN household h ON h.id = p.household_id WHERE p.id IN ({marks})"
)
PAGE_ROWS = 400  # at most this many ids in one row query
CACHE_ROWS = 4000  # rows kept; the cache starts again beyond this

# Sort keys computed in SQL, by column source (ties: register order, ``p.id``).
_SORT_SQL: dict[int | str, str] = {
    R_NAME: "coalesce(p.name, '')",
    D_MASKED: "coalesce(p.id_number, '')",
    D_GENDER: "CASE WHEN substr(p.id_number, 17, 1) IN ('1', '3', '5', '7', '9') THEN '男' ELSE '女' END",
    # the age in whole years on :today_year / :today_mmdd, as RegisterIndex.age
    D_AGE: "(:today_year - CAST(substr(p.id_number, 7, 4) AS INTEGER)) "
    "- (substr(p.id_number, 11, 4) > :today_mmdd)",
    R_PHONE: "coalesce(p.phone, '')",
    R_HOUSEHOLD: "coalesce(h.code, '')",
    R_RELATION: "coalesce(p.relation, '')",
    R_GRID: "coalesce(p.grid, '')",
    R_STATUS: "coalesce(p.employment_status, '')",
    R_SURVEY: "coalesce(p.survey_date, '')",
}


def _int_list(text: str | None) -> list[int]:
    return [int(x) for x in text.split(",")] if text else []


def load_register(today: dt.date | None = None) -> RegisterIndex:
    """The register as the list opens it: every person id, the chip sets and counts (no rows yet)."""
    today = today or dt.date.today()
    return RegisterIndex(today, station_female_base())


def normalize_query(text: str) -> str:
    """The filter text as the search keys store it (:func:`app.register.search.normalize_query`)."""
    return search.normalize_query(text)


class RegisterIndex:
    """The register's person ids, chip sets, a current sort order and a cache of shown rows; filtering
    and sorting.

    A position is a person id; ``filter`` returns them in the current sort order. The rows, the
    有培训需求 and 劳动年龄内 sets, who has left and the search keys are read when first needed (the
    window reads 劳动年龄内 and the keys just after the list is painted: a pass over the whole table each).
    """

    def __init__(self, today: dt.date, station_base: int = DEFAULT_FEMALE_BASE) -> None:
        self.today = today
        self.station_base = station_base
        self._today_mmdd = f"{today:%m%d}"

        def born(years: int) -> str:  # birth date of someone who turns ``years`` today
            return add_years(today, -years).isoformat()

        self._params: dict[str, object] = {
            "b15": born(15),
            "b66": born(66),
            "b17": born(17),
            "b59": born(59),
            "b49": born(49),
            "today": today.isoformat(),
            "today_year": today.year,
            "today_mmdd": self._today_mmdd,
        }
        # One string of every id: far cheaper than a row (a tuple) per person. Sorted here: the order
        # of group_concat is not promised.
        text = database.execute_sql("SELECT group_concat(id) FROM person").fetchone()[0]
        self.ids: list[int] = _int_list(text)
        self.ids.sort()
        self.order: list[int] = self.ids
        self.sort_column: int | None = None
        self.sort_desc = False
        self._chips: dict[str, set[int] | None] = {
            **chip_sets(today),
            CHIP_TRAINING: None,
            CHIP_WORKING_AGE: None,
        }
        self._counts = {CHIP_TRAINING: self._scalar(f"SELECT count(*) FROM person WHERE {_TRAINING}")}
        self._rows: dict[int, RegisterRow] = {}
        self._left: dict[int, tuple[str, dt.date]] | None = None
        self._keys: list[str] | None = None
        self._initial_starts: set[str] = set()  # with the keys
        self._last: tuple[str, frozenset[str], list[int]] | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def _scalar(self, sql: str) -> int:
        return int(database.execute_sql(sql, self._params).fetchone()[0] or 0)

    # ------------------------------------------------------------------ working age

    def _boundary_inside(self, birth: str, odd: int, base: int | None) -> bool:
        return _working_age(birth, bool(odd), base or self.station_base, self.today)

    def _working_ids(self) -> set[int]:
        """Who is of working age and still in the register. Two passes over the table (NOT INDEXED: a
        birth-date range through its index reads the rows one by one, several times slower)."""
        inside = _ids(f"SELECT id FROM person NOT INDEXED WHERE {_CORE_INSIDE} AND NOT {_LEFT}", self._params)
        for pid, birth, odd, base in database.execute_sql(
            "SELECT id, substr(id_number, 7, 8), substr(id_number, 17, 1) IN ('1', '3', '5', '7', '9'), "
            f"female_retire_base FROM person NOT INDEXED WHERE {_NEAR_BOUNDARY} AND NOT {_LEFT}",
            self._params,
        ):
            if self._boundary_inside(birth, odd, base):
                inside.add(pid)
        return inside

    def chip_ids(self, chip: str) -> set[int]:
        """The person ids of one chip (有培训需求 and 劳动年龄内 read on first use)."""
        ids = self._chips[chip]
        if ids is None:
            if chip == CHIP_TRAINING:
                ids = _ids(f"SELECT id FROM person WHERE {_TRAINING}")
            else:
                ids = self._working_ids()
            self._chips[chip] = ids
        return ids

    @property
    def left(self) -> dict[int, tuple[str, dt.date]]:
        """Who had left the register by today: person id -> (离开原因, 离开日期)."""
        if self._left is None:
            self._left = ledger.left_by(self.today)
        return self._left

    # ------------------------------------------------------------------ rows

    def prefetch(self, ids: Iterable[int]) -> None:
        """Read the rows of ``ids`` not read yet (a page per query)."""
        missing = [i for i in ids if i not in self._rows]
        if not missing:
            return
        if len(self._rows) + len(missing) > CACHE_ROWS:
            self._rows.clear()
        for start in range(0, len(missing), PAGE_ROWS):
            chunk = missing[start : start + PAGE_ROWS]
            params = dict(self._params)
            params.update((f"i{n}", pid) for n, pid in enumerate(chunk))
            sql = _ROW_QUERY.format(marks=",".join(f":i{n}" for n in range(len(chunk))))
            for row in database.execute_sql(sql, params).fetchall():
                self._rows[row[R_ID]] = row

    def has_row(self, position: int) -> bool:
        """Whether the row of ``position`` has been read (and is kept)."""
        return position in self._rows

    def row(self, position: int) -> RegisterRow:
        """The row of one person (read now when not read yet); a person deleted since the list was
        opened (by another window, an import) shows as 已删除 until the list is read again."""
        row = self._rows.get(position)
        if row is None:
            self.prefetch((position,))
            row = self._rows.get(position)
            if row is None:
                row = (position, GONE_NAME, "", "", "", "", "", "", "", None, None, 0, None, None)
                self._rows[position] = row
        return row

    @property
    def keys(self) -> list[str]:
        """The search key per person id (:func:`app.register.search.search_key`: name, full ID number,
        phone, household code, pinyin initials), built on the first filter so that opening the list
        does not pay for it."""
        if self._keys is None:
            key = search.search_key
            keys = [""] * ((self.ids[-1] + 1) if self.ids else 0)
            names: set[str] = set()
            # Row by row from the cursor: all the rows at once would double the peak (200,000 tuples).
            for pid, name, idn, phone, code in database.execute_sql(
                "SELECT p.id, p.name, p.id_number, p.phone, h.code FROM person p "
                "LEFT JOIN household h ON h.id = p.household_id"
            ):
                if pid < len(keys):
                    keys[pid] = key(name, idn, phone, code or "")
                    names.add(name)
            # The first letters of every initials spelling: a query starting otherwise (digits, mostly)
            # cannot match initials, and the filter skips that test.
            self._initial_starts = {s.upper()[:1] for n in names for s in search.name_initials(n or "") if s}
            self._keys = keys
        return self._keys

    # ------------------------------------------------------------------ cells

    def chip_count(self, chip: str) -> int:
        """How many persons a chip has (劳动年龄内 is counted now if it was not yet)."""
        count = self.known_count(chip)
        return len(self.chip_ids(chip)) if count is None else count

    def known_count(self, chip: str) -> int | None:
        """The count of a chip if it is known without reading the persons (劳动年龄内: only once its set
        has been read, e.g. by :meth:`chip_count`); else None."""
        ids = self._chips[chip]
        return len(ids) if ids is not None else self._counts.get(chip)

    def person_id(self, position: int) -> int:
        return position

    def id_number(self, position: int) -> str:
        return str(self.row(position)[R_ID_NUMBER])

    def age(self, position: int) -> int | None:
        idn = self.row(position)[R_ID_NUMBER]
        if not idn:  # deleted since the list was opened
            return None
        birth = idn[6:14]
        return self.today.year - int(birth[:4]) - (self._today_mmdd < birth[4:])

    def gender(self, position: int) -> str:
        idn = self.row(position)[R_ID_NUMBER]
        if not idn:
            return ""
        return "男" if idn[16] in "13579" else "女"

    def household_code(self, position: int) -> str:
        return str(self.row(position)[R_HOUSEHOLD])

    def is_working_age(self, position: int) -> bool:
        ids = self._chips[CHIP_WORKING_AGE]
        if ids is not None:
            return position in ids
        row = self.row(position)
        if row[R_LEFT_STATUS] is not None:
            return False
        core = row[R_CORE_AGE]
        if core is not None:
            return bool(core)
        idn = row[R_ID_NUMBER]
        return bool(idn) and self._boundary_inside(idn[6:14], idn[16] in "13579", row[R_FEMALE_BASE])

    def left_fact(self, position: int) -> tuple[str, dt.date] | None:
        """(离开原因, 离开日期) when the person had left the register by today."""
        row = self.row(position)
        status = row[R_LEFT_STATUS]
        return None if status is None else (str(status), _as_date(row[R_LEFT_DATE]))

    def _flags(self, position: int, training: bool, left: tuple[str, dt.date] | None) -> str:
        flags = [chip for chip in FLAG_CHIPS if chip != CHIP_TRAINING and position in self.chip_ids(chip)]
        if training:
            flags.append(CHIP_TRAINING)
        if left is not None:
            status, day = left
            flags.insert(0, f"已{status}（{day.isoformat()}）")
        return "、".join(flags)

    def flags_text(self, position: int) -> str:
        """The 标记 column: 已迁出 (etc.) for a person who left, then the row's chips (but 劳动年龄内),
        joined with 、."""
        return self._flags(position, bool(self.row(position)[R_TRAINING]), self.left_fact(position))

    def value(self, position: int, column: int) -> Any:
        """The sortable value of one cell (O(1)); the real ID number for the ID column."""
        src = COLUMNS[column].source
        if isinstance(src, int):
            return self.row(position)[src]
        if src == D_MASKED:
            return self.row(position)[R_ID_NUMBER]
        if src == D_GENDER:
            return self.gender(position)
        if src == D_AGE:
            return self.age(position)
        if src == D_WORKING:
            return "是" if self.is_working_age(position) else "否"
        return self.flags_text(position)

    def display(self, position: int, column: int) -> str:
        """The text of one cell (O(1)); ID numbers masked."""
        if COLUMNS[column].source == D_MASKED:
            return mask_id(self.row(position)[R_ID_NUMBER])
        value = self.value(position, column)
        return "" if value is None else str(value)

    # ------------------------------------------------------------------ sort and filter

    def sort(self, column: int, desc: bool = False) -> None:
        """Sort by a column of :data:`COLUMNS` (stable: equal rows keep register order)."""
        src = COLUMNS[column].source
        if src in _SORT_SQL:
            direction = "DESC" if desc else "ASC"
            self.order = [
                r[0]
                for r in database.execute_sql(
                    "SELECT p.id FROM person p LEFT JOIN household h ON h.id = p.household_id "
                    f"ORDER BY {_SORT_SQL[src]} {direction}, p.id",
                    self._params,
                )
            ]
        else:
            if src == D_WORKING:
                working = self.chip_ids(CHIP_WORKING_AGE)
                key: dict[int, Any] = {i: ("是" if i in working else "否") for i in self.ids}
            else:
                training = self.chip_ids(CHIP_TRAINING)
                left = self.left
                key = {i: self._flags(i, i in training, left.get(i)) for i in self.ids}
            # sorted(reverse=True) keeps equal rows in their original order too.
            self.order = sorted(self.ids, key=key.__getitem__, reverse=desc)
        self.sort_column = column
        self.sort_desc = desc
        self._last = None

    def filter(self, text: str, chips: Iterable[str] = ()) -> list[int]:
        """Person ids matching ``text`` (the one matcher of :mod:`app.register.search`: name, ID
        fragment, phone without spaces or dashes, household code, pinyin initials) and every chip in
        ``chips``, in the current sort order."""
        query = normalize_query(text)
        chip_set = frozenset(chips)
        unknown = chip_set.difference(self._chips)
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
            sets = sorted((self.chip_ids(c) for c in chip_set), key=len)
            allowed = sets[0].intersection(*sets[1:]) if len(sets) > 1 else sets[0]
        if allowed is None and not query:
            result = list(base)
        elif allowed is None:
            result = self._matching(base, query)
        elif not query:
            result = [i for i in base if i in allowed]
        else:
            result = self._matching([i for i in base if i in allowed], query)
        self._last = (query, chip_set, result)
        return result

    def _matching(self, base: list[int], query: str) -> list[int]:
        keys = self.keys
        probe = search.initials_probe(query)
        if probe[1:2] not in self._initial_starts:  # no initials start so (digits, Chinese): plain test
            return [i for i in base if query in keys[i]]
        return [i for i in base if query in keys[i] or probe in keys[i]]


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
