"""Auxiliary stance corpora: SemEval-2016 Task 6 (tweets), Emergent (headlines), IBM claim stance (claims).

Their target is a topic text, not a span of the sentence. Slant stores such a row as
``text = topic + TOPIC_SEPARATOR + sentence`` with the target span on the topic, ``(0, len(topic))``, so a
span-marking stance model reads the topic as the marked target exactly as it reads a NewsMTSC mention.
``split_topic(row)`` recovers the two parts.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from slant.data.errors import DataError, row_error
from slant.data.labels import STANCE_LABELS
from slant.data.schema import make_row
from slant.data.sources.base import Parsed, decode_detect, read_delimited, read_text_utf8, require_file

TOPIC_SEPARATOR = " | "
SEMEVAL2016_TRAIN = "data/semeval2016-task6-trainingdata.txt"
SEMEVAL2016_TEST_A = "data/semeval2016-task6-testdata-gold/SemEval2016-Task6-subtaskA-testdata-gold.txt"
SEMEVAL2016_TEST_B = "data/semeval2016-task6-testdata-gold/SemEval2016-Task6-subtaskB-testdata-gold.txt"
SEMEVAL2016_FILES = (SEMEVAL2016_TRAIN, SEMEVAL2016_TEST_A, SEMEVAL2016_TEST_B)
EMERGENT_FILE = "data/url-versions-2015-06-14-clean.csv"
EMERGENT_FILES = (EMERGENT_FILE,)
IBM_FILE = "claim_stance_dataset_v1.csv"
IBM_FILES = (IBM_FILE,)

SEMEVAL2016_LABELS = {"FAVOR": "positive", "AGAINST": "negative", "NONE": "neutral"}
EMERGENT_LABELS = {"for": "positive", "observing": "neutral", "against": "negative"}
IBM_LABELS = {"PRO": "positive", "CON": "negative"}


def topic_row(
    *, id: str, topic: str, sentence: str, label: str, source: str, article_id: str = ""
) -> dict[str, Any]:
    """A schema row whose target span is the topic placed before the sentence."""
    topic, sentence = " ".join(topic.split()), sentence.strip()
    return make_row(
        id=id,
        text=f"{topic}{TOPIC_SEPARATOR}{sentence}",
        source=source,
        label=STANCE_LABELS.index(label),
        target_start=0,
        target_end=len(topic),
        article_id=article_id,
    )


def split_topic(row: dict[str, Any]) -> tuple[str, str]:
    """(topic, sentence) of an auxiliary stance row."""
    end = row["target_end"]
    return row["text"][:end], row["text"][end + len(TOPIC_SEPARATOR) :]


def _label(path: Path, where: str, value: str, mapping: dict[str, str]) -> str:
    if value.strip() not in mapping:
        raise row_error(path, where, f"a stance in {sorted(mapping)}", value)
    return mapping[value.strip()]


def read_semeval2016_file(path: Path, source: str) -> tuple[list[dict[str, Any]], str]:
    """Parse one tab file ``ID\\tTarget\\tTweet\\tStance``; the training file is not UTF-8, so decode by detection."""
    text, encoding = decode_detect(require_file(path, "a tab file ID, Target, Tweet, Stance").read_bytes())
    lines = text.splitlines()
    if not lines or lines[0].split("\t") != ["ID", "Target", "Tweet", "Stance"]:
        raise row_error(path, "line 1 (header)", "'ID\\tTarget\\tTweet\\tStance'", lines[0] if lines else "")
    rows = []
    for line_no, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 4:
            raise row_error(path, f"line {line_no}", "4 tab-separated fields ID, Target, Tweet, Stance", line)
        label = _label(path, f"line {line_no}", fields[3], SEMEVAL2016_LABELS)
        rows.append(
            topic_row(id=fields[0].strip(), topic=fields[1], sentence=fields[2], label=label, source=source)
        )
    return rows, encoding


def parse_semeval2016(root: Path) -> Parsed:
    """Task A train and test gold, and Task B (Donald Trump) test gold."""
    parsed = Parsed(parts={})
    for part, rel in (
        ("train", SEMEVAL2016_TRAIN),
        ("test", SEMEVAL2016_TEST_A),
        ("test_trump", SEMEVAL2016_TEST_B),
    ):
        rows, encoding = read_semeval2016_file(root / rel, "semeval2016_task6")
        parsed.parts[part] = rows
        parsed.notes.append(f"{part}: {len(rows)} tweets, decoded as {encoding}")
    return parsed


def parse_emergent(root: Path) -> Parsed:
    """The clean Emergent file: text = article headline, target = claim headline; claimId kept as article_id."""
    path = root / EMERGENT_FILE
    cols = ("id", "claimHeadline", "articleHeadline", "articleHeadlineStance", "articleId", "claimId")
    records = read_delimited(path, read_text_utf8(path, "Emergent CSV"), ",", cols, "Emergent CSV")
    rows = []
    for line_no, rec in records:
        label = _label(path, f"line {line_no}", rec["articleHeadlineStance"], EMERGENT_LABELS)
        rows.append(
            topic_row(
                id=rec["id"],
                topic=rec["claimHeadline"],
                sentence=rec["articleHeadline"],
                label=label,
                source="emergent",
                article_id=rec["claimId"],
            )
        )
    return Parsed(parts={"all": rows}, notes=[f"{len(rows)} headline-claim pairs"])


IBM_COLUMNS = (
    "topicId",
    "split",
    "topicText",
    "claims.claimId",
    "claims.stance",
    "claims.claimCorrectedText",
)


def parse_ibm(root: Path) -> Parsed:
    """IBM claim stance as stored here: each original CSV line sits in the first cell of a `;`-separated sheet.

    A `;` inside the original line split it over several cells, so the cells are joined back with `;` before the
    inner comma-separated line is parsed.
    """
    path = root / IBM_FILE
    text = read_text_utf8(path, "IBM claim stance CSV")
    originals: list[tuple[int, str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True)
    line_no = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                originals.append((line_no, ";".join(cells).rstrip(";")))
            line_no = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(
            f"{path}: line {line_no}: unreadable row ({exc}); expected a quoted CSV line"
        ) from exc
    inner = "\n".join(o for _, o in originals)
    records = read_delimited(path, inner, ",", IBM_COLUMNS, "IBM claim stance CSV")
    parts: dict[str, list[dict[str, Any]]] = {"train": [], "test": []}
    for i, (_, rec) in enumerate(records):
        where = f"line {originals[i + 1][0]}"
        split = rec["split"].strip()
        if split not in parts:
            raise row_error(path, where, "split 'train' or 'test'", split)
        label = _label(path, where, rec["claims.stance"], IBM_LABELS)
        parts[split].append(
            topic_row(
                id=rec["claims.claimId"],
                topic=rec["topicText"],
                sentence=rec["claims.claimCorrectedText"],
                label=label,
                source="ibm_claim_stance",
                article_id=f"topic-{rec['topicId']}",
            )
        )
    return Parsed(parts=parts, notes=[f"{k}: {len(v)} claims" for k, v in parts.items()])
