"""Everything `slant predict` does to an article before the model: extract, clean, title, split, find targets.

It needs no model and imports no torch, so the page suite (``slant.eval.pages``) scores exactly what prediction
would see.

Example:
    >>> prep = prepare_article({"id": "a", "text": "THE DAILY LEDGER\\n\\nCouncil backs the plan\\n\\nThe council voted."})
    >>> prep.meta["title"], prep.text
    ('Council backs the plan', 'Council backs the plan\\n\\nThe council voted.')
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from slant.text.clean import Removed, clean_text, extract_html, language_warning
from slant.text.sentences import Sentence, split_sentences
from slant.text.targets import Mention, Target, find_targets

HEADLINE_MAX_WORDS = 20


# Targets marked in one encoder pass. Each adds two marker tokens; beyond this a marked sentence risks running past
# the model's max_length, where markers would be cut off.
MAX_TARGETS = 16


@dataclass(frozen=True)
class PipelineConfig:
    """Limits that keep one huge input from taking the machine, and the user's target names and aliases.

    Attributes:
        max_chars: Characters of raw text read per article; the rest is dropped with a warning.
        max_sentences: Sentences scored per article; the rest is dropped with a warning.
        targets: Extra target names to look for in every article (besides the ones found automatically).
        aliases: ``(canonical name, (alias, ...))`` pairs merged into one target besides the built-in table
            (``slant.text.aliases``); see ``--alias`` and ``--alias-file`` of `slant predict`.
        max_targets: Targets marked in one encoder pass. An article sentence with more is scored in several passes
            (every mention is scored); a sentence-mode record with more is refused with an error.
        article_sentences: Sentences pooled into the article-level frames (the first ones longer than 2
            characters, as the frames head was trained on SemEval articles).
    """

    max_chars: int = 1_000_000
    max_sentences: int = 2_000
    targets: tuple[str, ...] = ()
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    article_sentences: int = 24
    max_targets: int = MAX_TARGETS

    def __post_init__(self) -> None:
        if self.max_chars < 1:
            raise ValueError(f"max_chars={self.max_chars} invalid; expected a positive number of characters")
        if self.max_sentences < 1:
            raise ValueError(
                f"max_sentences={self.max_sentences} invalid; expected a positive number of sentences"
            )
        if not 1 <= self.max_targets <= 256:
            raise ValueError(f"max_targets={self.max_targets} invalid; expected 1..256 targets per pass")
        if self.article_sentences < 1:
            raise ValueError(
                f"article_sentences={self.article_sentences} invalid; expected a positive number of sentences"
            )
        if any(not isinstance(t, str) or not t.strip() for t in self.targets):
            raise ValueError(f"targets={self.targets!r} invalid; expected non-empty names")
        for entry in self.aliases:
            ok = (
                isinstance(entry, tuple)
                and len(entry) == 2
                and isinstance(entry[0], str)
                and entry[0].strip()
                and all(isinstance(a, str) and a.strip() for a in entry[1])
            )
            if not ok:
                raise ValueError(
                    f"aliases entry {entry!r} invalid; expected (name, (alias, ...)) of non-empty strings"
                )


@dataclass
class PreparedArticle:
    """Everything about one article that comes before the model.

    Attributes:
        meta: ``id``, ``title``, ``outlet`` of the result.
        text: The cleaned text (cut at the last scored sentence when capped); all offsets index into it.
        removed: Lines the cleaner dropped.
        sentences: Sentences of ``text``.
        mentions: Per sentence, ``(target name, mention)`` pairs inside it, by start offset.
        target_names: Names the user asked for (listed in the summary even with no mention).
        warnings: Messages about this article.
        targets: Every target found, with its canonical name, surface forms and mentions.
    """

    meta: dict[str, Any]
    text: str
    removed: list[Removed]
    sentences: list[Sentence]
    mentions: list[list[tuple[str, Mention]]]
    target_names: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def spans(self) -> list[list[tuple[int, int]]]:
        """Mention spans relative to their sentence, as the Predictor wants them."""
        return [
            [(m.start - s.start, m.end - s.start) for _, m in ms]
            for s, ms in zip(self.sentences, self.mentions)
        ]

    def other_mentions(self) -> list[list[list[tuple[int, int]]]]:
        """Per sentence, per mention: the spans of the same target's other mentions in that sentence ("Xi" and
        "Mr. Xi" in one sentence mark each other), relative to the sentence, for "marker_coref" models."""
        out = []
        for spans, ms in zip(self.spans(), self.mentions):
            names = [name for name, _ in ms]
            out.append(
                [
                    [sp for sp, n in zip(spans, names) if n == name and sp != own]
                    for own, name in zip(spans, names)
                ]
            )
        return out

    def target_forms(self) -> dict[str, list[str]]:
        """Canonical name -> the surface forms merged into it that occur in the scored text."""
        return {t.name: list(t.forms) for t in self.targets}


def _cap_raw(raw: str, max_chars: int, warnings: list[str]) -> str:
    if len(raw) <= max_chars:
        return raw
    cut = raw.rfind("\n", max_chars // 2, max_chars)  # end on a paragraph when one is near
    cut = cut if cut > 0 else max_chars
    warnings.append(
        f"article is {len(raw):,} characters; only the first {cut:,} were read (limit {max_chars:,})"
    )
    return raw[:cut]


def _headline(text: str, first: Sentence) -> str | None:
    """The first paragraph when it reads like a headline (one short line without final punctuation)."""
    alone = text[first.end : first.end + 1] in ("", "\n")
    short = len(first.text.split()) <= HEADLINE_MAX_WORDS
    return first.text if alone and short and first.text[-1] not in '.!?…"”’:' else None


def _assign_mentions(sentences: list[Sentence], targets: list, n: int) -> list[list[tuple[str, Mention]]]:
    """Each mention goes to the sentence that contains it; mentions across a sentence boundary are dropped."""
    starts = [s.start for s in sentences]
    out: list[list[tuple[str, Mention]]] = [[] for _ in range(n)]
    for target in targets:
        for m in target.mentions:
            i = bisect.bisect_right(starts, m.start) - 1
            if 0 <= i < n and m.end <= sentences[i].end:
                out[i].append((target.name, m))
    for ms in out:
        ms.sort(key=lambda tm: tm[1].start)
    return out


NAME_LINE_MAX_WORDS = 8


def _only_a_name_line(sentences: list[Sentence], removed: list[Removed]) -> bool:
    """A page of furniture whose one remaining line is a short unpunctuated name ("THE HARBOR LEDGER" above a
    byline and a stamp): a masthead or a headline without its article, not prose. A headline pasted on its own
    (nothing removed) is still scored."""
    if len(sentences) != 1 or not removed:
        return False
    text = sentences[0].text.strip()
    return len(text.split()) <= NAME_LINE_MAX_WORDS and not text.endswith((".", "!", "?", '"', "\u201d", "'"))


def prepare_article(article: dict[str, Any], config: PipelineConfig | None = None) -> PreparedArticle:
    """Clean, split and find targets in one article dict (``text`` or ``html``; optional ``id``, ``title``,
    ``outlet``, ``url``, ``date``, ``targets`` (names), ``warnings``). Raises ValueError without any text.

    The title is the one given with the article, else the page's (HTML), else the headline the cleaner found
    below any masthead, else the first paragraph when it reads like a headline."""
    config = config or PipelineConfig()
    warnings = list(article.get("warnings") or [])
    meta = {"id": article.get("id"), "title": article.get("title"), "outlet": article.get("outlet")}
    text = article.get("text")
    if not (isinstance(text, str) and text.strip()):
        html = article.get("html")
        if not (isinstance(html, str) and html.strip()):
            raise ValueError(f"article {meta['id']!r}: expected a non-empty 'text' or 'html' field")
        text, page = extract_html(html, url=article.get("url"))
        warnings.extend(page.get("warnings") or [])
        meta["title"] = meta["title"] or page.get("title")
        meta["outlet"] = meta["outlet"] or page.get("outlet")
    outlets = tuple(o for o in (meta["outlet"],) if isinstance(o, str) and o.strip())
    cleaned = clean_text(_cap_raw(text, config.max_chars, warnings), outlets=outlets)
    body = cleaned.text
    sentences = split_sentences(body)
    if len(sentences) > config.max_sentences:
        cap = config.max_sentences
        warnings.append(f"article has {len(sentences):,} sentences; only the first {cap:,} were scored "
                        "(raise --max-sentences to score more)")  # fmt: skip
        sentences = sentences[:cap]
        body = body[: sentences[-1].end]
    if (lang := language_warning(body)) is not None:
        warnings.append(lang)
    left = ""
    if _only_a_name_line(sentences, cleaned.removed):
        left, sentences, body = f" but the line {sentences[0].text!r}", [], ""
    if not sentences:
        n = len(cleaned.removed)
        kinds = Counter(r.reason for r in cleaned.removed).most_common(4)
        what = f": {', '.join(f'{k} {v}' for k, v in kinds)}" if kinds else ""
        warnings.append(
            f"no text to score: nothing left after cleaning{left} ({n} line{'s' * (n != 1)} removed{what}); "
            "expected article prose"
        )
    if not meta["title"] and sentences:
        meta["title"] = cleaned.title or _headline(body, sentences[0])
    names = list(dict.fromkeys([*config.targets, *(article.get("targets") or [])]))
    targets = find_targets(body, extra=names, aliases=config.aliases) if sentences else []
    mentions = _assign_mentions(sentences, targets, len(sentences))
    return PreparedArticle(meta, body, cleaned.removed, sentences, mentions, names, warnings, targets)
