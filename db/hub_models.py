"""The hub's own database: a 街道/镇 or 区 that gathers its stations' period packages.

A separate kind of data file from the station's: on SQLite it carries its own ``PRAGMA application_id``
(and ``user_version``); on PostgreSQL the ``hub_info`` table says what the database is. The same peewee
models serve both engines through :data:`hub_database` (a proxy bound by :func:`open_hub`).

``db`` says *what* is wrong (:class:`HubFileError` with a :class:`HubProblem`); :mod:`app.hub.store`
says it in Chinese.
"""

from __future__ import annotations

import datetime as dt
import enum
import sqlite3
from pathlib import Path
from urllib.parse import unquote, urlparse

import peewee as pw

from db.engine import ImmediateDatabase

HUB_APPLICATION_ID = 0x53544855  # "STHU"
HUB_APPLICATION = "stationdesk-hub"
HUB_SCHEMA_VERSION = 1
SQLITE_PRAGMAS = {"journal_mode": "wal", "foreign_keys": 1, "synchronous": "normal", "busy_timeout": 5000}

hub_database = pw.DatabaseProxy()


class HubProblem(enum.Enum):
    EXISTS = "exists"  # init on a file or database that is already something
    MISSING = "missing"  # open of a file that does not exist
    NOT_HUB = "not_hub"  # a station file, another program's database, not a database
    NEWER = "newer"  # made by a newer version of this program
    CANNOT_CONNECT = "cannot_connect"  # PostgreSQL server unreachable, bad credentials, missing driver
    BAD_URL = "bad_url"


class HubFileError(Exception):
    def __init__(self, problem: HubProblem, target: str, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {target} {detail}".strip())
        self.problem = problem
        self.target = target
        self.detail = detail


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class HubModel(pw.Model):
    id: int

    class Meta:
        database = hub_database
        legacy_table_names = False


class HubInfo(HubModel):
    """Key/value facts of the hub: ``application``, ``schema_version``, ``level`` (town/district), ``code``,
    ``name``."""

    key = pw.CharField(primary_key=True)
    value = pw.TextField()


class HubKey(HubModel):
    """The hub's own Ed25519 key (row 1) for the package it sends to the level above."""

    private_key = pw.BlobField()
    public_key = pw.BlobField()
    created_at = pw.DateTimeField(default=_now)


class HubStation(HubModel):
    """A registered station (or, in a district hub, a town) with the fingerprint of its key."""

    code = pw.CharField(max_length=12, unique=True)
    name = pw.CharField()
    fingerprint = pw.CharField()
    added_at = pw.DateTimeField(default=_now)


class Received(HubModel):
    """A received package, its bytes exactly as received. ``current`` marks the one in force for its
    station, kind and period; a resend makes the earlier one history (``current`` false)."""

    station_id: int
    station = pw.ForeignKeyField(HubStation, on_delete="RESTRICT", backref="received")
    kind = pw.CharField()  # month / assessment
    period_key = pw.CharField()  # 2026-03, or standard:from:to
    period_from = pw.DateField()
    period_to = pw.DateField()
    standard = pw.CharField(null=True)
    sha256 = pw.CharField(max_length=64)
    size = pw.IntegerField()
    created_at = pw.CharField()  # as the manifest says
    received_at = pw.DateTimeField(default=_now)
    current = pw.BooleanField(default=True)
    file_name = pw.CharField(default="")
    content = pw.BlobField()  # the package file exactly as received
    manifest = pw.TextField()
    figures = pw.TextField()

    class Meta:
        indexes = ((("station", "sha256"), True), (("kind", "period_key", "current"), False))


class MonthFigure(HubModel):
    """One number of a monthly package (dotted path of figures.json) for sums in SQL."""

    received_id: int
    received = pw.ForeignKeyField(Received, on_delete="CASCADE", backref="month_figures")
    path = pw.CharField()
    value = pw.IntegerField()


class ItemFigure(HubModel):
    """One item of an assessment package."""

    received_id: int
    received = pw.ForeignKeyField(Received, on_delete="CASCADE", backref="item_figures")
    item_id = pw.CharField()
    points = pw.CharField(null=True)  # decimal as text
    max_points = pw.CharField(null=True)
    met = pw.BooleanField(null=True)
    numerator = pw.IntegerField(null=True)
    denominator = pw.IntegerField(null=True)


HUB_MODELS: tuple[type[HubModel], ...] = (HubInfo, HubKey, HubStation, Received, MonthFigure, ItemFigure)


def is_postgres_url(target: str) -> bool:
    return target.startswith(("postgresql://", "postgres://"))


def _postgres(url: str) -> pw.Database:
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    if not name:
        raise HubFileError(HubProblem.BAD_URL, url, "no database name")
    try:
        import psycopg2  # noqa: F401
    except ImportError as exc:
        raise HubFileError(HubProblem.CANNOT_CONNECT, url, "psycopg2 missing") from exc
    return pw.PostgresqlDatabase(
        unquote(name),
        user=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        host=parts.hostname or None,
        port=parts.port or None,
    )


def _sqlite_identity(path: Path) -> tuple[int, int, int]:
    """(application_id, user_version, tables) of an existing SQLite file, read only."""
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            raise HubFileError(HubProblem.NOT_HUB, str(path))
    try:
        con = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True)
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error as exc:
        raise HubFileError(HubProblem.NOT_HUB, str(path), str(exc)) from exc
    return app_id, version, tables


