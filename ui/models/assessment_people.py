"""The members of one indicator set (the people behind a number) as a table on the generic table model:
ID numbers masked, one column of what the indicator noted about each member. The rows are read in
:mod:`app.assessment.members`; each knows the person it belongs to (if any), so a double-click can open
that person's record. :class:`FrozenMembersModel` lists the members a 定稿 kept, with their names at 定稿.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from app.assessment.assessments import FrozenSet
from app.assessment.members import (
    MemberRow,
    detail_text,
    frozen_columns,
    frozen_rows,
    member_columns,
    member_detail,
    member_rows,
)
from ui.models.table_base import Column, TableModel

__all__ = ["FrozenMembersModel", "SetMembersModel", "detail_text"]


def _text_column(i: int, title: str) -> Column[MemberRow]:
    return Column(title, lambda r: r.texts[i] if i < len(r.texts) else "", align="")


class _MembersModel(TableModel[MemberRow]):
    def __init__(self, titles: Sequence[str], parent: Any) -> None:
        super().__init__([_text_column(i, t) for i, t in enumerate(titles)], lambda r: r.member_id, parent)

    def member_id(self, row: int) -> int:
        return self._rows[row].member_id

    def person_id(self, row: int) -> int | None:
        return self._rows[row].person_id


class SetMembersModel(_MembersModel):
    """Members of one set, in the indicator's order (ascending id)."""

    def __init__(
        self,
        kind: str,
        members: Sequence[int],
        details: Mapping[str, Mapping[int, Any]] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(member_columns(kind), parent)
        self.kind = kind
        self.details = dict(details or {})
        if self.details:
            note = Column[MemberRow]("说明", lambda r: member_detail(self.details, r.member_id), align="")
            self.columns = (*self.columns, note)
        self.set_rows(member_rows(kind, members))


class FrozenMembersModel(_MembersModel):
    """Members of a set as kept at 定稿: the name recorded then and, for people still in the ledger,
    their (masked) ID number now; a person deleted since then is marked."""

    def __init__(self, frozen: FrozenSet, parent: Any = None) -> None:
        super().__init__(frozen_columns(frozen), parent)
        self.set_rows(frozen_rows(frozen))
