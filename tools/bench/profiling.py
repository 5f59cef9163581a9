"""A cProfile summary as text, shared by the benchmarks' ``--profile`` options."""

from __future__ import annotations

import cProfile
import io
import pstats


def profile_text(profiler: cProfile.Profile, cumulative: int = 30, own: int = 20) -> str:
    """Stop ``profiler`` and return the top entries by cumulative and by own time."""
    profiler.disable()
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.sort_stats("cumulative").print_stats(cumulative)
    stats.sort_stats("tottime").print_stats(own)
    return buf.getvalue()
