"""Finding a person as a station worker types: the one matcher of the register's search box, the
person picker of every dialog that chooses a person, and the command line.

A person's search key holds the name, the full ID number (so a fragment like ``2422`` finds it; only
the masked number is ever shown), the phone, the 户编号 and the pinyin initials of the name (``zw``
for 张伟). Spaces and dashes are ignored on both sides (``138 2600``, ``138-2600-0001``), full-width
characters are folded and letters are lowercase. A character with several readings gives each
(单 → d, s, c; 曾 → z, c), so a surname finds the person whichever reading the worker types.
"""

from __future__ import annotations

import itertools
import os
import re
from dataclasses import dataclass
from functools import cache, lru_cache

# Only single characters are looked up here (the one use of pypinyin): its phrase dictionary, and the
# copies it makes of its dictionaries, would cost about 45 MB and 0.4 s at import for nothing (the
# readings of every single character are the same without them; tests/app/register/test_search.py).
os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")
from pypinyin import Style, pinyin

from app.core.idcard import mask_id
from app.core.textnorm import clean
from db.models import database

SEPARATOR = "\x1f"  # between the parts of a key; never typed, so a query never spans two parts
# Initials are kept in capitals after this mark, so they match from their start only: zw finds 张伟
# (ZW) and 张文伟 (ZWW) but not 陈振文 (CZW); the other parts are lowercase and match anywhere.
INITIALS_MARK = "\x1e"
_IGNORED_CHARS = " \t\u3000-‐‑–—－"
_IGNORED = str.maketrans("", "", _IGNORED_CHARS)
_IGNORED_RE = re.compile(f"[{re.escape(_IGNORED_CHARS)}]")
# At most this many initials spellings per name (a name of many multi-reading characters keeps all
# readings of its surname and the first reading of the rest).
MAX_SPELLINGS = 16
PICKER_LIMIT = 50


def fold(text: str | None) -> str:
    """``text`` as keys and queries compare it: cleaned, lowercase, without spaces and dashes."""
    return clean(text or "").lower().translate(_IGNORED)


def normalize_query(text: str | None) -> str:
    return fold(text)


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


@cache
def char_initials(char: str) -> tuple[str, ...]:
    """The initial letter of each reading of one character; a non-Chinese letter or digit is itself,
    anything else (·, spaces) nothing."""
    if not _is_han(char):
        return (char.lower(),) if char.isalnum() else ("",)
    readings = pinyin(char, style=Style.FIRST_LETTER, heteronym=True, errors="ignore")
    letters = [r for r in (readings[0] if readings else []) if r]
    return tuple(dict.fromkeys(letters)) or ("",)


@lru_cache(maxsize=65536)
def name_initials(name: str) -> tuple[str, ...]:
    """Every initials spelling of ``name`` (张伟 → ('zw',); 单勇 → ('dy', 'sy', 'cy'))."""
    chars = [c for c in (name or "").strip() if not c.isspace()]
    if not chars:
        return ()
    options = [char_initials(c) for c in chars]
    if all(len(o) == 1 for o in options):  # most names: one reading per character
        return ("".join(o[0] for o in options),)
    total = 1
    for o in options:
        total *= len(o)
    if total > MAX_SPELLINGS:
        options = [options[0], *((o[0],) for o in options[1:])]
    return tuple(dict.fromkeys("".join(p) for p in itertools.product(*options)))


def search_key(name: str | None, id_number: str | None, phone: str | None, household_code: str | None) -> str:
    """The folded key one person is found by."""
    # Stored values are already cleaned on the way in (full-width folded): lowercase and drop spaces and
    # dashes, once for the whole key (50,000 keys are built when the register is first searched).
    sep = SEPARATOR
    main = f"{name or ''}{sep}{id_number or ''}{sep}{phone or ''}{sep}{household_code or ''}".lower()
    if _IGNORED_RE.search(main):
        main = main.translate(_IGNORED)
    return main + _initials_part(name or "")


