"""The page-robustness suite: how well cleaning, titles and targets hold up on articles pasted from news pages.

Each page of ``tests/fixtures/pages/`` (and of its ``blind/`` slice, written later by someone else) is a
``NAME.txt``, the same article as ``NAME.html``, and ``NAME.expected.json`` (format: the README.md there). Both
inputs go through exactly what `slant predict` does before the model (``slant.predict.prepare``), so no model
is needed. Scores, pooled over pages (micro averages):

* removal precision / recall: over the expected lines (the headline excepted), a line counts as removed when no
  paragraph of the cleaned text is it or the larger part of it; positives are lines expected removed;
* reason accuracy: of the lines rightly removed by the cleaner, the share whose reason maps to the expected class;
* dateline accuracy: lines whose dateline was cut leaving exactly the expected prose;
* title accuracy: the result's title equals the expected headline (None for a page without one);
* target precision / recall: found targets whose canonical name matches an expected one;
* alias-merge accuracy: of the expected aliases of matched targets, the share merged into that target.

Example:
    $ slant pages                       # the main suite and blind/, one table each
    $ slant pages --verbose             # plus every miss, page by page
"""

from __future__ import annotations

import argparse
import copy
import functools
import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.text.aliases import BUILTIN_ALIASES

PROG = "slant pages"
EXPECT = ("keep", "remove", "title")
CLASSES = (
    "masthead byline timestamp caption credit video newsletter share related sponsored ad disclaimer copyright "
    "cookie pullquote embed navigation"
).split()
# A surviving paragraph that is at least this share of a line (and inside it) keeps that line.
SURVIVE_SHARE = 0.5
TARGETS = {
    "removal_precision": 0.98,
    "removal_recall": 0.95,
    "title_accuracy": 0.95,
    "target_precision": 0.90,
    "target_recall": 0.85,
}
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-", "\u00a0": " "})


class PageSuiteError(ValueError):
    """A malformed page: the message names the file and what was expected."""


def default_suite_dir() -> Path:
    here = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "pages"
    return here if here.is_dir() else Path("tests/fixtures/pages")


def plain(text: str) -> str:
    """Whitespace collapsed, typographic quotes and dashes made plain: the form lines are compared in."""
    return " ".join(text.translate(_QUOTES).split())


def name_key(name: str) -> str:
    """Canonical names match case-insensitively, without a leading "the" or punctuation ("U.S." == "US")."""
    key = re.sub(r"[^\w\s]", "", plain(name).casefold())
    return re.sub(r"^the\s+", "", " ".join(key.split()))


@dataclass
class Page:
    id: str
    expected: dict[str, Any]
    txt: str
    html: str | None


def _check_expected(exp: Any, where: Path) -> None:
    def bad(msg: str) -> PageSuiteError:
        return PageSuiteError(f"{where}: {msg}")

    if not isinstance(exp, dict) or not isinstance(exp.get("lines"), list) or "title" not in exp:
        raise bad("expected an object with 'title' (string or null), 'lines' (list) and 'targets' (list)")
    if exp["title"] is not None and not isinstance(exp["title"], str):
        raise bad(f"'title' is {exp['title']!r}; expected a string or null")
    for k, line in enumerate(exp["lines"]):
        if (
            not isinstance(line, dict)
            or not isinstance(line.get("text"), str)
            or line.get("expect") not in EXPECT
        ):
            raise bad(f"lines[{k}] is {str(line)[:80]}; expected {{'text': str, 'expect': one of {EXPECT}}}")
        if line["expect"] == "remove" and line.get("class") not in CLASSES:
            raise bad(f"lines[{k}] class {line.get('class')!r}; expected one of {CLASSES}")
        if "dateline" in line and not (
            isinstance(line.get("kept"), str) and plain(line["text"]).startswith(plain(line["dateline"]))
        ):
            raise bad(
                f"lines[{k}]: a dateline line needs 'kept' (the prose after it) and 'text' starting with it"
            )
    for k, t in enumerate(exp.get("targets", [])):
        if (
            not isinstance(t, dict)
            or not isinstance(t.get("name"), str)
            or not isinstance(t.get("aliases", []), list)
        ):
            raise bad(f"targets[{k}] is {str(t)[:80]}; expected {{'name': str, 'aliases': [str, ...]}}")


