"""Sentence splitter: boundaries, offsets, voice."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from slant.text.sentences import Sentence, split_sentences, voice_of


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Mr. Xi met Mrs. Smith. They talked.", ["Mr. Xi met Mrs. Smith.", "They talked."]),
        (
            "Dr. Jones and Prof. Lee spoke. Gov. Moore, Sen. Cruz and Rep. Omar agreed.",
            ["Dr. Jones and Prof. Lee spoke.", "Gov. Moore, Sen. Cruz and Rep. Omar agreed."],
        ),
        ("Gen. Milley visited St. Louis. He left.", ["Gen. Milley visited St. Louis.", "He left."]),
        (
            "John F. Kennedy was shot. Martin Luther King Jr. was too.",
            ["John F. Kennedy was shot.", "Martin Luther King Jr. was too."],
        ),
        (
            "The U.S. and the U.K. met at the U.N. on Sept. 5. It rained.",
            ["The U.S. and the U.K. met at the U.N. on Sept. 5.", "It rained."],
        ),
        ("He moved to the U.S. The move was hard.", ["He moved to the U.S.", "The move was hard."]),
        (
            "Acme Inc. said so. Acme Corp. and Acme Co. Ltd. agreed.",
            ["Acme Inc. said so.", "Acme Corp. and Acme Co. Ltd. agreed."],
        ),
        (
            "She lives in Baltimore, Md. near the bay. In Jan. and Feb. it snows.",
            ["She lives in Baltimore, Md. near the bay.", "In Jan. and Feb. it snows."],
        ),
        (
            "He ran in Calif. and won No. 3 seat vs. Smith. Fine.",
            ["He ran in Calif. and won No. 3 seat vs. Smith.", "Fine."],
        ),
        ("Some fruit, e.g. apples, i.e. red ones. Yes.", ["Some fruit, e.g. apples, i.e. red ones.", "Yes."]),
        (
            "Inflation rose 3.5% to $4.25 billion. Rates held.",
            ["Inflation rose 3.5% to $4.25 billion.", "Rates held."],
        ),
        (
            "Wait... what happened? Nobody knows... It is over!",
            ["Wait... what happened?", "Nobody knows...", "It is over!"],
        ),
        ("Then… Silence.", ["Then…", "Silence."]),
    ],
)
def test_boundaries(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_closing_quotes_and_brackets_stay_with_their_sentence() -> None:
    text = "He said \"stop.\" Then he left. She wrote: “It is done.” They agreed (mostly.) Fine.'Really.' Ok."
    assert texts(text) == [
        'He said "stop."',
        "Then he left.",
        "She wrote: “It is done.”",
        "They agreed (mostly.)",
        "Fine.'Really.'",
        "Ok.",
    ]


def test_question_inside_quote_followed_by_attribution_is_one_sentence() -> None:
    assert texts('"Why now?" he asked. "Because!" she said.') == [
        '"Why now?" he asked.',
        '"Because!" she said.',
    ]


def test_paragraph_breaks_and_newlines_always_end_a_sentence() -> None:
    text = "Headline without stop\n\nFirst paragraph has Mr.\nSmith in it\r\nLast line"
    assert texts(text) == ["Headline without stop", "First paragraph has Mr.", "Smith in it", "Last line"]


def test_offsets_skip_surrounding_whitespace() -> None:
    text = "   One.   Two?  \n\n  Three  "
    sentences = split_sentences(text)
    assert [(s.start, s.end) for s in sentences] == [(3, 7), (10, 14), (20, 25)]
    assert all(text[s.start : s.end] == s.text for s in sentences)


def test_empty_and_whitespace_only() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n\t ") == []


@pytest.mark.parametrize(
    "sentence, voice",
    [
        ('"We will win," he said.', "quote"),
        ("“Rates will fall.”", "quote"),
        ("Inflation rose, analysts said.", "quote"),
        ("The economy is strong, said Jane Doe, an economist at Acme Bank.", "quote"),
        ("According to the ministry, five people died.", "quote"),
        ("Officials told reporters the talks had stalled.", "quote"),
        ("The ministry said that the talks had stalled.", "quote"),
        ("Smith said the plan was flawed.", "quote"),
        ("The war, he added.", "quote"),
        ("The senate passed the bill on Tuesday.", "author"),
        ("Prices rose, and the firm added 300 jobs.", "author"),
        ("This is a “so-called” reform that changes little for the families who need it most.", "author"),
        ("", "author"),
    ],
)
def test_voice_of(sentence: str, voice: str) -> None:
    assert voice_of(sentence) == voice


def test_quotation_running_over_several_sentences_is_quote() -> None:
    text = '"They were late. They were slow. They failed us." Badger was angry. The rain stopped.'
    voices = [s.voice for s in split_sentences(text)]
    assert voices == ["quote", "quote", "quote", "author", "author"]


def test_sentence_validates_its_fields() -> None:
    with pytest.raises(ValueError, match="voice"):
        Sentence(0, 2, "ab", "narrator")
    with pytest.raises(ValueError, match="length"):
        Sentence(0, 3, "ab")


def test_large_text_is_linear() -> None:
    paragraph = (
        "Mr. Xi met U.S. officials on Jan. 5 in Washington, D.C. and talked for 3.5 hours. "
        '"We agree," he said. Then... nothing happened! '
    ) * 20
    text = (paragraph + "\n\n") * 500  # ~1.3 MB
    started = time.perf_counter()
    sentences = split_sentences(text)
    assert time.perf_counter() - started < 5.0
    assert len(sentences) == 500 * 20 * 3  # "Then... nothing happened!" is one sentence


def test_long_line_without_boundaries_is_not_quadratic() -> None:
    text = ("a. b. c. " + "word " * 200 + ". ") * 1000  # one ~1 MB line with many non-final stops
    started = time.perf_counter()
    sentences = split_sentences(text)
    assert time.perf_counter() - started < 5.0
    assert len(sentences) == 1


_ALPHABET = st.sampled_from(
    list("ab AB.!?…\"“”'’()[]\n\r\t\u00a0\u2028 3,;:-") + ["Mr.", "U.S.", "F.", "..."]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=80).map("".join))
def test_offsets_map_back_in_order_without_overlap(text: str) -> None:
    sentences = split_sentences(text)
    previous_end = 0
    for s in sentences:
        assert text[s.start : s.end] == s.text
        assert s.text and s.text == s.text.strip()
        assert s.start >= previous_end
        assert s.voice in ("author", "quote")
        previous_end = s.end
    # Every non-whitespace character lies in some sentence, and no sentence spans a line break.
    assert sum(not c.isspace() for c in text) == sum(not c.isspace() for s in sentences for c in s.text)
    assert not any(c in s.text for s in sentences for c in "\n\r\u2028")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_unicode_text(text: str) -> None:
    sentences = split_sentences(text)
    assert all(text[s.start : s.end] == s.text for s in sentences)
    assert all(a.end <= b.start for a, b in zip(sentences, sentences[1:]))
    assert sum(not c.isspace() for c in text) == sum(not c.isspace() for s in sentences for c in s.text)
