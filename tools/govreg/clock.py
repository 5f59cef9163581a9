"""The clock: China's time zone and "today" (core; every layer may use it).

``GOVREG_TODAY`` (YYYY-MM-DD) fixes the day for reproducible runs and tests.
"""

from __future__ import annotations

import datetime as dt
import os

CHINA = dt.timezone(dt.timedelta(hours=8), "CST")


def today_default() -> dt.date:
    """Today in China, or ``GOVREG_TODAY`` (YYYY-MM-DD) for reproducible runs."""
    forced = os.environ.get("GOVREG_TODAY")
    if forced:
        return dt.date.fromisoformat(forced)
    return dt.datetime.now(CHINA).date()


def now_default() -> dt.datetime:
    """The time the check runs (China time): ``GOVREG_NOW`` (ISO time), else noon of a forced ``GOVREG_TODAY``, else now.

    Rules decide with this time, or with the forge's merge time from the sign-off ledger, never with
    a commit's author or committer date (the committer sets those).
    """
    forced = os.environ.get("GOVREG_NOW")
    if forced:
        moment = dt.datetime.fromisoformat(forced)
        return moment if moment.tzinfo is not None else moment.replace(tzinfo=CHINA)
    if os.environ.get("GOVREG_TODAY"):
        day = today_default()
        return dt.datetime(day.year, day.month, day.day, 12, tzinfo=CHINA)
    return dt.datetime.now(CHINA)
