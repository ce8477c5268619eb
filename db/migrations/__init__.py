"""Ordered schema migrations. Version N is reached by running step N; never edit a landed step.

A step is a callable taking the peewee database; it runs inside a transaction with foreign keys off.
``tests/db/test_migrations.py`` checks that the schema the steps build equals what the models declare,
so a model change without a migration fails the tests.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import peewee as pw

_HERE = Path(__file__).resolve().parent


def _run_sql_file(name: str) -> Callable[[pw.SqliteDatabase], None]:
    def step(database: pw.SqliteDatabase) -> None:
        text = (_HERE / name).read_text(encoding="utf-8")
        for statement in text.split(";\n"):
            if statement.strip():
                database.execute_sql(statement.strip().rstrip(";"))

    step.__name__ = f"run_{name}"
    return step


MIGRATIONS: list[Callable[[pw.SqliteDatabase], None]] = [
    _run_sql_file("v001_initial.sql"),
    _run_sql_file("v002_assessments.sql"),
    _run_sql_file("v003_accounts_audit.sql"),
    _run_sql_file("v004_station_code_key.sql"),
    _run_sql_file("v005_person_exit.sql"),
    _run_sql_file("v006_real_ledger_columns.sql"),
    _run_sql_file("v007_service_kind_index.sql"),
]
