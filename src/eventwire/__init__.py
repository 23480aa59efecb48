"""eventwire: news articles in, political event data out (CAMEO and PLOVER)."""

__version__ = "0.1.0"