def _occurs(form: str, text: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(plain(form)) + r"(?!\w)", text) is not None


def _check_targets_occur(exp: dict[str, Any], where: Path) -> None:
    """Every alias must occur in the kept prose (headline included), and so must the name unless an alias does
    (a canonical name of the alias table, such as "Republican Party" for an article that says only "GOP")."""
    kept = [line.get("kept", line["text"]) for line in exp["lines"] if line["expect"] in ("keep", "title")]
    text = plain("\n".join(kept))
    for t in exp.get("targets", []):
        forms = sorted([t["name"], *t.get("aliases", [])], key=len, reverse=True)
        for alias in t.get("aliases", []):
            # an alias must occur on its own, not only inside a longer form ("Putin" in "Vladimir Putin")
            rest = text
            for longer in forms[: forms.index(alias)]:
                rest = re.sub(r"(?<!\w)" + re.escape(plain(longer)) + r"(?!\w)", "\0", rest)
            if not _occurs(alias, rest):
                raise PageSuiteError(
                    f"{where}: alias {alias!r} of {t['name']!r} does not occur on its own in the kept prose"
                )
        if not _occurs(t["name"], text) and t["name"] not in BUILTIN_ALIASES:
            raise PageSuiteError(
                f"{where}: target {t['name']!r} does not occur in the kept prose; a name is the fullest form the "
                "article uses (or a canonical name of the built-in alias table)"
            )


def load_pages(directory: str | Path) -> list[Page]:
    """Every page of ``directory`` (not its subfolders), checked: the expected lines must be the .txt's non-empty
    lines, in order. A missing directory is an empty slice."""
    directory = Path(directory)
    pages = []
    for exp_path in sorted(directory.glob("*.expected.json")):
        name = exp_path.name.removesuffix(".expected.json")
        txt_path, html_path = directory / f"{name}.txt", directory / f"{name}.html"
        try:
            exp = json.loads(exp_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as err:
            raise PageSuiteError(f"{exp_path}: not valid JSON ({err.msg} at line {err.lineno})") from None
        _check_expected(exp, exp_path)
        if not txt_path.is_file():
            raise PageSuiteError(f"{txt_path}: missing; every NAME.expected.json needs NAME.txt")
        txt = txt_path.read_text(encoding="utf-8")
        got = [plain(line) for line in txt.splitlines() if line.strip()]
        want = [plain(line["text"]) for line in exp["lines"]]
        if got != want:
            k = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got), len(want)))
            raise PageSuiteError(
                f"{exp_path}: line {k + 1} of the expected lines is {want[k] if k < len(want) else 'missing'!r}"
                f"[:80]; the .txt's non-empty line {k + 1} is {got[k] if k < len(got) else 'missing'!r}"
            )
        _check_targets_occur(exp, exp_path)
        html = html_path.read_text(encoding="utf-8") if html_path.is_file() else None
        pages.append(Page(name, exp, txt, html))
    return pages


@dataclass
class Counts:
    """Sums over pages; ``misses`` lists what went wrong, per page, for --verbose."""

    tp: int = 0
    tn: int = 0
    fp: int = 0
    fn: int = 0
    reason_ok: int = 0
    reason_n: int = 0
    dateline_ok: int = 0
    dateline_n: int = 0
    title_ok: int = 0
    pages: int = 0
    target_tp: int = 0
    target_pred: int = 0
    target_gold: int = 0
    alias_ok: int = 0
    alias_n: int = 0
    by_class: dict[str, list[int]] = field(default_factory=dict)  # class -> [removed, expected]
    misses: list[str] = field(default_factory=list)

    def add(self, other: Counts) -> None:
        for key, value in vars(other).items():
            if key == "by_class":
                for c, (a, b) in value.items():
                    row = self.by_class.setdefault(c, [0, 0])
                    row[0], row[1] = row[0] + a, row[1] + b
            elif key == "misses":
                self.misses += value
            else:
                setattr(self, key, getattr(self, key) + value)

    def scores(self) -> dict[str, Any]:
        def ratio(a: int, b: int) -> float | None:
            return round(a / b, 4) if b else None

        return {
            "pages": self.pages,
            "removal_precision": ratio(self.tp, self.tp + self.fp),
            "removal_recall": ratio(self.tp, self.tp + self.fn),
            "reason_accuracy": ratio(self.reason_ok, self.reason_n),
            "dateline_accuracy": ratio(self.dateline_ok, self.dateline_n),
            "title_accuracy": ratio(self.title_ok, self.pages),
            "target_precision": ratio(self.target_tp, self.target_pred),
            "target_recall": ratio(self.target_tp, self.target_gold),
            "alias_merge_accuracy": ratio(self.alias_ok, self.alias_n),
            "lines_expected_removed": self.tp + self.fn,
            "lines_expected_kept": self.tn + self.fp,
            "removal_recall_by_class": {c: ratio(a, b) for c, (a, b) in sorted(self.by_class.items())},
        }


