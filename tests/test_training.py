"""Training on a tiny random BERT and tiny data: heads learn, resume is exact, configs are validated."""

from __future__ import annotations

import json

import datasets
import numpy as np
import pytest
import torch
from safetensors.torch import load_file
from tiny_data import dot_splitter, tiny_task_data

from slant.data.labels import FRAME_LABELS, GVFC_FRAMES
from slant.data.schema import FEATURES, make_row, mention_spans
from slant.model import Predictor
from slant.model.card import write_model_card
from slant.model.tiny import save_tiny_encoder
from slant.tasks.frames_prose import article_examples, gold_frame_nll
from slant.tasks.registry import get_task
from slant.training.checkpoint import ResumeError, checkpoint_dir
from slant.training.config import build_config, read_config_file
from slant.training.data import frame_pos_weights, frame_prior_logits, task_probabilities
from slant.training.dev_metrics import weighted_mean
from slant.training.loop import Trainer, train


@pytest.fixture(scope="module")
def encoder_dir(tmp_path_factory):
    return save_tiny_encoder(tmp_path_factory.mktemp("enc"))


def tiny_config(encoder_dir, out, **kw):
    base = dict(
        preset="quick",
        encoder=str(encoder_dir),
        output_dir=str(out),
        max_steps=12,
        eval_every=6,
        checkpoint_every=6,
        max_train_examples=0,
        max_dev_examples=0,
        batch_size=4,
        articles_per_step=2,
        lr=1e-3,
        head_lr=3e-3,
        warmup_ratio=0.0,
        patience=0,
        task_temperature=1.0,
        marker_augment=0.0,
        threads=1,
        seed=3,
    )
    return build_config({**base, **kw})


def overfit_config(encoder_dir, out, steps, every, **kw):
    """A tiny run with learning rates high enough to fit the handful of tiny examples in `steps` steps."""
    return tiny_config(
        encoder_dir,
        out,
        max_steps=steps,
        eval_every=every,
        checkpoint_every=every,
        lr=5e-3,
        head_lr=1e-2,
        **kw,
    )


def stance_train_accuracy(pred: Predictor) -> float:
    """Share of the tiny stance training targets the model labels correctly."""
    st = tiny_task_data()["stance"]["train"]
    more = [mention_spans(m) for m in st["mentions"]]
    stance = pred.stance_proba(st["text"], list(zip(st["target_start"], st["target_end"])), mentions=more)
    return float((stance.argmax(1) == np.array(st["label"])).mean())


@pytest.mark.slow  # 400 steps; the one-target-per-pass test below shows a head learning in the default run
def test_each_head_overfits_a_handful_of_examples(encoder_dir, tmp_path):
    config = overfit_config(encoder_dir, tmp_path / "m", 400, 200)
    out = train(config, datasets=tiny_task_data(), splitter=dot_splitter)
    pred = Predictor.from_pretrained(out, threads=1)
    data = tiny_task_data()
    assert stance_train_accuracy(pred) == 1.0
    b = data["bias"]["train"]
    assert (pred.bias_proba(b["text"]).argmax(1) == np.array(b["label"])).all()
    g = data["frames_gvfc"]["train"]
    gvfc = [FRAME_LABELS.index(f) for f in GVFC_FRAMES]  # the other five frames are masked out of GVFC's loss
    assert ((pred.frames_proba(g["text"])[:, gvfc] > 0.5) == np.array(g["frames"], dtype=bool)[:, gvfc]).all()
    arts = [dot_splitter(t) for t in data["frames_semeval"]["train"]["text"]]
    gold = np.array(data["frames_semeval"]["train"]["frames"], dtype=bool)
    assert ((pred.article_frames_proba(arts) > 0.5) == gold).mean() > 0.95
    info = json.loads((out / "run_info.json").read_text())
    assert info["seed"] == 3 and info["steps"] == 400 and info["peak_memory_mb"] > 0
    assert info["train_examples"] == {
        "stance": 4,
        "bias": 4,
        "frames_gvfc": 4,
        "frames_semeval": 3,
        "frames_prose": 4,
        "frames_distill": 3,
    }
    assert "Intended use" in (out / "README.md").read_text()


