"""Build the stance suite's cases (``eval/stance_suite/cases.jsonl``) from its hand-written sources.

The sources are ``names.yaml`` (target names per kind and split), ``handwritten.txt`` (sentences with their
targets marked ``[Name|+]``) and ``templates.yaml`` (sentence skeletons with roles and word lists). Building is
deterministic: the same sources always give the same file, and a test checks the committed file against them.

Example:
    $ python -m slant.eval.suite_build            # rewrite cases.jsonl
    $ python -m slant.eval.suite_build --check    # exit 1 when cases.jsonl is out of date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from pathlib import Path
from typing import Any

import numpy as np
import yaml

SUITE_DIR = Path(__file__).resolve().parent / "stance_suite"
CASES_FILE = SUITE_DIR / "cases.jsonl"
SPLITS = ("dev", "test")
KINDS = ("person", "org", "country")
LABELS = ("negative", "neutral", "positive")
CAPABILITIES = (
    "contrast",
    "attacker_attacked",
    "negation_hedging",
    "reported_speech",
    "neutral_mention",
    "name_swap",
)
_MARK = {"+": "positive", "-": "negative", "0": "neutral"}
_TARGET = re.compile(r"\[([^\[\]|]+)\|([+\-0])\]")
_SLOT = re.compile(r"\{([A-Za-z]+)\}")


def load_names(suite_dir: Path = SUITE_DIR) -> dict[str, dict[str, dict[str, list[str]]]]:
    """kind -> split -> {"full": [...], "short": [...]} from names.yaml."""
    names = yaml.safe_load((suite_dir / "names.yaml").read_text(encoding="utf-8"))
    if set(names) != set(KINDS):
        raise ValueError(f"names.yaml: kinds {sorted(names)}; expected {sorted(KINDS)}")
    return names


def kind_of(name: str, split: str, names: dict) -> str:
    """The kind of a target name, which must belong to `split`'s lists (dev and test names never mix)."""
    for kind in KINDS:
        pool = names[kind][split]
        if name in pool["full"] or name in (pool.get("short") or []):
            return kind
    raise ValueError(f"target name {name!r} is not in names.yaml for split {split!r}; add it there or fix it")


def parse_marked(line: str) -> tuple[str, list[dict[str, Any]]]:
    """``"[Ann|+] beat [Bo|-]."`` -> ("Ann beat Bo.", targets with name, start, end, label, role t1, t2, ...)."""
    out, targets, last = [], [], 0
    pos = 0
    for m in _TARGET.finditer(line):
        out.append(line[last : m.start()])
        pos += m.start() - last
        name = m.group(1)
        targets.append(
            {
                "name": name,
                "start": pos,
                "end": pos + len(name),
                "label": _MARK[m.group(2)],
                "role": f"t{len(targets) + 1}",
            }
        )
        out.append(name)
        pos += len(name)
        last = m.end()
    out.append(line[last:])
    text = "".join(out)
    if "[" in text or "]" in text:
        raise ValueError(f"malformed target marking in {line!r}; expected [Name|+], [Name|-] or [Name|0]")
    return text, targets


def _case(cid: str, group: str, capability: str, split: str, source: str, text: str, targets: list) -> dict:
    return {
        "id": cid,
        "capability": capability,
        "group": group,
        "split": split,
        "source": source,
        "sentence": text,
        "targets": targets,
        "twin": None,
    }


def swap_twin(case: dict[str, Any]) -> dict[str, Any]:
    """The case with its two targets' names exchanged; each label stays with its position (role), so the labels
    of the names swap."""
    a, b = case["targets"]
    s = case["sentence"]
    text = s[: a["start"]] + b["name"] + s[a["end"] : b["start"]] + a["name"] + s[b["end"] :]
    shift = len(b["name"]) - len(a["name"])
    ta = {**a, "name": b["name"], "end": a["start"] + len(b["name"]), "kind": b["kind"]}
    start_b = b["start"] + shift
    tb = {**b, "name": a["name"], "start": start_b, "end": start_b + len(a["name"]), "kind": a["kind"]}
    twin = _case(
        case["id"] + "-swap",
        case["group"],
        "name_swap",
        case["split"],
        case["source"],
        text,
        [ta, tb],
    )
    twin["twin"] = case["id"]
    return twin


def _swappable(targets: list[dict[str, Any]]) -> bool:
    return (
        len(targets) == 2
        and targets[0]["kind"] == targets[1]["kind"]
        and targets[0]["label"] != targets[1]["label"]
    )


