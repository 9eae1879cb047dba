"""The stance suite: its cases are valid and reproducible, its halves are disjoint, and the runner scores a model."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from slant.eval.suite import check_case, load_cases, main, score_cases, score_suite
from slant.eval.suite_build import CAPABILITIES, CASES_FILE, KINDS, build_cases, dumps, parse_marked
from slant.model.predictor import Predictor
from slant.model.tiny import build_tiny_model


@pytest.fixture(scope="module")
def cases():
    return load_cases()


def test_committed_cases_are_built_from_their_sources(cases):
    assert CASES_FILE.read_text(encoding="utf-8") == dumps(build_cases())
    assert len({c["id"] for c in cases}) == len(cases)
    assert len({c["sentence"] for c in cases}) == len(cases)


def test_counts_per_capability_split_and_kind(cases):
    assert len(cases) >= 300
    per = Counter((c["capability"], c["split"]) for c in cases)
    for cap in CAPABILITIES:
        for split in ("dev", "test"):
            assert per[(cap, split)] >= 20, (cap, split, per[(cap, split)])
    kinds = Counter((t["kind"], c["split"]) for c in cases for t in c["targets"])
    for kind in KINDS:
        for split in ("dev", "test"):
            assert kinds[(kind, split)] >= 80, (kind, split)
    labels = Counter(t["label"] for c in cases for t in c["targets"])
    assert min(labels.values()) >= 150  # no label is a rarity


def test_offsets_point_at_the_target_names(cases):
    for c in cases:
        for t in c["targets"]:
            assert c["sentence"][t["start"] : t["end"]] == t["name"]
        spans = sorted((t["start"], t["end"]) for t in c["targets"])
        assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:])), c["id"]  # targets never overlap


def test_dev_and_test_share_no_skeleton_and_no_name(cases):
    groups = {s: {c["group"] for c in cases if c["split"] == s} for s in ("dev", "test")}
    names = {s: {t["name"] for c in cases if c["split"] == s for t in c["targets"]} for s in ("dev", "test")}
    assert groups["dev"] and groups["test"] and not groups["dev"] & groups["test"]
    assert not names["dev"] & names["test"]
    # A name of one half never appears, even unscored, in a sentence of the other half.
    for c in cases:
        other = names["test" if c["split"] == "dev" else "dev"]
        assert not [n for n in other if n in c["sentence"]], c["id"]


def test_swap_twins_swap_names_and_keep_labels_by_position(cases):
    by_id = {c["id"]: c for c in cases}
    twins = [c for c in cases if c["capability"] == "name_swap"]
    assert len(twins) >= 60
    for twin in twins:
        orig = by_id[twin["twin"]]
        assert orig["twin"] == twin["id"] and orig["capability"] != "name_swap"
        assert (orig["split"], orig["group"]) == (twin["split"], twin["group"])
        a, b = orig["targets"]
        ta, tb = twin["targets"]
        assert (ta["name"], tb["name"]) == (b["name"], a["name"])
        assert (ta["label"], tb["label"]) == (a["label"], b["label"]) and a["label"] != b["label"]
        assert a["kind"] == b["kind"]
        # The rest of the sentence is unchanged.
        assert orig["sentence"].replace(a["name"], "#").replace(b["name"], "#") == twin["sentence"].replace(
            ta["name"], "#"
        ).replace(tb["name"], "#")


def test_parse_marked_gives_offsets():
    text, targets = parse_marked("[Ann Lee|+] beat [Bo|-] and [Cy|0].")
    assert text == "Ann Lee beat Bo and Cy."
    assert [(t["start"], t["end"], t["label"]) for t in targets] == [
        (0, 7, "positive"),
        (13, 15, "negative"),
        (20, 22, "neutral"),
    ]
    with pytest.raises(ValueError, match="malformed target marking"):
        parse_marked("[Ann|x] won.")


def test_check_case_names_what_is_wrong(cases):
    bad = json.loads(json.dumps(cases[0]))
    bad["targets"][0]["start"] += 1
    with pytest.raises(ValueError, match="expected the target name"):
        check_case(bad, "here")
    with pytest.raises(ValueError, match="lacks"):
        check_case({"id": "x"}, "here")


def _case(cid, cap, labels, twin=None):
    text = " ".join(f"N{i}" for i in range(len(labels)))
    targets = [
        {"name": f"N{i}", "start": 3 * i, "end": 3 * i + 2, "label": lab, "kind": "person", "role": f"t{i}"}
        for i, lab in enumerate(labels)
    ]
    return {
        "id": cid,
        "capability": cap,
        "group": "g",
        "split": "dev",
        "sentence": text,
        "targets": targets,
        "twin": twin,
    }


def test_score_cases_by_hand():
    cases = [
        _case("c1", "contrast", ["positive", "negative"], twin="c1-swap"),
        _case("c1-swap", "name_swap", ["positive", "negative"], twin="c1"),
        _case("c2", "contrast", ["negative", "positive"], twin="c2-swap"),
        _case("c2-swap", "name_swap", ["negative", "positive"], twin="c2"),
        _case("m1", "neutral_mention", ["neutral"]),
    ]
    predicted = [
        ["positive", "negative"],  # right
        ["positive", "negative"],  # right, and the same labels by position: invariant
        ["negative", "negative"],  # one wrong
        ["positive", "positive"],  # one wrong, and not the same labels as its original
        ["negative"],
    ]
    r = score_cases(cases, predicted)
    assert r["contrast_both_right"] == 0.5
    assert r["name_swap"] == {"pairs": 2, "invariance": 0.5, "both_right": 0.5}
    assert r["capabilities"]["contrast"] == {
        "cases": 2,
        "targets": 4,
        "target_accuracy": 0.75,
        "case_pass": 0.5,
    }
    assert r["capabilities"]["neutral_mention"]["case_pass"] == 0.0
    assert r["target_accuracy"] == round(6 / 9, 4)
    assert r["kinds"]["person"] == {"targets": 9, "accuracy": round(6 / 9, 4)}
    assert [f["id"] for f in r["failures"]] == ["c2", "c2-swap", "m1"]


@pytest.fixture(scope="module")
def small_suite(tmp_path_factory, cases):
    """A few cases of every capability in both halves (with their twins), so the tiny model runs fast."""
    keep, seen = [], Counter()
    for c in cases:
        key = (c["capability"], c["split"])
        if c["capability"] != "name_swap" and seen[key] < 3:
            seen[key] += 1
            keep.append(c["id"])
            if c["twin"]:
                keep.append(c["twin"])
    path = tmp_path_factory.mktemp("suite") / "cases.jsonl"
    path.write_text(dumps([c for c in cases if c["id"] in set(keep)]), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def tiny_dir(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("model") / "tiny")


def test_runner_scores_a_tiny_model(tiny_dir, small_suite):
    pred = Predictor.from_pretrained(tiny_dir, threads=1)
    result = score_suite(pred, path=small_suite)
    expected = load_cases(small_suite)
    for split in ("dev", "test"):
        r = result["splits"][split]
        mine = [c for c in expected if c["split"] == split]
        assert r["cases"] == len(mine)
        assert r["targets"] == sum(len(c["targets"]) for c in mine)
        assert set(r["capabilities"]) == set(CAPABILITIES)
        assert r["name_swap"]["pairs"] == sum(c["capability"] == "name_swap" for c in mine) > 0
        assert 0.0 <= r["target_accuracy"] <= 1.0
    # Scoring one half alone gives that half's numbers.
    assert score_suite(pred, path=small_suite, splits=("test",))["splits"]["test"] == result["splits"]["test"]


def test_cli_prints_the_table_and_writes_json(tiny_dir, small_suite, tmp_path, capsys):
    out = tmp_path / "suite.json"
    assert (
        main(["--model", str(tiny_dir), "--cases", str(small_suite), "--split", "dev", "--out", str(out)])
        == 0
    )
    printed = capsys.readouterr().out
    assert "contrast: both targets right" in printed and "stance suite dev:" in printed
    assert set(json.loads(out.read_text())["splits"]) == {"dev"}


def test_cli_missing_model_is_one_line_error(tmp_path, capsys):
    assert main(["--model", str(tmp_path / "nope")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("slant stance-suite: error:") and "\n" not in err


def test_macro_f1_matches_scikit_learn():
    from sklearn.metrics import f1_score

    from slant.eval.suite import macro_f1

    gold = ["positive", "negative", "neutral", "negative", "positive", "negative"]
    pred = ["positive", "positive", "neutral", "negative", "negative", "negative"]
    want = f1_score(gold, pred, labels=["negative", "neutral", "positive"], average="macro", zero_division=0)
    assert macro_f1(gold, pred) == round(want, 4)
    assert macro_f1(["neutral"], ["neutral"]) == round(1 / 3, 4)  # two labels absent from both: F1 0 each
