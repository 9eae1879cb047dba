"""`from slant import Slant` on a tiny random model: results identical to `slant predict`, tidy tables, bad input,
compare on a DataFrame with its own column names, and the docstring examples of the public modules."""

from __future__ import annotations

import doctest
import importlib
import json
import warnings

import pandas as pd
import pytest

from slant import Slant
from slant.compare.corpus import CorpusError
from slant.extras import has
from slant.model.tiny import build_tiny_model
from slant.predict.cli import main as predict_main
from slant.results import ArticleResult, Results

ARTICLE = (
    "Mayor Ruth Calder said the harbor fee would pay for buses. Councilman Peter Okafor called it a terrible tax.\n\n"
    '"It punishes people who have no other way to work," Mr. Okafor said. The vote is due in May.\n'
)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


@pytest.fixture(scope="module")
def slant(model_dir) -> Slant:
    return Slant.from_pretrained(model_dir, backend="torch")


def test_to_dict_is_the_predict_json(slant, model_dir, tmp_path, capsys) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE)
    assert (
        predict_main([str(path), "--model", str(model_dir), "--backend", "torch", "--target", "harbor fee"])
        == 0
    )
    cli = json.loads(capsys.readouterr().out)
    result = slant.predict({"id": str(path), "text": ARTICLE, "targets": ["harbor fee"]})
    assert isinstance(result, ArticleResult)
    assert json.dumps(result.to_dict()) == json.dumps(cli)  # same keys, order and values
    assert ArticleResult.from_dict(cli).to_dict() == cli


def test_typed_fields_and_tidy_tables(slant) -> None:
    result = slant.predict(ARTICLE)
    assert result.id == "0" and len(result.sentences) == 4
    s = result.sentences[1]
    assert s.bias.label in ("neutral", "biased") and 0.0 <= s.bias.prob <= 1.0 and len(s.frames) == 14
    articles, sentences, stance = result.to_pandas()
    mentions = [(m.target, m.mention) for s in result.sentences for m in s.stance]
    assert len(articles) == 1 and len(sentences) == 4 and len(stance) == len(mentions) > 0
    assert list(zip(stance["target"], stance["mention"])) == mentions
    assert {"p_negative", "p_neutral", "p_positive"} <= set(stance.columns)
    assert set(stance["article_id"]) == {"0"} and sentences["index"].tolist() == [0, 1, 2, 3]


def test_lists_of_texts_and_dicts_keep_order_and_ids(slant) -> None:
    batch = slant.predict(["The court met.", {"id": "x", "text": "Police said so.", "outlet": "Daily"}])
    assert isinstance(batch, Results) and [r.id for r in batch] == ["0", "x"]
    assert batch[1].outlet == "Daily" and batch.to_pandas().articles["article_id"].tolist() == ["0", "x"]
    assert json.loads(json.dumps(batch.to_dict()))[0]["sentences"][0]["text"] == "The court met."
    assert "<article" in batch.to_html()


@pytest.mark.parametrize(
    ("bad", "error", "words"),
    [("  ", ValueError, "input 0 is empty"), ({"title": "t"}, ValueError, "expected a non-empty 'text'"),
     (42, TypeError, "expected a string or a dict")],
)  # fmt: skip
def test_bad_input_says_what_was_expected(slant, bad, error, words) -> None:
    with pytest.raises(error, match=words):
        slant.predict([bad] if not isinstance(bad, str) else bad)


def test_skip_keeps_the_good_articles(slant) -> None:
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        batch = slant.predict(["The court met.", "", "Police said so."], on_error="skip")
    assert [r.id for r in batch] == ["0", "2"] and [e["index"] for e in batch.errors] == [1]
    assert any("input 1 is empty" in str(w.message) for w in seen)


def _corpus() -> pd.DataFrame:
    rows = []
    for outlet, tone in (("Daily", "calm"), ("Herald", "terrible")):
        for i in range(3):
            rows.append({"story": f"{outlet}-{i}", "paper": outlet,
                         "body": f"Mayor Ruth Calder spoke on day {i}. Critics called the tax {tone}. \"We will see,\" "
                                 f"she said."})  # fmt: skip
    return pd.DataFrame(rows)


def test_compare_a_dataframe_with_its_own_column_names(slant, tmp_path) -> None:
    cmp = slant.compare(_corpus(), outlet_col="paper", text_col="body", id_col="story", out=tmp_path / "cmp",
                        min_articles=2, bootstrap=100, permutations=100, voice="author")  # fmt: skip
    assert (tmp_path / "cmp" / "summary.json").is_file() and cmp.report.is_file()
    assert sorted(cmp.tables.articles["outlet"].unique()) == ["Daily", "Herald"]
    assert sorted(cmp.tables.articles["id"]) == sorted(_corpus()["story"])
    assert set(cmp.tables.sentences["voice"]) == {"author"}  # the quote was left out by voice="author"
    assert cmp.summary and (tmp_path / "cmp" / "tables" / "stance.csv").is_file()


def test_compare_names_a_missing_column(slant, tmp_path) -> None:
    with pytest.raises(CorpusError, match="no column 'content'.*--text-col.*body"):
        slant.compare(_corpus(), outlet_col="paper", text_col="content", out=tmp_path / "x")


@pytest.mark.parametrize(
    "module",
    ["slant.api", "slant.results", "slant.extras", "slant.compare.columns", "slant.serve.config",
     "slant.predict.profile"],
)  # fmt: skip
def test_docstring_examples_run(module) -> None:
    mod = importlib.import_module(module)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    tests = doctest.DocTestFinder().find(mod)
    for test in tests:
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.attempted > 0 and results.failed == 0


@pytest.mark.skipif(not has("onnx"), reason="slant[onnx] not installed")
def test_onnx_is_the_default_exported_once_atomically_with_a_message(tmp_path, capsys, slant) -> None:
    model = build_tiny_model(tmp_path / "model")
    fast = Slant.from_pretrained(model)
    assert fast.backend == "onnx" and "exporting" in capsys.readouterr().err
    assert (model / "model.onnx").is_file() and not list(model.glob("*.tmp"))
    Slant.from_pretrained(model)
    assert "exporting" not in capsys.readouterr().err  # reused, not exported again
    ours, theirs = fast.predict(ARTICLE), Slant.from_pretrained(model, backend="torch").predict(ARTICLE)
    assert [s.bias.label for s in ours.sentences] == [s.bias.label for s in theirs.sentences]
    assert [m.label for s in ours.sentences for m in s.stance] == [
        m.label for s in theirs.sentences for m in s.stance
    ]


def test_a_missing_extra_is_one_line_naming_the_pip_command(monkeypatch, capsys, model_dir) -> None:
    import slant.extras as extras
    from slant.serve.cli import main as serve_main

    real = extras.find_spec
    monkeypatch.setattr(
        extras, "find_spec", lambda name: None if name in ("uvicorn", "onnxruntime") else real(name)
    )
    assert serve_main(["--model", str(model_dir)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert "slant[serve]" in line and "pip install 'slant[serve]'" in line
    assert extras.default_backend() == "torch"  # without slant[onnx] the default falls back to torch
    with pytest.raises(extras.MissingExtra, match=r"pip install 'slant\[onnx\]'"):
        Slant.from_pretrained(model_dir, backend="onnx")