@pytest.mark.parametrize("stance_input", ["marker_each", "marker_coref"])
def test_one_target_per_pass_inputs_train_and_are_saved_with_the_model(encoder_dir, tmp_path, stance_input):
    config = overfit_config(
        encoder_dir, tmp_path / "each", 150, 150, tasks=("stance",), stance_input=stance_input
    )
    out = train(config, datasets=tiny_task_data(), splitter=dot_splitter)
    assert json.loads((out / "config.json").read_text())["stance_input"] == stance_input
    assert stance_train_accuracy(Predictor.from_pretrained(out, threads=1)) == 1.0


def test_killed_and_resumed_run_ends_with_the_same_weights(encoder_dir, tmp_path):
    full = train(
        tiny_config(encoder_dir, tmp_path / "full"), datasets=tiny_task_data(), splitter=dot_splitter
    )

    def kill_after_checkpoint(step):
        if step == 7:  # the checkpoint at step 6 exists; step 7 is lost, as in a real kill
            raise KeyboardInterrupt

    config = tiny_config(encoder_dir, tmp_path / "resumed")
    with pytest.raises(KeyboardInterrupt):
        train(config, datasets=tiny_task_data(), splitter=dot_splitter, stop_hook=kill_after_checkpoint)
    resumed = Trainer(config, tiny_task_data(), dot_splitter).run(resume=True)
    a = load_file(str(checkpoint_dir(full) / "last/state.safetensors"))
    b = load_file(str(checkpoint_dir(resumed) / "last/state.safetensors"))
    for key in a:
        if key.startswith("model."):
            assert torch.equal(a[key], b[key]), key
    # Resumable state sits beside the model directory; the model's files are readable by the group and others.
    assert not (full / "checkpoints").exists() and checkpoint_dir(full) == tmp_path / "full.checkpoints"
    assert (full / "model.safetensors").stat().st_mode & 0o044 == 0o044


def test_resume_with_changed_options_is_refused_with_what_changed(encoder_dir, tmp_path):
    config = tiny_config(encoder_dir, tmp_path / "run", max_steps=6)
    train(config, datasets=tiny_task_data(), splitter=dot_splitter)
    changed = tiny_config(encoder_dir, tmp_path / "run", max_steps=6, lr=2e-3, threads=2)
    with pytest.raises(
        ResumeError, match=r"other options \(lr: 0\.001 -> 0\.002\); expected the same options"
    ):
        Trainer(changed, tiny_task_data(), dot_splitter).run(resume=True)
    mixed = tiny_config(encoder_dir, tmp_path / "run", max_steps=6, stance_mixed_weight=3.0)
    with pytest.raises(ResumeError, match=r"other options \(stance_mixed_weight: 1\.0 -> 3\.0\)"):
        Trainer(mixed, tiny_task_data(), dot_splitter).run(resume=True)
    # a time budget or thread count may change: the run resumes (and, at max_steps already, just finishes)
    budget = tiny_config(encoder_dir, tmp_path / "run", max_steps=6, max_minutes=5.0, threads=2)
    assert Trainer(budget, tiny_task_data(), dot_splitter).run(resume=True) == tmp_path / "run"


def test_a_checkpoint_from_before_the_stance_loss_options_resumes_only_at_their_neutral_values():
    from slant.training.checkpoint import config_changes

    now = build_config({}).to_dict()
    before = {k: v for k, v in now.items() if k not in ("stance_mixed_weight", "stance_consistency")}
    assert config_changes(before, now) == []
    swap = build_config({"stance_swap": True, "stance_consistency": 0.5}).to_dict()
    assert config_changes({**before, "stance_swap": True}, swap) == ["stance_consistency: 0.0 -> 0.5"]
    assert config_changes(now, {**now, "stance_mixed_weight": 2.0}) == ["stance_mixed_weight: 1.0 -> 2.0"]