def _survives(line: str, paragraphs: set[str]) -> bool:
    if line in paragraphs:
        return True
    return any(p and p in line and len(p) >= SURVIVE_SHARE * len(line) for p in paragraphs)


def score_page(page: Page, kind: str) -> Counts:
    """Counts of one page read as ``kind`` ("txt" or "html")."""
    from slant.predict.prepare import prepare_article
    from slant.text.page_rules import REASON_CLASS

    article = {"id": page.id, "text": page.txt} if kind == "txt" else {"id": page.id, "html": page.html}
    prep = prepare_article(article)
    paragraphs = {plain(p) for p in prep.text.split("\n\n")}
    reasons: dict[str, str] = {}
    for r in prep.removed:
        reasons.setdefault(plain(r.text), r.reason)
    c = Counts(pages=1)
    where = f"{page.id}.{kind}"
    for line in page.expected["lines"]:
        if line["expect"] == "title":
            continue
        text = plain(line["text"])
        alive = _survives(text, paragraphs)
        if line["expect"] == "remove":
            row = c.by_class.setdefault(line["class"], [0, 0])
            row[1] += 1
            if alive:
                c.fn += 1
                c.misses.append(f"{where}: kept {line['class']}: {text[:90]}")
                continue
            c.tp += 1
            row[0] += 1
            if text in reasons:
                c.reason_n += 1
                ok = REASON_CLASS.get(reasons[text]) == line["class"]
                c.reason_ok += ok
        elif alive:
            c.tn += 1
        else:
            c.fp += 1
            c.misses.append(
                f"{where}: removed prose ({reasons.get(text, 'dropped by extraction')}): {text[:90]}"
            )
        if "dateline" in line:
            c.dateline_n += 1
            ok = plain(line["kept"]) in paragraphs
            c.dateline_ok += ok
            if not ok:
                c.misses.append(f"{where}: dateline not cut to the prose: {text[:90]}")
    want_title, got_title = page.expected["title"], prep.meta.get("title")
    if (want_title is None and not got_title) or (
        want_title is not None and got_title and plain(got_title) == plain(want_title)
    ):
        c.title_ok = 1
    else:
        c.misses.append(f"{where}: title {got_title!r}, expected {want_title!r}")
    _score_targets(page, prep.targets, c, where)
    return c


def _score_targets(page: Page, found: list[Any], c: Counts, where: str) -> None:
    gold = {name_key(t["name"]): t for t in page.expected.get("targets", [])}
    c.target_gold += len(gold)
    c.target_pred += len(found)
    matched: set[str] = set()
    for t in found:
        key = name_key(t.name)
        if key in gold and key not in matched:
            matched.add(key)
            c.target_tp += 1
            forms = {name_key(f) for f in [t.name, *t.forms]}
            for alias in gold[key].get("aliases", []):
                c.alias_n += 1
                if name_key(alias) in forms:
                    c.alias_ok += 1
                else:
                    c.misses.append(f"{where}: alias {alias!r} not merged into {t.name!r} (forms {t.forms})")
        else:
            c.misses.append(f"{where}: extra target {t.name!r} (forms {t.forms})")
    for key, t in gold.items():
        if key not in matched:
            c.misses.append(f"{where}: missed target {t['name']!r}")


def score_suite(directory: str | Path) -> dict[str, Any]:
    """Scores of one slice: ``txt``, ``html`` and ``all`` (both pooled), each as :meth:`Counts.scores`, plus
    ``misses`` (every miss, one line each)."""
    pages = load_pages(directory)
    totals = {"txt": Counts(), "html": Counts()}
    for page in pages:
        totals["txt"].add(score_page(page, "txt"))
        if page.html is not None:
            totals["html"].add(score_page(page, "html"))
    pooled = Counts()
    for counts in totals.values():
        pooled.add(counts)
    out: dict[str, Any] = {kind: counts.scores() for kind, counts in totals.items()}
    out["all"] = pooled.scores()
    out["misses"] = pooled.misses
    return out


