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