def test_training_and_evaluation_build_the_same_semeval_bags(encoder_dir, tmp_path):
    """The article bags training learns from are the ones evaluation scores (one rule, `article_bag`)."""
    from slant.eval.testsets import model_logits, task_data
    from slant.tasks.frames_semeval import split_text
    from slant.training.data import build_examples

    data = tiny_task_data()
    long_text = " ".join(f"Sentence number {i} is here." for i in range(30))
    semeval = data["frames_semeval"].map(
        lambda r, i: {"text": long_text} if i == 0 else {}, with_indices=True
    )
    datasets = {"frames_semeval": semeval}
    config = tiny_config(encoder_dir, tmp_path / "m", tasks=("frames_semeval",), article_sentences=5)
    train_ex, dev_ex = build_examples(config, datasets, split_text)

    class Recorder:  # stands in for a Predictor and keeps the bags it is asked to score
        bags: list[list[str]] = []

        def article_frames_logits(self, articles, progress=False):
            self.bags.extend(articles)
            return np.zeros((len(articles), len(FRAME_LABELS)), np.float32)

    td = task_data("frames_semeval", {**semeval, "semeval2023_en": semeval["train"]})
    rec = Recorder()
    model_logits(rec, td, "train", article_cap=config.article_sentences)
    assert rec.bags == [e.sentences for e in train_ex["frames_semeval"]]
    assert len(rec.bags[0]) == 5 and rec.bags[0][0] == "Sentence number 0 is here."


def test_same_seed_same_result(encoder_dir, tmp_path):
    outs = [
        train(
            tiny_config(encoder_dir, tmp_path / f"r{i}", max_steps=6),
            datasets=tiny_task_data(),
            splitter=dot_splitter,
        )
        for i in range(2)
    ]
    a, b = (load_file(str(o / "model.safetensors")) for o in outs)
    assert all(torch.equal(a[k], b[k]) for k in a)
    for row in json.loads((outs[0] / "run_info.json").read_text())["dev_history"]:
        tasks = [v for k, v in row.items() if k not in ("step", "mean", "weighted")]
        assert len(tasks) == 5 and min(tasks) - 1e-9 <= row["weighted"] <= max(tasks) + 1e-9


def test_train_seed_changes_the_draws_not_the_data(encoder_dir, tmp_path):
    """train_seed = seed is the default run; another train_seed gives other weights from the same examples."""
    same = build_config({"seed": 13, "train_seed": 13})
    assert same.draw_seed == 13 and build_config({"seed": 13}).draw_seed == 13
    outs = [
        train(
            tiny_config(encoder_dir, tmp_path / f"s{s}", max_steps=4, train_seed=s),
            datasets=tiny_task_data(),
            splitter=dot_splitter,
        )
        for s in (-1, 3, 4)  # tiny_config's seed is 3
    ]
    default, same, other = (load_file(str(o / "model.safetensors")) for o in outs)
    assert all(torch.equal(default[k], same[k]) for k in default)
    assert not all(torch.equal(default[k], other[k]) for k in default)
    infos = [json.loads((o / "run_info.json").read_text()) for o in (outs[0], outs[2])]
    assert [(i["seed"], i["train_seed"]) for i in infos] == [(3, 3), (3, 4)]
    assert "seed 3, " in (outs[0] / "README.md").read_text()
    assert "seed 3 (training draws seeded 4), " in (outs[2] / "README.md").read_text()


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"lr": 3.0}, "lr=3.0 is invalid; expected a number in (0, 1)"),
        ({"batch_size": 0}, "batch_size=0 is invalid; expected 1..1024"),
        ({"tasks": ["stance", "sarcasm"]}, "expected a non-empty subset of"),
        ({"preset": "huge"}, "preset='huge' is invalid; expected one of ('quick', 'full')"),
        (
            {"stance_input": "concat"},
            "stance_input='concat' is invalid; expected one of ('markers', 'marker_each', 'marker_coref', 'pair')",
        ),
        ({"learning_rate": 1e-4}, "unknown training option(s) ['learning_rate']"),
        ({"task_weights": {"sarcasm": 1.0}}, "expected TASK=W pairs with TASK in"),
        ({"task_weights": {"bias": 0}}, "task_weights={'bias': 0} is invalid"),
        ({"task_weights": {"bias": True}}, "task_weights={'bias': True} is invalid"),
        ({"task_weights": "bias"}, "task_weights='bias' is invalid; expected a mapping TASK -> weight"),
        ({"selection": "max"}, "selection='max' is invalid; expected weighted or mean"),
        ({"frames_rank_weight": -0.5}, "frames_rank_weight=-0.5 is invalid; expected 0..10"),
        ({"train_seed": -2}, "train_seed=-2 is invalid; expected an integer >= -1 (-1 = seed)"),
    ],
)
def test_bad_config_values_fail_with_their_message(override, message):
    with pytest.raises(ValueError) as err:
        build_config(override)
    assert message in str(err.value)


