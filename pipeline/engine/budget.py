"""A time budget per article: an analysis that runs longer is stopped, and the run goes on.

A watchdog thread raises ``TimeBudgetExceeded`` inside the thread doing the analysis
(``PyThreadState_SetAsyncExc``), so it works in the main thread of a worker process and in a Dask
worker's thread alike, where ``signal.alarm`` would not. The exception arrives between two Python
bytecodes: Python code is stopped wherever it loops, but a single call into C (one regular-expression
match, one spaCy component) finishes before it lands.

The budget counts the CPU time of the analysing thread where the system can tell it (Linux), so an
article is not failed because other work slowed the machine down; elsewhere it counts wall time.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from ..errors import TimeBudgetExceeded


def _thread_clock() -> Callable[[], float]:
    """Seconds of CPU time of the calling thread as seen from any thread, else wall-clock seconds."""
    try:
        clock_id = time.pthread_getcpuclockid(threading.get_ident())
        time.clock_gettime(clock_id)
    except (AttributeError, OSError):
        return time.monotonic
    return lambda: time.clock_gettime(clock_id)


class _Watchdog(threading.Thread):
    """Raises the exception in the thread that created it once ``seconds`` have been spent there."""

    def __init__(self, seconds: float) -> None:
        super().__init__(daemon=True, name="framelens-time-budget")
        self.target = threading.get_ident()
        self.clock = _thread_clock()
        self.deadline = self.clock() + seconds
        self.interval = min(0.25, seconds / 4)
        self.done = threading.Event()
        self.lock = threading.Lock()
        self.fired = False

    def run(self) -> None:
        while not self.done.wait(self.interval):
            if self.clock() >= self.deadline:
                with self.lock:
                    if not self.done.is_set():
                        self.fired = True
                        _set_async_exc(self.target, TimeBudgetExceeded)
                return

    def stop(self) -> None:
        with self.lock:
            self.done.set()
            if self.fired:
                # The exception may still be pending (not raised yet): withdraw it, so it cannot land
                # later in code that has nothing to do with this article.
                _set_async_exc(self.target, None)


def _set_async_exc(thread_id: int, exception: type[BaseException] | None) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id),
                                               ctypes.py_object(exception) if exception else None)


@contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise ``TimeBudgetExceeded`` in the block once it has run ``seconds`` (None or 0: no limit)."""
    if not seconds or seconds <= 0:
        yield
        return
    watchdog = _Watchdog(seconds)
    watchdog.start()
    try:
        yield
    finally:
        watchdog.stop()
