"""Progress of a long `slant predict` run on stderr: articles/s, sentences/s and the ETA."""

from __future__ import annotations

import sys
import time
from typing import TextIO


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class Progress:
    """Counts scored articles and sentences; prints a line at most every ``every`` seconds.

    On a terminal the line is redrawn in place; elsewhere (``--progress`` into a log) one line is printed each
    time. Rates count only what this run scored, from its first chunk on (model loading excluded).

    Args:
        total: Articles expected in all (None when unknown, e.g. stdin): no ETA then.
        skipped: Articles already in the output (``--resume``), not counted in the rates.
    """

    def __init__(self, total: int | None, *, enabled: bool, stream: TextIO | None = None, every: float = 1.0,
                 skipped: int = 0) -> None:  # fmt: skip
        self.total, self.enabled, self.every, self.skipped = total, enabled, every, skipped
        self.stream = stream or sys.stderr
        self.tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.articles = self.sentences = 0
        self.t0 = time.perf_counter()
        self._last = 0.0
        self._drawn = False

    def update(self, articles: int, sentences: int) -> None:
        self.articles += articles
        self.sentences += sentences
        now = time.perf_counter()
        if self.enabled and now - self._last >= self.every:
            self._last = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        dt = max((now or time.perf_counter()) - self.t0, 1e-9)
        rate = self.articles / dt
        done = self.articles + self.skipped
        text = f"slant predict: {done:,}{f'/{self.total:,}' if self.total else ''} articles, {rate:.1f} articles/s, " \
               f"{self.sentences / dt:.0f} sentences/s"  # fmt: skip
        if self.total and rate > 0:
            text += f", ETA {_clock(max(self.total - done, 0) / rate)}"
        return text

    def _draw(self, now: float) -> None:
        if self.tty:
            self.stream.write("\r\033[K" + self.line(now))
            self._drawn = True
        else:
            self.stream.write(self.line(now) + "\n")
        self.stream.flush()

    def clear(self) -> None:
        """Before another message: end the redrawn line."""
        if self._drawn:
            self.stream.write("\r\033[K")
            self._drawn = False

    def close(self) -> None:
        if self.enabled:
            self.clear()
            self.stream.write(self.line() + "\n")
            self.stream.flush()


def peak_rss_mb() -> float | None:
    """This process's peak resident memory (VmHWM, Linux) in MB; None where /proc is missing."""
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None
