"""Target-centred stance heads and name-swap augmentation, on tiny random models and tiny data."""

from __future__ import annotations

import dataclasses
import json

import pytest
import torch
import torch.nn.functional as F
from tiny_data import _dd, dot_splitter, tiny_task_data

from slant.data.schema import make_row
from slant.model import Predictor, load_model, save_model
from slant.model.config import SlantConfig
from slant.model.inputs import encode
from slant.model.tiny import build_tiny_model, save_tiny_encoder
from slant.tasks.base import Example
from slant.tasks.registry import get_task
from slant.tasks.stance import consistency_pairs, contrast_pairs, mixed_weights, name_swapped, symmetric_kl
from slant.training.config import build_config
from slant.training.data import build_examples
from slant.training.loop import Trainer, train

TEXTS = ["Mr. Xi met Trump in court on Monday.", "Tax news.", "Police said the gun law is bad, said Xi."]
SPANS = [[(0, 6), (11, 16)], [], [(0, 6), (37, 39)]]


@pytest.mark.parametrize("head", ["marker", "attention"])
def test_heads_save_load_and_batch_like_single(tmp_path, head):
    d = build_tiny_model(tmp_path / head, seed=2, stance_head=head)
    model, tok = load_model(d)
    assert model.config.stance_head == head
    enc = encode(tok, TEXTS, SPANS, stance_input="markers", max_length=64)
    with torch.no_grad():
        before = model(**enc.tensors)
    save_model(model, tok, tmp_path / "again")
    model2, tok2 = load_model(tmp_path / "again")
    with torch.no_grad():
        after = model2(**encode(tok2, TEXTS, SPANS, stance_input="markers", max_length=64).tensors)
    assert torch.equal(before["stance"], after["stance"])
    assert json.loads((tmp_path / "again/config.json").read_text())["stance_head"] == head
    # Padding never leaks into the attention: one sentence alone scores as it does in a padded batch.
    pred = Predictor.from_pretrained(d, threads=1)
    batch = pred.predict_sentences(TEXTS, SPANS)
    for i in (0, 2):
        alone = pred.predict_sentences([TEXTS[i]], [SPANS[i]])[0]
        for a, b in zip(alone.stance, batch[i].stance):
            assert abs(a - b).max() < 1e-5


def test_attention_head_reads_a_context_of_its_own_per_target(tmp_path):
    model, tok = build_tiny_model(tmp_path / "a", seed=2, stance_head="attention", save=False)
    enc = encode(tok, TEXTS[:1], SPANS[:1], stance_input="markers", max_length=64)
    t = enc.tensors
    with torch.no_grad():
        hidden, pooled = model.encode(t["input_ids"], t["attention_mask"], t.get("token_type_ids"))
        gathered = torch.gather(
            hidden, 1, t["target_positions"].unsqueeze(-1).expand(-1, -1, hidden.size(-1))
        )
        x = model._stance_input(hidden, pooled, gathered, t["attention_mask"])  # (1, 2, 2H)
    h = hidden.size(-1)
    assert x.shape == (1, 2, 2 * h)
    assert not torch.allclose(x[0, 0, h:], x[0, 1, h:])  # the two targets' contexts differ
    assert not torch.allclose(x[0, 0, h:], pooled[0])  # and neither is the sentence mean


def test_unknown_head_is_refused():
    with pytest.raises(
        ValueError, match=r"stance_head='mean'; expected one of \('concat', 'marker', 'attention'\)"
    ):
        SlantConfig(encoder={"model_type": "bert"}, stance_head="mean")
    with pytest.raises(ValueError, match="stance_head='mean' is invalid"):
        build_config({"stance_head": "mean"})


def test_name_swapped_moves_names_and_keeps_labels_by_place():
    ex = Example(
        text="Obama praised Romney, and he smiled at Clinton.",
        spans=[(0, 5), (14, 20), (39, 46)],
        stance=[1, 2, 0],
        mentions=[[], [(26, 28)], []],
    )
    sw = name_swapped(ex)
    assert sw.text == "Romney praised Obama, and he smiled at Clinton."
    assert [sw.text[a:b] for a, b in sw.spans] == ["Romney", "Obama", "Clinton"]
    assert sw.stance == [1, 2, 0] and sw.mentions == [[], [(26, 28)], []]
    assert ex.text.startswith("Obama")  # the original is untouched
    # No copy without two named targets of different labels.
    assert name_swapped(Example(text="He praised Romney.", spans=[(0, 2), (11, 17)], stance=[1, 2])) is None
    assert name_swapped(Example(text="Ann and Bo won.", spans=[(0, 3), (8, 10)], stance=[2, 2])) is None