def close_hub() -> None:
    obj = hub_database.obj
    if obj is not None and not obj.is_closed():
        obj.close()


def open_hub(target: str | Path, *, create: bool = False) -> pw.Database:
    """Open (``create``: make a new, empty) hub at a SQLite path or a ``postgresql://`` URL."""
    close_hub()
    text = str(target)
    if is_postgres_url(text):
        return _open_postgres(text, create)
    return _open_sqlite(Path(text), create)


def _open_sqlite(path: Path, create: bool) -> pw.Database:
    exists = path.exists() and path.stat().st_size > 0
    if path.is_dir():
        raise HubFileError(HubProblem.NOT_HUB, str(path), "directory")
    if create and exists:
        raise HubFileError(HubProblem.EXISTS, str(path))
    if not create and not exists:
        raise HubFileError(HubProblem.MISSING, str(path))
    if exists:
        app_id, version, _tables = _sqlite_identity(path)
        if app_id != HUB_APPLICATION_ID:
            raise HubFileError(HubProblem.NOT_HUB, str(path))
        if version > HUB_SCHEMA_VERSION:
            raise HubFileError(HubProblem.NEWER, str(path), str(version))
    path.parent.mkdir(parents=True, exist_ok=True)
    # Transactions begin IMMEDIATE, as the station's: an import that reads first and writes later cannot
    # be refused "database is locked" halfway while another hub process writes (db.engine).
    db = ImmediateDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False)
    hub_database.initialize(db)
    db.connect(reuse_if_open=True)
    if create:
        with db.atomic():
            db.create_tables(HUB_MODELS)
            HubInfo.insert_many(
                [("application", HUB_APPLICATION), ("schema_version", str(HUB_SCHEMA_VERSION))],
                fields=[HubInfo.key, HubInfo.value],
            ).execute()
            db.execute_sql(f"PRAGMA application_id={HUB_APPLICATION_ID}")
            db.execute_sql(f"PRAGMA user_version={HUB_SCHEMA_VERSION}")
    return db


def _open_postgres(url: str, create: bool) -> pw.Database:
    db = _postgres(url)
    try:
        db.connect(reuse_if_open=True)
    except pw.OperationalError as exc:
        raise HubFileError(HubProblem.CANNOT_CONNECT, url, str(exc).strip()) from exc
    hub_database.initialize(db)
    tables = set(db.get_tables())
    if create:
        if tables:
            db.close()
            raise HubFileError(HubProblem.EXISTS, url)
        with db.atomic():
            db.create_tables(HUB_MODELS)
            HubInfo.insert_many(
                [("application", HUB_APPLICATION), ("schema_version", str(HUB_SCHEMA_VERSION))],
                fields=[HubInfo.key, HubInfo.value],
            ).execute()
        return db
    if "hub_info" not in tables:
        db.close()
        raise HubFileError(HubProblem.NOT_HUB, url)
    facts = {r.key: r.value for r in HubInfo.select()}
    if facts.get("application") != HUB_APPLICATION:
        db.close()
        raise HubFileError(HubProblem.NOT_HUB, url)
    if int(facts.get("schema_version", "0")) > HUB_SCHEMA_VERSION:
        db.close()
        raise HubFileError(HubProblem.NEWER, url, facts.get("schema_version", ""))
    return db


def drop_hub_tables(db: pw.Database) -> None:
    """Remove every hub table (tests on a shared PostgreSQL database)."""
    hub_database.initialize(db)
    db.drop_tables(list(reversed(HUB_MODELS)), safe=True, cascade=isinstance(db, pw.PostgresqlDatabase))
