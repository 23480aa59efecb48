"""What several test folders ask of their environment: whether this is CI, a free local port.
(A module of its own: a conftest cannot be imported by name from more than one folder.)"""

from __future__ import annotations

import os
import socket


def in_ci() -> bool:
    """CI=true: what would be skipped by hand (no PostgreSQL server, no chromium) must fail."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
