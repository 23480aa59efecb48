"""kill -9 in the middle of a run: the crash-safety tests of ingest and recode share it."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Callable


def kill_mid_run(process: subprocess.Popen, progress: Callable[[], int], wanted: int, what: str) -> int:
    """Wait until ``progress()`` reaches ``wanted`` (at most 120 s), kill -9 ``process``, check that
    it was still running then, and return how far it got."""
    deadline = time.monotonic() + 120
    while progress() < wanted and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.communicate()
    assert process.returncode == -signal.SIGKILL, f"the {what} ended before it could be killed"
    return progress()