@lru_cache(maxsize=65536)
def _initials_part(name: str) -> str:
    return "".join(INITIALS_MARK + s.upper() for s in name_initials(name))


def initials_probe(query: str) -> str:
    """What ``query`` looks like at the start of an initials spelling in a key."""
    return INITIALS_MARK + query.upper()


def matches(key: str, query: str) -> bool:
    """``query`` (already :func:`normalize_query`-ed) in the key's name, ID number, phone or household
    code, or at the start of the name's initials; the empty query matches all."""
    return query in key or initials_probe(query) in key


# ---------------------------------------------------------------------------- the picker


@dataclass(frozen=True)
class PersonHit:
    """One person as the picker lists them: enough to tell namesakes apart, ID masked."""

    id: int
    name: str
    masked_id: str
    household_code: str
    relation: str
    phone: str
    employment_status: str
    left: str  # 迁出 / 死亡 / 退休 / 其他 when the person has left the register, else ""

    @property
    def label(self) -> str:
        household = f"户 {self.household_code}" if self.household_code else "未填户编号"
        relation = f"（{self.relation}）" if self.relation and self.household_code else ""
        left = f"［已{self.left}］" if self.left else ""
        return f"{self.name}　{self.masked_id}　{household}{relation}{left}"


_PICKER_QUERY = (
    "SELECT p.id, p.name, p.id_number, p.phone, h.code, p.relation, p.employment_status, p.exit_status "
    "FROM person p LEFT JOIN household h ON h.id = p.household_id ORDER BY p.name, p.id"
)


class PeopleIndex:
    """Every person of the register with a search key; :meth:`find` is one keystroke's work."""

    def __init__(self, hits: list[PersonHit], keys: list[str], initials: list[tuple[str, ...]]) -> None:
        self.hits = hits
        self.keys = keys
        self.initials = initials

    def __len__(self) -> int:
        return len(self.hits)

    def find(
        self, text: str, limit: int | None = PICKER_LIMIT, *, include_left: bool = True
    ) -> list[PersonHit]:
        """The persons matching ``text``, best first: the exact name, then names starting with it, then
        initials starting with it, then any other match (each group by name)."""
        query = normalize_query(text)
        if not query:
            return []
        probe = initials_probe(query)
        ranked: list[tuple[int, int]] = []
        for i, key in enumerate(self.keys):
            if query not in key and probe not in key:
                continue
            hit = self.hits[i]
            if not include_left and hit.left:
                continue
            name = fold(hit.name)
            if name == query:
                rank = 0
            elif name.startswith(query):
                rank = 1
            elif any(s.startswith(query) for s in self.initials[i]):
                rank = 2
            else:
                rank = 3
            ranked.append((rank, i))
        ranked.sort()  # rows come ordered by name: the index keeps that order within a rank
        chosen = ranked if limit is None else ranked[:limit]
        return [self.hits[i] for _rank, i in chosen]


def load_people() -> PeopleIndex:
    """The picker's index: one query over the register."""
    rows = database.execute_sql(_PICKER_QUERY).fetchall()
    hits: list[PersonHit] = []
    keys: list[str] = []
    initials: list[tuple[str, ...]] = []
    for pid, name, id_number, phone, code, relation, status, left in rows:
        hits.append(
            PersonHit(
                id=int(pid),
                name=str(name or ""),
                masked_id=mask_id(str(id_number or "")),
                household_code=str(code or ""),
                relation=str(relation or ""),
                phone=str(phone or ""),
                employment_status=str(status or ""),
                left=str(left or ""),
            )
        )
        keys.append(search_key(name, id_number, phone, code))
        initials.append(name_initials(str(name or "")))
    return PeopleIndex(hits, keys, initials)


def find_people(text: str, limit: int | None = PICKER_LIMIT) -> list[PersonHit]:
    """One search without keeping an index (the command line, a single look-up)."""
    return load_people().find(text, limit)