def hand_cases(suite_dir: Path = SUITE_DIR, names: dict | None = None) -> list[dict[str, Any]]:
    """Cases of handwritten.txt (plus their name-swapped twins)."""
    names = names or load_names(suite_dir)
    cases: list[dict[str, Any]] = []
    group = capability = split = None
    n = 0
    path = suite_dir / "handwritten.txt"
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or (line.startswith("#") and not line.startswith("##")):
            continue
        if line.startswith("##"):
            parts = [p.strip() for p in line[2:].split("|")]
            if len(parts) != 3 or parts[1] not in CAPABILITIES or parts[2] not in SPLITS:
                raise ValueError(f"{path}:{lineno}: expected '## GROUP | CAPABILITY | SPLIT', found {line!r}")
            group, capability, split = parts
            n = 0
            continue
        if group is None:
            raise ValueError(f"{path}:{lineno}: a case before any '## GROUP | CAPABILITY | SPLIT' header")
        noswap = line.endswith("!noswap")
        text, targets = parse_marked(line.removesuffix("!noswap").strip())
        if not targets:
            raise ValueError(f"{path}:{lineno}: no [Name|label] target in {line!r}")
        for t in targets:
            t["kind"] = kind_of(t["name"], split, names)
        n += 1
        case = _case(f"{group}-{n:03d}", group, capability, split, "hand", text, targets)
        cases.append(case)
        if not noswap and _swappable(targets):
            twin = swap_twin(case)
            case["twin"] = twin["id"]
            cases.append(twin)
    return cases


def _fill(text: str, values: dict[str, str], roles: dict[str, str], kind: str) -> tuple[str, list[dict]]:
    out, targets, last, pos = [], [], 0, 0
    for m in _SLOT.finditer(text):
        out.append(text[last : m.start()])
        pos += m.start() - last
        slot, value = m.group(1), values[m.group(1)]
        if slot in roles:
            targets.append(
                {
                    "name": value,
                    "start": pos,
                    "end": pos + len(value),
                    "label": roles[slot],
                    "role": slot,
                    "kind": kind,
                }
            )
        out.append(value)
        pos += len(value)
        last = m.end()
    out.append(text[last:])
    return "".join(out), targets


def template_cases(suite_dir: Path = SUITE_DIR, names: dict | None = None) -> list[dict[str, Any]]:
    """Cases of templates.yaml: `n` per family, kinds in turn, names and words drawn with a per-family seed."""
    names = names or load_names(suite_dir)
    families = yaml.safe_load((suite_dir / "templates.yaml").read_text(encoding="utf-8"))
    cases: list[dict[str, Any]] = []
    for fam in families:
        fid, split, capability = fam["family"], fam["split"], fam["capability"]
        if split not in SPLITS or capability not in CAPABILITIES:
            raise ValueError(f"family {fid}: split {split!r} / capability {capability!r} unknown")
        roles = {r: {"+": "positive", "-": "negative"}.get(v, v) for r, v in fam["roles"].items()}
        if any(v not in LABELS for v in roles.values()):
            raise ValueError(f"family {fid}: role labels {roles}; expected each in {LABELS}")
        slots = _SLOT.findall(fam["text"])
        missing = [s for s in slots if s not in roles and s not in fam.get("words", {})]
        if missing or any(slots.count(r) != 1 for r in roles):
            raise ValueError(
                f"family {fid}: slots {missing} have no words, or a role is not used exactly once"
            )
        rng = np.random.default_rng(zlib.crc32(fid.encode()))
        seen: set[str] = set()
        for k in range(int(fam["n"])):
            kind = fam["kinds"][k % len(fam["kinds"])]
            pool = names[kind][split]["full"]
            for _ in range(100):  # redraw a sentence the family already produced
                picked = rng.choice(len(pool), size=len(roles), replace=False)
                values = {r: pool[i] for r, i in zip(roles, picked)}
                for slot, words in (fam.get("words") or {}).items():
                    values[slot] = str(words[int(rng.integers(len(words)))])
                text, targets = _fill(fam["text"], values, roles, kind)
                if text not in seen:
                    break
            seen.add(text)
            case = _case(f"{fid}-{k + 1:03d}", fid, capability, split, "template", text, targets)
            cases.append(case)
            if fam.get("swap") and k % 2 == 0 and _swappable(targets):
                twin = swap_twin(case)
                case["twin"] = twin["id"]
                cases.append(twin)
    return cases


def build_cases(suite_dir: Path = SUITE_DIR) -> list[dict[str, Any]]:
    """Every case: hand-written first, then templated, each group's twins next to their originals."""
    names = load_names(suite_dir)
    return hand_cases(suite_dir, names) + template_cases(suite_dir, names)


def dumps(cases: list[dict[str, Any]]) -> str:
    return "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in cases)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m slant.eval.suite_build", description=__doc__.splitlines()[0])
    p.add_argument("--check", action="store_true", help="only check that cases.jsonl matches its sources")
    args = p.parse_args(argv)
    text = dumps(build_cases())
    if args.check:
        current = CASES_FILE.read_text(encoding="utf-8") if CASES_FILE.is_file() else ""
        if current != text:
            print(f"{CASES_FILE} is out of date; run python -m slant.eval.suite_build", file=sys.stderr)
            return 1
        print(f"{CASES_FILE} matches its sources")
        return 0
    CASES_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10))} cases to {CASES_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