def page_report(suite: str | Path | None = None) -> dict[str, Any]:
    """Scores of the main suite and of its ``blind/`` slice (``None`` when that slice has no pages yet)."""
    root = Path(suite) if suite is not None else default_suite_dir()
    try:
        shown = str(root.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        shown = str(root)
    report: dict[str, Any] = {"suite": shown, "targets": TARGETS, "main": score_suite(root)}
    blind = root / "blind"
    report["blind"] = score_suite(blind) if blind.is_dir() and any(blind.glob("*.expected.json")) else None
    return report


def metrics_entry(suite: str | Path | None = None) -> dict[str, Any]:
    """:func:`page_report` without the per-page miss lists: the ``pages`` entry of `slant evaluate`'s metrics
    (computed once per process and suite: it depends on the code and the fixtures only, never on the model)."""
    return copy.deepcopy(_cached_entry(str(suite) if suite is not None else None))


@functools.lru_cache(maxsize=4)
def _cached_entry(suite: str | None) -> dict[str, Any]:
    report = page_report(suite)
    for slice_name in ("main", "blind"):
        if report.get(slice_name):
            report[slice_name] = {k: v for k, v in report[slice_name].items() if k != "misses"}
    return report


_COLUMNS = (
    ("removal P", "removal_precision"),
    ("removal R", "removal_recall"),
    ("reason acc.", "reason_accuracy"),
    ("dateline acc.", "dateline_accuracy"),
    ("title acc.", "title_accuracy"),
    ("target P", "target_precision"),
    ("target R", "target_recall"),
    ("alias merge", "alias_merge_accuracy"),
)


def _cell(v: Any) -> str:
    return "–" if v is None else f"{v:.3f}"


def render_pages(report: dict[str, Any]) -> list[str]:
    """Markdown lines: one table row per slice and input kind, then removal recall per expected class."""
    lines = [
        "## Page-robustness suite",
        "",
        f"Pasted articles of `{report['suite']}` (main) and its `blind/` slice, each read as .txt and as .html "
        "through the steps `slant predict` runs before the model. Targets: "
        + ", ".join(f"{k.replace('_', ' ')} >= {v}" for k, v in report["targets"].items())
        + ".",
        "",
        "| slice | input | pages | " + " | ".join(c for c, _ in _COLUMNS) + " |",
        "|---|---|---|" + "---|" * len(_COLUMNS),
    ]
    for slice_name in ("main", "blind"):
        res = report.get(slice_name)
        if res is None:
            lines.append(f"| {slice_name} | – | 0 | " + " | ".join("–" for _ in _COLUMNS) + " |")
            continue
        for kind in ("txt", "html", "all"):
            row = res[kind]
            lines.append(
                f"| {slice_name} | {kind} | {row['pages']} | "
                + " | ".join(_cell(row[k]) for _, k in _COLUMNS)
                + " |"
            )
    main = report["main"]["all"]["removal_recall_by_class"]
    lines += ["", "Removal recall by expected class (main, txt and html pooled): "
              + ", ".join(f"{c} {_cell(v)}" for c, v in main.items()) + ".", ""]  # fmt: skip
    return lines


def main(argv: list[str] | None = None) -> int:
    """`slant pages`: score the page suite (no model needed); exit 1 when a page file is malformed."""
    p = argparse.ArgumentParser(
        prog=PROG, description="Score cleaning, titles and targets on the page suite."
    )
    p.add_argument("--suite", default=None, help="suite directory (default: tests/fixtures/pages)")
    p.add_argument("--json", default=None, metavar="PATH", help="also write the scores as JSON here")
    p.add_argument("-v", "--verbose", action="store_true", help="list every miss, page by page")
    args = p.parse_args(argv)
    try:
        report = page_report(args.suite)
    except PageSuiteError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 1
    print("\n".join(render_pages(report)))
    if args.verbose:
        for slice_name in ("main", "blind"):
            if report.get(slice_name):
                print(f"### misses ({slice_name})")
                print("\n".join(report[slice_name]["misses"]) or "none")
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
