"""Loaders on tiny synthetic fixtures written in each corpus's original release format."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import openpyxl
import pytest

from slant.data.labels import BIAS_LABELS, FRAME_LABELS, GVFC_CODE_TO_FRAME, LEANING_LABELS, STANCE_LABELS
from slant.data.registry import load_source, load_task

NEWSMTSC_DIR = "newsmtsc/NewsSentiment/controller_data/datasets/NewsMTSC-dataset"
BABE_HEADER = "text;news_link;outlet;topic;type;label_bias;label_opinion;biased_words"


def _sentence(i: int) -> str:
    return f"Senator Number{i} praised the plan in speech {i}."


def write_newsmtsc(root: Path, n_train: int = 30) -> None:
    """train: n sentences (every third has two targets); devtest_rw repeats train sentence 0 (a duplicate)."""
    d = root / NEWSMTSC_DIR
    d.mkdir(parents=True)

    def line(i: int, polarity: float, two: bool = False) -> str:
        s = _sentence(i)
        m = f"Number{i}"
        targets = [
            {
                "Input.gid": f"allsides_{i}_7_{i}_x_8_{8 + len(m)}",
                "from": 8,
                "to": 8 + len(m),
                "mention": m,
                "polarity": polarity,
            }
        ]
        if two:
            targets.append(
                {
                    "Input.gid": f"allsides_{i}_7_{i}_plan",
                    "from": s.index("plan"),
                    "to": s.index("plan") + 4,
                    "mention": "plan",
                    "polarity": 4.0,
                }
            )
        return json.dumps(
            {"primary_gid": f"allsides_{i}_7_{i}_x_8_15", "sentence_normalized": s, "targets": targets}
        )

    pols = (2.0, 4.0, 6.0)
    (d / "train.jsonl").write_text("\n".join(line(i, pols[i % 3], i % 3 == 0) for i in range(n_train)) + "\n")
    (d / "devtest_rw.jsonl").write_text("\n".join([line(0, 2.0), line(100, 6.0)]) + "\n")
    # further mentions: "speech" (kept), one overlapping the target (dropped), one past the sentence end (dropped)
    mt = json.loads(line(101, 4.0, two=True))
    s = mt["sentence_normalized"]
    at = s.index("speech")
    mt["targets"][0]["further_mentions"] = [
        {"from": at, "to": at + 6, "mention": "speech"},
        {"from": 9, "to": 12, "mention": "umb"},
        {"from": 200, "to": 203, "mention": "his"},
    ]
    (d / "devtest_mt.jsonl").write_text(json.dumps(mt) + "\n")


def babe_csv(rows: list[tuple[str, str, str]]) -> bytes:
    """A `;`-separated BABE CSV with BOM; rows are (text, outlet, label_bias)."""
    out = [BABE_HEADER]
    for text, outlet, label in rows:
        quoted = '"' + text.replace('"', '""') + '"'
        out.append(
            f"{quoted};https://example.org/{abs(hash(text)) % 999};{outlet};topic;left;{label};"
            "Entirely factual;[]"
        )
    return ("\n".join(out) + "\n").encode("utf-8-sig")


def write_babe(root: Path, n: int = 40) -> None:
    """SG2 with n labelled rows + 1 'No agreement'; SG1 repeats SG2 rows 0-4 plus one new; MBIC as xlsx."""
    d = root / "babe" / "data"
    d.mkdir(parents=True)
    sg2 = [
        (f'Row {i}: the "radical" plan; costs {i}', f"Outlet{i % 3}", ("Biased", "Non-biased")[i % 2])
        for i in range(n)
    ]
    sg2.append(("Nobody agreed on this one", "Outlet0", "No agreement"))
    (d / "final_labels_SG2.csv").write_bytes(babe_csv(sg2))
    sg1 = [
        *sg2[:5],
        ("A brand new SG1 sentence", "Outlet9", "Biased"),
        ("Disputed", "Outlet1", "No agreement"),
    ]
    (d / "final_labels_SG1.csv").write_bytes(babe_csv(sg1))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(
        [
            "text",
            "news_link",
            "outlet",
            "topic",
            "type",
            "group_id",
            "num_sent",
            "label_bias",
            "label_opinion",
            "article",
            "biased_words",
        ]
    )
    for text, outlet, label in [*sg2[:3], ("An MBIC-only sentence", "usa-today", "Non-biased")]:
        ws.append(
            [
                text,
                "https://example.org",
                outlet,
                "t",
                "center",
                1,
                1,
                label,
                "Entirely factual",
                "body",
                "[]",
            ]
        )
    wb.save(d / "final_labels_MBIC.xlsx")


def write_semeval2023(root: Path, n: int = 15) -> None:
    d = root / "semeval2023_task3" / "data" / "en"
    (d / "train-articles-subtask-2").mkdir(parents=True)
    lines = []
    for i in range(n):
        art = 800000000 + i
        frames = [FRAME_LABELS[i % 14], FRAME_LABELS[(i + 3) % 14]][: 1 + i % 2]
        body = f"Title of article {i}\n\nBody text {i} about policy.\n"
        (d / "train-articles-subtask-2" / f"article{art}.txt").write_bytes(
            ("\ufeff" if i == 0 else "").encode() + body.encode()
        )
        lines.append(f"{art}\t{','.join(frames)}")
    (d / "train-labels-subtask-2.txt").write_text("\n".join(lines) + "\n")


GVFC_ROWS = [
    (f"Headline {i} on guns", 1 if i % 5 else 2, 1, (i % 9) + 1 if i % 3 else 99, 2 if i % 4 == 0 else 99)
    for i in range(40)
]


def write_gvfc(root: Path, fmt: str = "csv") -> None:
    d = root / "gvfc"
    d.mkdir(parents=True)
    header = ["news_title", "Q1 Relevant", "Q2 Focus", "Q3 Theme1", "Q3 Theme2"]
    if fmt == "csv":
        body = "\n".join(",".join(map(str, r)) for r in GVFC_ROWS)
        (d / "GVFC_headlines_and_annotations.csv").write_text(",".join(header) + "\n" + body + "\n")
    else:
        wb = openpyxl.Workbook()
        wb.active.append(header)
        for r in GVFC_ROWS:
            wb.active.append(list(r))
        wb.save(d / "GVFC_headlines_and_annotations.xlsx")


def abp_articles(n: int = 18) -> list[dict]:
    return [
        {
            "topic": "elections",
            "source": f"Outlet {i % 4}",
            "bias": i % 3,
            "url": "https://x",
            "title": f"T{i}",
            "date": "2020-01-01",
            "authors": "",
            "content": f"tok body {i} .",
            "content_original": f"Body {i}.",
            "source_url": "x",
            "bias_text": LEANING_LABELS[i % 3],
            "ID": f"id{i:04d}",
        }
        for i in range(n)
    ]


def write_abp(root: Path, packed: bool = True) -> None:
    d = root / "article_bias_prediction"
    arts = abp_articles()
    for kind in ("media", "random"):
        s = d / "data" / "splits" / kind
        s.mkdir(parents=True)
        for name, part in (("train", arts[:12]), ("valid", arts[12:15]), ("test", arts[15:])):
            (s / f"{name}.tsv").write_text("ID\tbias\n" + "".join(f"{a['ID']}\t{a['bias']}\n" for a in part))
    if packed:
        with tarfile.open(d / "data_jsons.tar.xz", "w:xz") as tar:
            for a in arts:
                raw = json.dumps(a).encode()
                info = tarfile.TarInfo(f"data/jsons/{a['ID']}.json")
                info.size = len(raw)
                tar.addfile(info, io.BytesIO(raw))
    else:
        (d / "data" / "jsons").mkdir(parents=True)
        for a in arts:
            (d / "data" / "jsons" / f"{a['ID']}.json").write_text(json.dumps(a))


@pytest.fixture()
def mirror(tmp_path: Path) -> Path:
    root = tmp_path / "mirror"
    root.mkdir()
    write_newsmtsc(root)
    write_babe(root)
    write_semeval2023(root)
    write_gvfc(root)
    write_abp(root)
    return root


def _load(task: str, mirror: Path, tmp_path: Path, **kw):
    return load_task(task, data_dir=mirror, cache_dir=tmp_path / "cache", return_report=True, **kw)


def test_stance_rows_spans_and_dedup(mirror: Path, tmp_path: Path) -> None:
    dd, rep = _load("stance", mirror, tmp_path)
    assert set(dd) == {"train", "dev", "newsmtsc_rw", "newsmtsc_mt"}
    train_texts = set(dd["train"]["text"]) | set(dd["dev"]["text"])
    assert _sentence(0) not in train_texts  # it is also in devtest_rw
    assert rep["dedup"]["train vs newsmtsc_rw"] == {"exact": 2, "normalised": 0}  # sentence 0 had two targets
    assert len(dd["train"]) + len(dd["dev"]) == 40 - 2
    row = dd["newsmtsc_rw"][1]
    assert row["text"][row["target_start"] : row["target_end"]] == "Number100"
    assert STANCE_LABELS[row["label"]] == "positive" and row["article_id"] == "allsides_100_7"
    assert len(dd["newsmtsc_mt"]) == 2
    mt = dd["newsmtsc_mt"]
    at = mt[0]["text"].index("speech")
    assert mt[0]["mentions"] == [at, at + 6] and mt[1]["mentions"] == [] and row["mentions"] == []


def test_bias_protocol_exclusions_and_dedup(mirror: Path, tmp_path: Path) -> None:
    dd, rep = _load("bias", mirror, tmp_path)
    assert rep["exclusions"]["babe"] == {
        "sg2: label_bias 'No agreement'": 1,
        "sg1: label_bias 'No agreement'": 1,
    }
    assert len(dd["babe"]) == 8  # 20% of 40 SG2 rows, stratified
    assert sorted(dd["babe"]["label"]).count(0) == 4
    test = set(dd["babe"]["text"])
    assert not test & set(dd["train"]["text"]) and not set(dd["dev"]["text"]) & set(dd["train"]["text"])
    assert (
        "A brand new SG1 sentence" in dd["train"]["text"] and "An MBIC-only sentence" in dd["train"]["text"]
    )
    assert len(set(dd["train"]["text"])) == len(dd["train"])  # SG1/MBIC repeats of SG2 dropped
    assert set(dd["train"]["outlet"]) >= {"Outlet0", "Outlet9", "usa-today"}
    row = next(r for r in dd["train"] if r["text"] == "An MBIC-only sentence")
    assert BIAS_LABELS[row["label"]] == "neutral"
    assert any('"radical" plan; costs' in t for t in dd["train"]["text"])


def test_frames_gvfc_csv_and_xlsx_agree(mirror: Path, tmp_path: Path) -> None:
    dd, _ = _load("frames_gvfc", mirror, tmp_path)
    assert sum(len(v) for k, v in dd.items() if k != "gvfc_framed") == 40 and len(dd["gvfc"]) == 8
    # the published protocol's test set: exactly the test headlines that carry a frame
    framed = [r["text"] for r in dd["gvfc"] if any(r["frames"])]
    assert dd["gvfc_framed"]["text"] == framed and all(any(f) for f in dd["gvfc_framed"]["frames"])
    other = tmp_path / "m2"
    write_gvfc(other, fmt="xlsx")
    a = load_source("gvfc", mirror)[0].parts["all"]
    b = load_source("gvfc", other)[0].parts["all"]
    assert [r["frames"] for r in a] == [r["frames"] for r in b] and [r["text"] for r in a] == [
        r["text"] for r in b
    ]
    row4 = a[4]  # codes (5, 2): security + policy
    expected = {GVFC_CODE_TO_FRAME[5], GVFC_CODE_TO_FRAME[2]}
    assert {f for f, v in zip(FRAME_LABELS, row4["frames"]) if v} == expected
    assert sum(a[3]["frames"]) == 0  # theme 99 / 99 = no frame, row kept


def test_frames_semeval_articles_and_folds(mirror: Path, tmp_path: Path) -> None:
    seen = []
    for fold in range(5):
        dd, _ = _load("frames_semeval", mirror, tmp_path, fold=fold)
        test_ids = set(dd["semeval2023_en"]["article_id"])
        assert not test_ids & (set(dd["train"]["article_id"]) | set(dd["dev"]["article_id"]))
        seen += sorted(test_ids)
    assert sorted(seen) == [str(800000000 + i) for i in range(15)]
    row = load_source("semeval2023_task3", mirror)[0].parts["en"][0]
    assert row["text"].startswith("Title of article 0") and len(row["frames"]) == 14
    with pytest.raises(ValueError, match="fold must be in"):
        load_task("frames_semeval", fold=5, data_dir=mirror, use_cache=False)


@pytest.mark.parametrize("packed", [True, False])
def test_leaning_from_tar_or_folder(tmp_path: Path, packed: bool) -> None:
    root = tmp_path / "m"
    write_abp(root, packed=packed)
    dd, rep = _load("leaning_media", root, tmp_path)
    assert {k: len(v) for k, v in dd.items()} == {"train": 12, "dev": 3, "test": 3}
    row = dd["train"][1]
    assert row["text"] == "T1\n\nBody 1." and LEANING_LABELS[row["label"]] == "center"
    assert row["outlet"] == "Outlet 1" and row["id"] == "id0001"