def test_flags_and_config_file_give_the_same_config(tmp_path):
    import argparse

    from slant.training.cli import main  # noqa: F401  (the CLI parses through the same functions)
    from slant.training.config import add_arguments, config_from_args

    (tmp_path / "c.yaml").write_text(
        "preset: quick\nlr: 0.0002\ntasks: [bias, stance]\nmax_steps: 7\ntask_weights: {bias: 0.5}\n"
    )
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    from_file = config_from_args(parser.parse_args(["--config", str(tmp_path / "c.yaml")]))
    from_flags = config_from_args(
        parser.parse_args(
            ["--preset", "quick", "--lr", "0.0002", "--tasks", "bias", "stance", "--max-steps", "7"]
            + ["--task-weights", "bias=0.5"]
        )
    )
    assert from_file == from_flags
    stance = config_from_args(
        parser.parse_args(["--stance-swap", "--stance-mixed-weight", "3", "--stance-consistency", "0.5"])
    )
    assert (stance.stance_swap, stance.stance_mixed_weight, stance.stance_consistency) == (True, 3.0, 0.5)
    assert "--stance-mixed-weight" in parser.format_help() and "--stance-consistency" in parser.format_help()
    assert from_flags.task_weights == {"bias": 0.5}
    with pytest.raises(ValueError, match="'bias' is not KEY=NUMBER; expected e.g. bias=0.6"):
        config_from_args(parser.parse_args(["--task-weights", "bias"]))
    assert read_config_file(tmp_path / "c.yaml")["max_steps"] == 7


def test_cli_reports_a_bad_value_without_traceback(capsys):
    from slant.training.cli import main

    assert main(["--max-steps", "0"]) == 2
    assert "max_steps=0 is invalid; expected 1..10^7" in capsys.readouterr().err


def test_frame_pos_weights_lift_rare_frames_and_leave_unseen_ones_alone():
    frames = np.zeros((100, 3), np.float32)
    frames[:50, 0] = 1  # balanced
    frames[:4, 1] = 1  # rare: sqrt(96 / 4) ~ 4.9
    w = frame_pos_weights(frames)  # column 2 never positive
    assert w[0] == pytest.approx(1.0) and w[1] == pytest.approx(np.sqrt(96 / 4)) and w[2] == 1.0
    assert frame_pos_weights(frames, cap=2.0)[1] == 2.0


def test_task_weights_scale_the_temperature_sampling_odds():
    sizes = {"stance": 400, "bias": 100}
    plain = task_probabilities(sizes, 2.0)
    assert plain["stance"] / plain["bias"] == pytest.approx(2.0)  # sqrt(400 / 100)
    weighted = task_probabilities(sizes, 2.0, {"bias": 0.5})
    assert weighted["stance"] / weighted["bias"] == pytest.approx(4.0)
    assert sum(weighted.values()) == pytest.approx(1.0)


def test_frame_prior_logits_minimise_weighted_bce_and_fill_unlabelled_frames():
    frames = np.zeros((10, 3), np.float32)
    frames[:2, 0] = 1
    frames[:5, 1] = 1
    mask = np.ones_like(frames)
    mask[:, 2] = 0  # never labelled
    prior = frame_prior_logits(frames, mask, np.array([2.0, 1.0, 1.0]))
    assert prior[0] == pytest.approx(np.log(2.0 * 2 / 8)) and prior[1] == pytest.approx(0.0)
    assert prior[2] == pytest.approx(prior[:2].mean())
    # the constant logit it returns is where the weighted BCE's gradient is zero
    z = torch.tensor(float(prior[0]), requires_grad=True)
    y = torch.tensor(frames[:, 0])
    torch.nn.functional.binary_cross_entropy_with_logits(
        z.expand(10), y, pos_weight=torch.tensor(2.0)
    ).backward()
    assert abs(z.grad.item()) < 1e-6


