"""Train the letters model (dialogs/analysis/letters_model.py) on Closer's own labelled statements
in the other languages.

    .venv/bin/python -m tools.train_letters     # writes content/languages/danger_letters.json

Danger: the statements labelled crisis or concern in the tune halves of the languages corpus
(tests/data/safety_languages_tune*.yaml). No danger: the look-alikes beside them, and everyday
messages in those languages (tests/data/everyday_tune_languages*.yaml). A statement whose danger
is only tolerated (`maybe`) teaches nothing either way and is left out. The held-out halves
(safety_languages.yaml, safety_languages_holdout_*.yaml, everyday_holdout_languages.yaml) are
read only to leave out of training any statement written word for word in one of them too.
The packs' markers (common function words) are passed over: they tell the language, not the
meaning.

`hear` is chosen by five-fold cross-validation: the lowest threshold at which, among the calm
statements no rule already asks about, the model would ask about at most LOOKALIKES of the
look-alikes and at most EVERYDAY of the everyday messages. A check-in on an ordinary message is
what people would meet most, so that bound is the tighter. Deterministic: fixed seed and order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from pathlib import Path

import yaml

from dialogs.analysis.analyzer import Analyzer, default_analyzer
from dialogs.analysis.danger import DANGER_KINDS
from dialogs.analysis.letters_model import SIZES, LettersModel, bare, features, judges
from tools import logistic

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
OUT = ROOT / "content" / "languages" / "danger_letters.json"
EPOCHS, RATE, L2, SEED, FOLDS = 8, 0.05, 1e-4, 1, 5
LOOKALIKES, EVERYDAY = 0.05, 0.02
HELD_OUT = (
    DATA / "safety_languages.yaml",
    *sorted(DATA.glob("safety_languages_holdout_*.yaml")),
    DATA / "everyday_holdout_languages.yaml",
)


@dataclass(frozen=True)
class Example:
    text: str
    danger: bool
    everyday: bool  # an ordinary message, not a look-alike
    ruled: bool  # the rules already raise danger on it


def skipped() -> frozenset[str]:
    """The words the model passes over: every pack's markers (letters_model.features)."""
    return frozenset(bare(w) for w in default_analyzer().lex.languages.marks)


def examples() -> list[Example]:
    # the rules alone: what a model trained before this one hears must not count as ruled
    analyzer = Analyzer(replace(default_analyzer().lex, letters_model=None))
    kinds = {kind.value for kind in DANGER_KINDS}
    rows: list[Example] = []
    files = [*sorted(DATA.glob("safety_languages_tune*.yaml"))]
    files += sorted(DATA.glob("everyday_tune_languages*.yaml"))
    held_out = _held_out_texts()
    for path in files:
        everyday = path.name.startswith("everyday")
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            danger = bool(kinds & set(item.get("issues") or []))
            if not danger and kinds & set(item.get("maybe") or []):
                continue  # danger tolerated, not required: neither side's example
            if item["text"] in held_out:
                continue  # two authors wrote the same words: kept for the held-out sets
            found = analyzer.analyze(item["text"]).issues
            ruled = any(issue.kind.value in kinds for issue in found)
            rows.append(Example(item["text"], danger, everyday, ruled))
    return rows


def _held_out_texts() -> frozenset[str]:
    """The held-out statements' texts, read only so that none is trained on: a few were written
    word for word by two authors ("Buongiorno a tutti ☀️")."""
    texts: set[str] = set()
    for path in HELD_OUT:
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            texts.add(item["text"])
    return frozenset(texts)


def train(rows: list[Example], skip: frozenset[str]) -> tuple[float, dict[str, float]]:
    labelled = [(features(e.text, skip), e.danger) for e in rows]
    return logistic.train(labelled, EPOCHS, RATE, L2, SEED)


def cross_scores(rows: list[Example], skip: frozenset[str]) -> list[float]:
    """Each row's score from a model trained without its fold, as the shipped model scores it;
    minus infinity for a text too short for it to judge at all."""
    scores = [0.0] * len(rows)
    for fold in range(FOLDS):
        bias, weights = train([e for i, e in enumerate(rows) if i % FOLDS != fold], skip)
        model = LettersModel(bias, weights, 0.0, skip)
        for i, e in enumerate(rows):
            if i % FOLDS == fold:
                scores[i] = model.score(e.text) if judges(e.text) else -math.inf
    return scores


def threshold(rows: list[Example], scores: list[float]) -> tuple[float, str]:
    """The lowest `hear` within both bounds, and a line saying what it gave in cross-validation."""
    # the calm statements the model judges: none a rule asks about, none too short for it
    calm = [
        (e, s)
        for e, s in zip(rows, scores, strict=True)
        if not e.danger and not e.ruled and s > -math.inf
    ]
    looks = [s for e, s in calm if not e.everyday]
    everyday = [s for e, s in calm if e.everyday]
    danger = [(e, s) for e, s in zip(rows, scores, strict=True) if e.danger]

    def share(group: list[float], hear: float) -> float:
        return sum(s > hear for s in group) / max(1, len(group))

    for step in range(0, 81):
        hear = round(step / 10 - 2.0, 1)  # from -2.0 to 6.0 in logits
        if share(looks, hear) <= LOOKALIKES and share(everyday, hear) <= EVERYDAY:
            heard = sum(e.ruled or s > hear for e, s in danger) / max(1, len(danger))
            return hear, (
                f"cross-validated: danger heard {heard:.3f} (rules and model), model check-ins "
                f"on look-alikes {share(looks, hear):.3f}, on everyday messages "
                f"{share(everyday, hear):.3f}"
            )
    raise SystemExit("no threshold keeps check-ins within bounds")


def main() -> None:
    rows = examples()
    skip = skipped()
    hear, said = threshold(rows, cross_scores(rows, skip))
    bias, weights = train(rows, skip)
    kept = {k: round(v, 4) for k, v in sorted(weights.items()) if abs(v) >= 0.005}
    logistic.write(
        OUT,
        [
            "Written by python -m tools.train_letters; see dialogs/analysis/letters_model.py.",
            f"Runs of {', '.join(map(str, SIZES))} letters inside words; {len(rows)} statements.",
            said,
        ],
        {"bias": round(bias, 4), "hear": hear, "probability": round(1 / (1 + math.exp(-hear)), 3)},
        kept,
    )
    print(f"{OUT}: {len(kept)} weights, hear {hear:.2f}; {said}")


if __name__ == "__main__":
    main()
