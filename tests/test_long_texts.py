"""Long texts: parsed in pieces cut at paragraph breaks and joined into one Doc (eventwire.nlp), with
the same text, tokens, offsets and sentence numbers as one whole parse; shorter texts parsed as
they always were; the garbage collector paused while one document is coded, and restored."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

import eventwire.nlp
from eventwire.model import Document
from eventwire.nlp import pieces, pipe_pairs
from eventwire.nlp import sentences as article_sentences
from eventwire.pipeline import collector_paused

DEMO = Path(__file__).resolve().parents[1] / "src" / "eventwire" / "data" / "corpus" / "demo.jsonl"


@pytest.fixture(scope="module")
def demo_text() -> str:
    """The demo corpus's thirteen articles as one text of paragraphs (about 18,000 characters)."""
    texts = [json.loads(line)["text"] for line in DEMO.read_text(encoding="utf-8").splitlines() if line.strip()]
    return "\n\n".join(texts)


@pytest.mark.parametrize("text", [
    "One.\n\nTwo.\n\n\n  Three.\n\nFour.",
    "a line\nanother line\nand a third line\n",
    "Sentence one. Sentence two. Sentence three. Sentence four.",
    "words without any break at all " * 3,
    "x" * 50,  # no separator: cut at the size
    "short",
    "",
])
def test_pieces_join_back_into_the_text(text) -> None:
    cut = pieces(text, 12)
    assert "".join(cut) == text
    assert all(cut), "no empty piece"
    for piece in cut[:-1]:
        assert len(piece.rstrip()) <= 12
        assert piece[-1].isspace() or "x" in piece  # cut after white space whenever there is some


def test_pieces_cut_after_a_paragraph_break_and_its_white_space(demo_text) -> None:
    cut = pieces(demo_text, 3_000)
    assert len(cut) > 5
    for piece, after in zip(cut, cut[1:], strict=False):
        assert piece.endswith("\n\n") and not after[0].isspace()
        assert len(piece) <= 3_000


@pytest.fixture
def small_pieces(monkeypatch) -> int:
    """Pieces of 3,000 characters: the demo corpus is then a long text, cut at eight or so breaks."""
    monkeypatch.setattr(eventwire.nlp, "PIECE_CHARS", 3_000)
    return 3_000


def test_a_long_text_is_one_doc_with_the_tokens_of_a_whole_parse(coder, demo_text, small_pieces) -> None:
    (joined, context), = pipe_pairs(coder.nlp, [(demo_text, "ctx")], batch_size=32)
    whole = coder.nlp(demo_text)
    assert context == "ctx"
    assert joined.text == demo_text
    assert [(t.text, t.whitespace_, t.idx) for t in joined] == [(t.text, t.whitespace_, t.idx) for t in whole]
    starts = {len("".join(pieces(demo_text, small_pieces)[:n])) for n in range(1, 6)}
    first_tokens = {t.idx for t in joined if t.is_sent_start}
    assert starts <= first_tokens, "each piece starts a sentence"
    # the parse itself differs at most near a cut: nearly every sentence boundary is the same
    whole_starts = {t.idx for t in whole if t.is_sent_start}
    assert len(first_tokens ^ whole_starts) < 0.05 * len(whole_starts)


def test_a_long_text_coded_in_pieces_has_true_offsets_and_sentences(coder, demo_text, small_pieces) -> None:
    document = Document(id="long", text=demo_text, date="2025-06-01")
    (coded,) = coder.code_many([document])
    assert coded.events and not coded.problems
    (joined, _), = pipe_pairs(coder.nlp, [(demo_text, None)], batch_size=32)
    sentences = article_sentences(joined)  # numbered across the whole text, as the events number them
    for event in coded.events:
        for span in (event.evidence, event.trigger):
            assert demo_text[span.start:span.end] == span.text
        for actor in (event.source, event.target):
            if actor is not None and actor.start is not None:
                assert demo_text[actor.start:actor.end] == actor.text
        sentence = sentences[event.sentence]
        assert sentence.start_char <= event.trigger.start < sentence.end_char
    # the events of one whole parse, but for the few words next to a cut
    whole = {(e.cameo, e.evidence.start, e.evidence.end) for e in coder.events(coder.nlp(demo_text), document)}
    pieced = {(e.cameo, e.evidence.start, e.evidence.end) for e in coded.events}
    assert len(whole & pieced) >= 0.9 * max(len(whole), len(pieced)), (len(whole), len(pieced), len(whole & pieced))


def test_texts_up_to_the_piece_size_are_parsed_as_spacy_parses_them(coder, demo_text) -> None:
    texts = [(demo_text[:2_000], 1), (demo_text[2_000:9_000], 2), ("Russia attacked Ukraine.", 3)]
    ours = list(pipe_pairs(coder.nlp, texts, batch_size=2))
    theirs = list(coder.nlp.pipe(texts, as_tuples=True, batch_size=2))
    assert [c for _, c in ours] == [1, 2, 3]
    assert [d.to_json() for d, _ in ours] == [d.to_json() for d, _ in theirs]


def test_long_and_short_texts_keep_their_order(coder, demo_text, small_pieces) -> None:
    texts = [("Japan condemned the missile launch.", "a"), (demo_text, "long"),
             ("Police arrested dozens of protesters.", "b"), ("Kenya signed a deal.", "c")]
    out = list(pipe_pairs(coder.nlp, texts, batch_size=32))
    assert [c for _, c in out] == ["a", "long", "b", "c"]
    assert [d.text for d, _ in out] == [t for t, _ in texts]


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_while_coding_and_then_as_it_was(enabled) -> None:
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        with pytest.raises(RuntimeError), collector_paused():
            assert not gc.isenabled()
            raise RuntimeError("a document that fails")
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