def test_trainer_starts_the_frames_head_at_the_gvfc_prior(encoder_dir, tmp_path):
    trainer = Trainer(
        tiny_config(encoder_dir, tmp_path / "m", tasks=["frames_gvfc"]),
        datasets=tiny_task_data(),
        splitter=dot_splitter,
    )
    ex = trainer.train_ex["frames_gvfc"]
    expected = frame_prior_logits(
        np.stack([e.frames for e in ex]),
        np.stack([e.frame_mask for e in ex]),
        trainer.weights["frames_gvfc"].numpy(),
    )
    assert np.allclose(trainer.model.frames_head.net[-1].bias.detach().numpy(), expected)
    assert (
        np.abs(expected).min() > 0.1
    )  # not the zero a fresh head starts at: frames are rare in the tiny data


def test_gold_frame_nll_is_minus_log_the_softmax_mass_on_the_gold_frames():
    z = torch.tensor([[0.0, float(np.log(3.0)), 0.0], [5.0, 0.0, 0.0], [1.0, 2.0, 3.0]], requires_grad=True)
    gold = torch.tensor([[0.0, 1.0, 0.0], [0.0, 0.0, 0.0], [1.0, 0.0, 1.0]])
    # row 1: mass 3/5 on its gold frame; row 2 has no frame and is left out; row 3: (e + e^3) / (e + e^2 + e^3)
    want = (np.log(5 / 3) + np.log((np.e + np.e**2 + np.e**3) / (np.e + np.e**3))) / 2
    loss = gold_frame_nll(z, gold)
    assert loss.item() == pytest.approx(want, rel=1e-6)
    loss.backward()
    assert z.grad[1].abs().sum().item() == 0.0 and z.grad[0, 1].item() < 0 < z.grad[0, 0].item()
    none = gold_frame_nll(z, torch.zeros_like(gold))
    assert none.item() == 0.0 and none.requires_grad


def test_the_rank_term_adds_to_the_prose_loss_only_when_weighted(encoder_dir, tmp_path):
    losses = {}
    for weight in (0.0, 0.5):
        config = tiny_config(
            encoder_dir, tmp_path / str(weight), tasks=["frames_prose"], frames_rank_weight=weight
        )
        trainer = Trainer(config, datasets=tiny_task_data(), splitter=dot_splitter)
        task, batch = get_task("frames_prose"), trainer.train_ex["frames_prose"][:4]
        trainer.model.eval()  # no dropout: both losses read the same logits
        with torch.no_grad():
            z, gold, mask = task.frame_batch(trainer, batch, 0)
            losses[weight] = (
                task.loss(trainer, batch, 0).item(),
                task.frame_bce(trainer, z, gold, mask).item(),
            )
            nll = gold_frame_nll(z, gold).item()
    assert losses[0.0][0] == pytest.approx(losses[0.0][1])
    assert nll > 0 and losses[0.5][0] == pytest.approx(losses[0.5][1] + 0.5 * nll, rel=1e-5)


def test_weighted_mean_lets_a_small_dev_set_count_less():
    scores = {"stance": 0.8, "frames_semeval": 0.2, "bias": 0.5}
    items = {"stance": 900, "frames_semeval": 36, "bias": 0}  # bias scored nothing: left out
    assert weighted_mean(scores, items) == pytest.approx((30 * 0.8 + 6 * 0.2) / 36)
    assert weighted_mean(scores, {}) == 0.0


