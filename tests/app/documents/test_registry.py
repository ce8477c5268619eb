"""The registry the 申报与报表 page and the ``form`` command use."""

from __future__ import annotations

import inspect

import pytest

from app.core.errors import UserError
from app.documents import DOCUMENTS, DocumentSpec, ParamSpec, get_document

KINDS = (
    "score-sheet",
    "yangpu-application",
    "full-employment-application",
    "monthly-report",
    "ledger-labor",
    "ledger-unemployed",
    "ledger-difficulty",
    "ledger-vacancies",
    "ledger-services",
    "personal-file",
)
PARAM_KINDS = {"period", "month", "standard", "assessment", "person", "bool", "choice"}


def test_every_document_is_registered_once():
    assert tuple(d.kind for d in DOCUMENTS) == KINDS


def test_specs_are_well_formed():
    for d in DOCUMENTS:
        assert isinstance(d, DocumentSpec)
        assert d.title and all("\u4e00" <= ch <= "\u9fff" or ch in "()（）" for ch in d.title)
        assert callable(d.build_pdf)
        names = [p.name for p in d.params]
        assert len(names) == len(set(names))
        for p in d.params:
            assert isinstance(p, ParamSpec)
            assert p.kind in PARAM_KINDS
            assert p.label


def test_excel_only_where_the_district_wants_it():
    with_excel = {d.kind for d in DOCUMENTS if d.build_xlsx is not None}
    assert with_excel == {"score-sheet", "monthly-report"} | {k for k in KINDS if k.startswith("ledger-")}


def test_builders_take_path_progress_and_params():
    for d in DOCUMENTS:
        for fn in (d.build_pdf, d.build_xlsx):
            if fn is None:
                continue
            sig = inspect.signature(fn)
            assert "progress" in sig.parameters
            assert any(p.kind is inspect.Parameter.VAR_KEYWORD for p in sig.parameters.values())


def test_ids_masked_by_default_except_in_the_persons_own_file():
    for d in DOCUMENTS:
        mask = [p for p in d.params if p.name == "mask_ids"]
        if d.kind == "personal-file":
            assert mask[0].default is False
        elif mask:
            assert mask[0].default is True


def test_get_document():
    assert get_document("ledger-labor").title == "劳动力资源台账"


def test_unknown_document_lists_the_kinds():
    with pytest.raises(UserError) as exc:
        get_document("ledger-nothing")
    assert "ledger-nothing" in exc.value.message
    assert "score-sheet（自评打分表）" in exc.value.message