def test_stance_swap_adds_copies_to_training_only(tmp_path):
    rows = [
        make_row(
            id="a", text="Ann Lee thanked Bo for the calm.", source="t", label=1, target_start=0, target_end=7
        ),
        make_row(
            id="b",
            text="Ann Lee thanked Bo for the calm.",
            source="t",
            label=2,
            target_start=16,
            target_end=18,
        ),
        make_row(id="c", text="Cy is bad.", source="t", label=0, target_start=0, target_end=2),
    ]
    data = {"stance": _dd({"train": rows, "dev": rows})}
    cfg = build_config({"preset": "quick", "tasks": ["stance"], "max_train_examples": 0, "stance_swap": True})
    train_ex, dev_ex = build_examples(cfg, data, dot_splitter)
    assert len(dev_ex["stance"]) == 2 and len(train_ex["stance"]) == 3
    copy = train_ex["stance"][-1]
    assert copy.text == "Bo thanked Ann Lee for the calm." and copy.stance == [1, 2]
    assert [copy.text[a:b] for a, b in copy.spans] == ["Bo", "Ann Lee"]
    off = build_config({"preset": "quick", "tasks": ["stance"], "max_train_examples": 0})
    assert len(build_examples(off, data, dot_splitter)[0]["stance"]) == 2


def test_attention_head_trains_and_is_saved_with_the_model(tmp_path):
    enc = save_tiny_encoder(tmp_path / "enc")
    cfg = build_config(
        dict(
            preset="quick",
            encoder=str(enc),
            output_dir=str(tmp_path / "m"),
            tasks=["stance"],
            max_steps=150,
            eval_every=150,
            checkpoint_every=150,
            max_train_examples=0,
            max_dev_examples=0,
            batch_size=4,
            lr=5e-3,
            head_lr=1e-2,
            warmup_ratio=0.0,
            patience=0,
            marker_augment=0.0,
            threads=1,
            seed=3,
            stance_head="attention",
        )  # fmt: skip
    )
    out = train(cfg, datasets=tiny_task_data(), splitter=dot_splitter)
    assert json.loads((out / "config.json").read_text())["stance_head"] == "attention"
    st = tiny_task_data()["stance"]["train"]
    pred = Predictor.from_pretrained(out, threads=1)
    p = pred.stance_proba(st["text"], list(zip(st["target_start"], st["target_end"])))
    assert (p.argmax(1) == st["label"]).all()


# -- mixed-polarity weights and swap consistency ---------------------------------------------------------------------

MIXED = Example(
    text="Ann Lee is great but Bo is bad.", spans=[(0, 7), (21, 23)], stance=[2, 0], mentions=[[], []]
)
PLAIN = [
    Example(text="Cy is terrible and bad.", spans=[(0, 2)], stance=[0], mentions=[[]]),
    Example(text="Di and Ed are great.", spans=[(0, 2), (7, 9)], stance=[2, 2], mentions=[[], []]),
]


@pytest.fixture(scope="module")
def stance_trainer(tmp_path_factory):
    """A Trainer on the tiny stance data (class weights on, as by default), its model in eval mode so that two
    loss calls on one batch see the same network (no dropout)."""
    enc = save_tiny_encoder(tmp_path_factory.mktemp("enc"))
    cfg = build_config(
        dict(preset="quick", encoder=str(enc), output_dir=str(tmp_path_factory.mktemp("m")), tasks=["stance"],
             max_train_examples=0, max_dev_examples=0, batch_size=4, threads=1, seed=3)
    )  # fmt: skip
    trainer = Trainer(cfg, {"stance": tiny_task_data()["stance"]}, dot_splitter)
    assert "stance" in trainer.weights  # the class weights the new options must keep working with
    trainer.model.eval()
    return trainer


def stance_loss(trainer, batch, **options):
    """StanceTask.loss with some options changed, on the trainer's one model."""
    base = trainer.config
    trainer.config = dataclasses.replace(base, **options)
    try:
        return get_task("stance").loss(trainer, batch, 0)
    finally:
        trainer.config = base


def targets(trainer, batch):
    """(stance logits, gold) per target of the batch, in the loss's order, without the task's code."""
    out, enc = trainer.forward([e.text for e in batch], [e.spans for e in batch], [e.mentions for e in batch])
    keys = [(i, j) for i, e in enumerate(batch) for j in range(len(e.spans))]
    rows, cols = zip(*(enc.slots[k] for k in keys))
    gold = torch.tensor([batch[i].stance[j] for i, j in keys])
    return out["stance"][torch.tensor(rows), torch.tensor(cols)].float(), gold