@pytest.mark.parametrize(("selection", "best_step"), [("mean", 3), ("weighted", 6)])
def test_the_configured_dev_score_picks_the_saved_checkpoint(
    encoder_dir, tmp_path, monkeypatch, selection, best_step
):
    # step 3: better plain mean (the small task spikes); step 6: better weighted score (the large task gains)
    scripted = iter(
        [
            {"stance": 0.60, "frames_semeval": 0.90, "mean": 0.75, "weighted": 0.65},
            {"stance": 0.70, "frames_semeval": 0.60, "mean": 0.65, "weighted": 0.69},
        ]
    )
    monkeypatch.setattr("slant.training.loop.dev_scores", lambda *a, **k: next(scripted))
    out = train(
        tiny_config(encoder_dir, tmp_path / selection, max_steps=6, eval_every=3, selection=selection),
        datasets=tiny_task_data(),
        splitter=dot_splitter,
    )
    info = json.loads((out / "run_info.json").read_text())
    assert info["selection"] == selection and info["best_step"] == best_step
    assert json.loads((out / "dev_metrics.json").read_text())["step"] == best_step
    assert info["best_dev_score"] == pytest.approx(0.75 if selection == "mean" else 0.69)
    card = (out / "README.md").read_text()
    assert f"Best dev {selection} score" in card and "Reselected" not in card
    info["reselected"] = "picked again from the saved dev history"
    (out / "run_info.json").write_text(json.dumps(info))
    write_model_card(out)
    assert (
        "Reselected after the run: picked again from the saved dev history."
        in (out / "README.md").read_text()
    )


def test_a_linear_article_head_is_fitted_after_training_and_read_by_every_path(encoder_dir, tmp_path):
    """article_frames="linear": the head is fitted on the SemEval training bags once the checkpoint is picked,
    saved with the model, and article frames (Predictor and predict) are the mean of its sentence outputs."""
    import torch

    from slant.predict.pipeline import ArticlePipeline
    from slant.training.article_head import article_vectors

    config = tiny_config(
        encoder_dir, tmp_path / "lin", tasks=("frames_semeval", "frames_gvfc"), article_frames="linear"
    )
    out = train(config, datasets=tiny_task_data(), splitter=dot_splitter)
    info = json.loads((out / "run_info.json").read_text())
    assert info["article_head"]["articles"] == 3 and info["article_head"]["C"] in (0.01, 0.03, 0.1, 0.3, 1.0)
    pred = Predictor.from_pretrained(out, threads=1)
    assert pred.config.article_frames == "linear" and pred.model.article_head.weight.abs().sum() > 0
    arts = [dot_splitter(t) for t in tiny_task_data()["frames_semeval"]["train"]["text"]]
    vec = article_vectors(pred, arts)
    with torch.no_grad():
        direct = pred.model.article_head(torch.from_numpy(vec)).numpy()
    np.testing.assert_allclose(
        pred.article_frames_logits(arts), direct, atol=1e-4
    )  # linear map of the mean vector
    pipe = ArticlePipeline.from_pretrained(out, backend="torch")
    article = {"id": "a", "text": " ".join(arts[0])}
    res, prep = pipe.score_article(article), pipe.prepare(article)
    preds = pipe._predict_unique([s.text for s in prep.sentences], prep.spans(), prep.other_mentions())
    mean_article = np.stack([q.article_logits for q in preds]).mean(0)  # every sentence is in the bag here
    p = np.array([res["summary"]["article_frames"][f] for f in FRAME_LABELS])
    np.testing.assert_allclose(p, pred._sigmoid(mean_article, "frames_article"), atol=1e-3)
    pooled = pred._sigmoid(
        pred.model.pool_article_frames(torch.from_numpy(np.stack([q.frame_logits for q in preds]))).numpy(),
        "frames_article",
    )
    assert np.abs(p - pooled).max() > 1e-2  # not the pooled frames head
    # a run without SemEval articles has no article head to fit and keeps the pooled frames
    plain = train(tiny_config(encoder_dir, tmp_path / "nosem", tasks=("bias",), article_frames="linear"),
                  datasets=tiny_task_data(), splitter=dot_splitter)  # fmt: skip
    assert json.loads((plain / "config.json").read_text())["article_frames"] == "pool"


