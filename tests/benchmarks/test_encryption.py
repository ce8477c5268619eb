"""Encryption at rest (issue 15): the town encrypted keeps the README's goals. The same town, plain and
encrypted (``sqlcipher_export`` of the cached town with a random key), opened in turn in one process, runs
the whole Guangzhou self-assessment and the register query alternately, so both see the same machine
load; the figures are the ratios of the medians (encrypted / plain) and the encrypted medians themselves.
The log-in to the encrypted town (the password unwraps the key with argon2id, then the file opens with its
``quick_check`` and the account logs in) is timed on its own: issue 15's goal is under a second.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.benchmarks.conftest import Collector, Timing, check, goal, measure

GZ = "guangzhou-full-employment-2024"
ROUNDS = 5


def _open(path: Path, key: bytes | None) -> float:
    from db.connection import close_database, open_database

    close_database()
    t0 = time.perf_counter()
    open_database(path, key=key, create=False)
    return time.perf_counter() - t0


def _timed(run: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    run()
    return time.perf_counter() - t0


def test_encrypted_town_against_plain(
    collector: Collector, persons: int, town_file: Path, tmp_path: Path
) -> None:
    from app.accounts import keyring
    from app.assessment.scoring import assess, default_period
    from app.assessment.standards import get_standard
    from app.register.listing import load_register
    from db.connection import close_database, convert_file

    plain = tmp_path / "plain.sqlite"
    encrypted = tmp_path / "encrypted.sqlite"
    key = keyring.new_data_key()
    t0 = time.perf_counter()
    convert_file(town_file, None, encrypted, key)
    collector.record(
        "encrypting the town (sqlcipher_export, checked)",
        time.perf_counter() - t0,
        None,
        "one run of db.connection.convert_file",
        persons=persons,
    )
    convert_file(town_file, None, plain, None)  # the same export, so both files have the same layout
    std = get_standard(GZ)
    period = default_period(std)
    today = dt.date.today()
    files = {"plain": (plain, None), "encrypted": (encrypted, key)}
    runs: dict[str, dict[str, list[float]]] = {
        name: {"open": [], "assess": [], "register": []} for name in files
    }
    try:
        for path, k in files.values():  # warm-up: the page cache holds both files
            _open(path, k)
            assess(std, period)
            load_register(today)
        for _ in range(ROUNDS):
            for name, (path, k) in files.items():
                runs[name]["open"].append(_open(path, k))
                runs[name]["assess"].append(_timed(lambda: assess(std, period)))
                runs[name]["register"].append(_timed(lambda: load_register(today)))
    finally:
        close_database()

    how = f"{ROUNDS} alternating rounds in one process after a warm-up of each file"
    targets = {"open": None, "assess": goal(persons, 0.5), "register": None}
    texts = {
        "open": "opening the town (quick_check)",
        "assess": "whole Guangzhou self-assessment",
        "register": "register query (listing.load_register)",
    }
    for what, text in texts.items():
        enc, pla = runs["encrypted"][what], runs["plain"][what]
        check(collector.timing(f"{text}, encrypted", persons, Timing(tuple(enc)), targets[what], how))
        ratios = [e / p for e, p in zip(enc, pla, strict=True)]
        rec = collector.record(
            f"{text}: encrypted / plain",
            statistics.median(enc) / statistics.median(pla),
            None,
            how + "; the ratio of the medians, spread: the ratios of each round",
            "×",
            persons=persons,
        )
        rec.low, rec.high, rec.runs = min(ratios), max(ratios), len(ratios)


def test_log_in_to_the_encrypted_town(
    collector: Collector, persons: int, town_file: Path, tmp_path: Path
) -> None:
    from app.accounts import keyring, session, users
    from app.storage.datafile import Credentials, close_station, open_station
    from db.connection import convert_file

    encrypted = tmp_path / "encrypted.sqlite"
    key = keyring.new_data_key()
    convert_file(town_file, None, encrypted, key)
    keyring.save(encrypted, keyring.Keyring())
    open_station(encrypted, key=key)
    users.add_user("王站长", session.HEAD, "bench-pass-1")  # wraps the key under the password
    close_station()
    try:
        timing = measure(
            5,
            lambda: open_station(encrypted, login=Credentials("王站长", "bench-pass-1")),
            warmup=1,
            setup=close_station,
        )
    finally:
        close_station()
        session.file_opened(has_accounts=False)
    check(
        collector.timing(
            "log-in to the encrypted town (key unwrapped, file opened and checked)",
            persons,
            timing,
            goal(persons, 1.0),
            "5 runs after 1 warm-up of app.storage.datafile.open_station with the account and password",
        )
    )