def test_default_options_compute_the_loss_as_before(stance_trainer):
    batch = [MIXED, *PLAIN, name_swapped(MIXED)]
    with torch.no_grad():
        z, gold = targets(stance_trainer, batch)
        before = F.cross_entropy(
            z, gold, weight=stance_trainer.weights["stance"]
        )  # the loss before the options
        assert torch.equal(stance_loss(stance_trainer, batch), before)
        # swap on with no consistency term is the same loss too
        assert torch.equal(stance_loss(stance_trainer, batch, stance_swap=True), before)


def test_mixed_weight_counts_only_the_targets_of_mixed_polarity_sentences(stance_trainer):
    assert mixed_weights([PLAIN[0], MIXED, PLAIN[1]], 3.0).tolist() == [1.0, 3.0, 3.0, 1.0, 1.0]
    w = stance_trainer.weights["stance"]
    with torch.no_grad():
        # No mixed sentence in the batch: the weight changes nothing.
        one, three = (stance_loss(stance_trainer, PLAIN, stance_mixed_weight=m) for m in (1.0, 3.0))
        assert torch.allclose(one, three, atol=1e-6)
        # A mixed sentence's two targets count 3 times, on top of their class weights; the rest once.
        batch = [PLAIN[0], MIXED, PLAIN[1]]
        one, three = (stance_loss(stance_trainer, batch, stance_mixed_weight=m) for m in (1.0, 3.0))
        z, gold = targets(stance_trainer, batch)
        per_target = F.cross_entropy(z, gold, reduction="none")
        a = torch.tensor([1.0, 3.0, 3.0, 1.0, 1.0]) * w[gold]
        assert torch.allclose(three, (a * per_target).sum() / a.sum(), atol=1e-6)
        assert abs(float(three - one)) > 1e-4
        # Weighted mean: the loss stays between the smallest and largest per-target loss.
        assert per_target.min() <= three <= per_target.max()


def test_symmetric_kl_is_zero_only_where_the_distributions_agree():
    z = torch.tensor([[1.0, -2.0, 0.5], [0.0, 0.0, 0.0]])
    assert torch.allclose(symmetric_kl(z, z), torch.zeros(2))
    assert torch.allclose(symmetric_kl(z, z + 4.0), torch.zeros(2), atol=1e-6)  # same softmax, other logits
    other = torch.tensor([[0.0, 1.0, 0.0], [2.0, 0.0, -1.0]])
    d = symmetric_kl(z, other)
    assert (d > 0.01).all() and torch.allclose(d, symmetric_kl(other, z))


def test_consistency_term_pairs_each_copy_with_its_original(stance_trainer):
    copy = name_swapped(MIXED)
    assert copy.swapped_from is MIXED and name_swapped(PLAIN[1]) is None
    # The original runs beside the batch when the batch lacks it, and is found in it otherwise.
    assert consistency_pairs([PLAIN[0], copy]) == ([(1, 2)], [MIXED])
    assert consistency_pairs([copy, PLAIN[0], MIXED]) == ([(0, 2)], [])
    assert consistency_pairs(PLAIN) == ([], [])
    batch = [PLAIN[0], copy]
    with torch.no_grad():
        off = stance_loss(stance_trainer, batch, stance_swap=True)
        on = stance_loss(stance_trainer, batch, stance_swap=True, stance_consistency=2.0)
        (z_copy, _), (z_orig, _) = (targets(stance_trainer, [e]) for e in (copy, MIXED))
        kl = symmetric_kl(z_copy, z_orig)
        assert (kl > 0).all()  # the random model does not yet ignore which name sits where
        assert torch.allclose(on - off, 2.0 * kl.mean(), atol=1e-5)
        # Without a copy in the batch the term adds nothing.
        assert torch.equal(
            stance_loss(stance_trainer, PLAIN, stance_swap=True, stance_consistency=2.0),
            stance_loss(stance_trainer, PLAIN, stance_swap=True),
        )


def test_consistency_loss_has_gradients_on_both_sides(stance_trainer):
    z_a = torch.tensor([[1.0, 0.0, -1.0]], requires_grad=True)
    z_b = torch.tensor([[0.0, 0.5, 0.0]], requires_grad=True)
    symmetric_kl(z_a, z_b).sum().backward()
    assert z_a.grad.abs().sum() > 0 and z_b.grad.abs().sum() > 0