def prose_with_articles():
    """The tiny prose rows with an ``articles`` part: each article is its two annotated sentences and two more."""
    data = tiny_task_data()
    rows = list(data["frames_prose"]["train"])
    articles = []
    for a in sorted({r["article_id"] for r in rows}):
        own = [r["text"] for r in rows if r["article_id"] == a]
        text = f"{own[0]}. the weather was mild. {own[1]}. officials met again."
        articles.append(make_row(id=a, text=text, source="tiny"))
    parts = {k: list(v) for k, v in data["frames_prose"].items()}
    data["frames_prose"] = datasets.DatasetDict(
        {
            k: datasets.Dataset.from_list(v, features=FEATURES)
            for k, v in {**parts, "articles": articles}.items()
        }
    )
    return data


def test_prose_articles_become_training_bags_with_unannotated_rows_masked():
    dd = prose_with_articles()["frames_prose"]
    articles = {
        a: tuple(s for s in dot_splitter(t)) for a, t in zip(dd["articles"]["id"], dd["articles"]["text"])
    }
    bags = article_examples(dd["train"], articles, cap=3)
    assert [b.sentences for b in bags] == [
        ["the tax cut costs jobs", "the weather was mild", "police arrested the suspect"],
        ["the senator spoke on tuesday", "the weather was mild", "voters protested the party vote"],
    ]  # both annotated sentences kept, the others in article order up to the cap
    first = bags[0]
    assert first.frame_mask[:, 0].tolist() == [1.0, 0.0, 1.0] and first.frames[1].sum() == 0
    assert first.frames[2, FRAME_LABELS.index("Crime_and_punishment")] == 1.0
    with pytest.raises(ValueError, match="article 'art0' is not among the articles read"):
        article_examples(dd["train"], {"art1": articles["art1"]})


def test_prose_trained_in_context_is_scored_on_its_sentences_plus_the_article_pool(encoder_dir, tmp_path):
    config = tiny_config(
        encoder_dir, tmp_path, tasks=["frames_prose"], frames_context_training=True, frame_context=0.5
    )
    trainer = Trainer(config, datasets=prose_with_articles(), splitter=dot_splitter)
    task, bags = get_task("frames_prose"), trainer.train_ex["frames_prose"]
    assert len(bags) == 2 and all(len(b.sentences) == 4 for b in bags)  # whole tiny articles
    assert task.batch_size(config) == config.articles_per_step
    assert task.sampling_size(bags) == 4  # drawn by its annotated sentences, as when they come one by one
    rows = np.stack([r["frames"] for r in tiny_task_data()["frames_prose"]["train"]]).astype(np.float32)
    assert trainer.weights["frames_prose"].tolist() == frame_pos_weights(rows).tolist()  # annotated rows only
    trainer.model.eval()
    with torch.no_grad():
        loss = task.loss(trainer, bags, 0).item()
        z_rows, gold, mask = [], [], []
        for (
            b
        ) in bags:  # by hand: each sentence's logits plus 0.5 x the article's LSE pool, annotated rows only
            out, _ = trainer.forward(b.sentences, None)
            z = out["frames"].float()
            r = trainer.model.config.lse_r
            pool = (torch.logsumexp(r * z, 0) - np.log(len(z))) / r
            keep = torch.from_numpy(b.frame_mask.any(1))
            z_rows.append((z + 0.5 * pool)[keep])
            gold.append(torch.from_numpy(b.frames)[keep])
            mask.append(torch.from_numpy(b.frame_mask)[keep])
        want = task.frame_bce(trainer, torch.cat(z_rows), torch.cat(gold), torch.cat(mask)).item()
    assert loss == pytest.approx(want, rel=1e-5)
    trainer.model.train()
    before = trainer.model.encoder.embeddings.word_embeddings.weight.detach().clone()
    trainer.run()
    assert not torch.equal(before, trainer.model.encoder.embeddings.word_embeddings.weight.detach())


def test_training_prose_in_context_needs_a_context_weight_and_the_articles(encoder_dir, tmp_path):
    with pytest.raises(ValueError, match="found frame_context=0.0, expected frame_context > 0"):
        build_config({"frames_context_training": True, "frame_context": 0.0})
    config = tiny_config(
        encoder_dir, tmp_path, tasks=["frames_prose"], frames_context_training=True, frame_context=0.25
    )
    with pytest.raises(ValueError, match="expected an 'articles' part"):
        Trainer(config, datasets=tiny_task_data(), splitter=dot_splitter)