def test_a_run_with_both_options_trains_and_records_them(tmp_path):
    rows = [
        make_row(id="a", text="Ann Lee thanked Bo for the calm.", source="t", label=1, target_start=0, target_end=7),
        make_row(id="b", text="Ann Lee thanked Bo for the calm.", source="t", label=2, target_start=16, target_end=18),
        make_row(id="c", text="Cy is bad.", source="t", label=0, target_start=0, target_end=2),
    ]  # fmt: skip
    cfg = build_config(
        dict(preset="quick", encoder=str(save_tiny_encoder(tmp_path / "enc")), output_dir=str(tmp_path / "m"),
             tasks=["stance"], max_steps=6, eval_every=6, checkpoint_every=6, max_train_examples=0,
             max_dev_examples=0, batch_size=1, threads=1, seed=3, stance_swap=True, stance_mixed_weight=3.0,
             stance_consistency=1.0)
    )  # fmt: skip
    trainer = Trainer(cfg, {"stance": _dd({"train": rows, "dev": rows})}, dot_splitter)
    assert [e.swapped_from is not None for e in trainer.train_ex["stance"]] == [False, False, True]
    losses = [trainer.step()[1] for _ in range(6)]  # batch_size 1: the copy is drawn without its original
    assert all(torch.isfinite(torch.tensor(losses)))
    out = trainer.run()
    saved = json.loads((out / "training_config.json").read_text())
    assert (saved["stance_mixed_weight"], saved["stance_consistency"]) == (3.0, 1.0)


def test_mixed_weight_and_consistency_are_validated():
    with pytest.raises(
        ValueError, match=r"stance_mixed_weight=0\.5 is invalid; expected a number in \[1, 100\]"
    ):
        build_config({"stance_mixed_weight": 0.5})
    with pytest.raises(
        ValueError, match=r"stance_consistency=-1\.0 is invalid; expected a number in \[0, 100\]"
    ):
        build_config({"stance_consistency": -1.0, "stance_swap": True})
    with pytest.raises(ValueError, match=r"stance_consistency=0\.5 needs stance_swap=true"):
        build_config({"stance_consistency": 0.5})
    cfg = build_config({"stance_consistency": 0.5, "stance_swap": True, "stance_mixed_weight": 3})
    assert cfg.to_dict()["stance_consistency"] == 0.5 and cfg.to_dict()["stance_mixed_weight"] == 3


def test_contrast_pairs_join_sentences_of_different_tone_and_keep_each_label():
    examples = [
        Example(text="Ann Lee won praise for her calm.", spans=[(0, 7)], stance=[2]),
        Example(
            text="The reckless Bo Cruz failed again.", spans=[(13, 20)], stance=[0], mentions=[[(4, 12)]]
        ),
        Example(text="Cy met Di.", spans=[(0, 2), (7, 9)], stance=[1, 1]),
        Example(text="Mixed: Ed good, Fay bad.", spans=[(7, 9), (16, 19)], stance=[2, 0]),  # mixed: not used
    ]
    joined = contrast_pairs(examples, 60, seed=13)
    assert len(joined) == 60 and joined == contrast_pairs(examples, 60, seed=13)
    names = {"Ann Lee": 2, "Bo Cruz": 0, "Cy": 1, "Di": 1}
    for e in joined:
        got = {e.text[a:b]: lab for (a, b), lab in zip(e.spans, e.stance)}
        assert set(got) <= set(names) and all(names[n] == lab for n, lab in got.items())
        assert len(set(e.stance)) == 2  # two halves of different tone
        assert "Ed" not in got
        if "Bo Cruz" in got:  # the other mention moves with its target
            (m,) = e.mentions[list(got).index("Bo Cruz")]
            assert e.text[m[0] : m[1]].lower() == "reckless"
    orders = {tuple(e.stance[:1]) for e in joined}
    assert len(orders) == 3  # every tone comes first somewhere
    assert any(", while the reckless" in e.text for e in joined)  # a function word after a clause connector
    assert contrast_pairs(examples[:1], 5, seed=13) == []  # one tone only: nothing to pair


def test_stance_contrast_adds_joined_inputs_to_training_only_and_is_validated():
    rows = [
        make_row(id="a", text="Ann is great.", source="t", label=2, target_start=0, target_end=3),
        make_row(id="b", text="Bo is awful.", source="t", label=0, target_start=0, target_end=2),
    ]
    data = {"stance": _dd({"train": rows, "dev": rows})}
    cfg = build_config(
        {"preset": "quick", "tasks": ["stance"], "max_train_examples": 0, "stance_contrast": 4}
    )
    train_ex, dev_ex = build_examples(cfg, data, dot_splitter)
    assert len(dev_ex["stance"]) == 2 and len(train_ex["stance"]) == 6
    assert {e.text for e in train_ex["stance"][2:]} <= {
        f"{a}{c}{b}"
        for a, b in [("Ann is great", "Bo is awful."), ("Bo is awful", "Ann is great.")]
        for c in ("; ", ", while ", ", whereas ", " \u2014 but ", ". Meanwhile, ")
    } | {"Ann is great. Bo is awful.", "Bo is awful. Ann is great."}
    with pytest.raises(ValueError, match=r"stance_contrast=-1 is invalid; expected an integer 0\.\.100000"):
        build_config({"stance_contrast": -1})
