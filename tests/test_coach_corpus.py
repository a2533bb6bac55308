"""The analyzer on Closer's own coaching corpus (tests/data/coach_*.yaml), counted as the shared
scorer counts (../shared/eval/score.py): issue macro-F1 over families (thought and judgment are one
family, crisis and concern another), level accuracy, and the share of clean statements passed
with no issue at all. The tune sets are what the rules were written against; coach_test.yaml and
coach_validation.yaml were written apart and never tuned on, so their floors are what they
measure today: a regression shows, a rule fitted to them would not be noticed here (see the
README, "Reading people as they write")."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import yaml

from dialogs.analysis import analyze
from tests.conftest import DATA

FAMILY = {"thought": "not_feeling", "judgment": "not_feeling", "concern": "crisis"}


def family(kind: str) -> str:
    return FAMILY.get(kind, kind)


@dataclass(frozen=True)
class Figures:
    macro_f1: float
    level: float
    clean: float


def measure(name: str) -> Figures:
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    counts: dict[str, list[int]] = {}  # family -> [true positives, false positives, misses]
    levels = level_right = clean = clean_right = 0
    for item in items:
        analysis = analyze(item["text"])
        got = {family(i.kind.value) for i in analysis.issues}
        want = {family(k) for k in item.get("issues") or []}
        maybe = {family(k) for k in item.get("maybe") or []}
        for fam in got | want:
            tally = counts.setdefault(fam, [0, 0, 0])
            if fam in want and fam in got:
                tally[0] += 1
            elif fam in want:
                tally[2] += 1
            elif fam not in maybe:
                tally[1] += 1
        if item.get("level") is not None:
            accepted = item["level"] if isinstance(item["level"], list) else [item["level"]]
            levels += 1
            level_right += analysis.level.value in accepted
        if not item.get("issues") and not item.get("maybe"):
            clean += 1
            clean_right += not got
    f1s = []
    for tp, fp, fn in counts.values():
        if tp + fn == 0:
            continue  # a family the set never asks for weighs nothing (as in the scorer)
        f1s.append(2 * tp / (2 * tp + fp + fn))
    return Figures(sum(f1s) / len(f1s), level_right / levels, clean_right / clean)


@pytest.mark.parametrize(
    ("name", "macro_f1", "level", "clean"),
    [
        ("coach_tune.yaml", 0.91, 0.87, 0.97),
        ("coach_tune_e.yaml", 0.85, 0.71, 0.87),  # hard but safe topics
        ("coach_tune_f.yaml", 0.89, 0.94, 0.95),
        ("coach_tune_g.yaml", 0.88, 0.82, 0.97),  # heavy but safe: read once, not tuned on
        # chat register, written by a helper (0.954 / 0.932 / 0.974 unseen, before tuning)
        ("coach_tune_k.yaml", 0.94, 0.92, 0.97),
        ("coach_test.yaml", 0.86, 0.84, 0.95),  # held out: today's figures, as a floor
        ("coach_validation.yaml", 0.91, 0.86, 0.98),  # written after the tuning: only scored
        ("coach_tune_l.yaml", 0.88, 0.88, 0.98),  # set L: 0.892 / 0.888 / 0.987 unseen
        ("coach_holdout_l.yaml", 0.92, 0.90, 0.98),  # its held-out half: never tuned on
        # set M: heavy words, no danger (0.936 / 0.861 / 0.946, 0.024 checked in on, unseen)
        ("coach_tune_m.yaml", 0.93, 0.85, 0.95),
        # set N, chat register (0.963 / 0.926 / 1.000 unseen), and its held-out half
        ("coach_tune_n.yaml", 0.95, 0.91, 0.99),
        ("coach_holdout_n.yaml", 0.95, 0.90, 0.98),
        # set P, chat register (0.935 / 0.887 / 1.000 unseen), and its held-out half (0.933 /
        # 0.939 / 0.972 unseen, the same after tuning on the other)
        ("coach_tune_p.yaml", 0.93, 0.89, 0.99),
        ("coach_holdout_p.yaml", 0.92, 0.93, 0.97),
        # set S, a new author, adults and couples (0.834 / 0.838 / 0.974 unseen), and its
        # held-out half (0.853 / 0.851 / 0.991 unseen, the same after tuning on the other)
        ("coach_tune_s.yaml", 0.84, 0.83, 0.97),
        ("coach_holdout_s.yaml", 0.85, 0.85, 0.99),
        # set T, non-native English, teenagers, very short messages (0.854 / 0.869 / 1.000
        # unseen), and its held-out half (0.883 / 0.864 / 0.991 unseen, the same after tuning)
        ("coach_tune_t.yaml", 0.87, 0.88, 0.99),
        ("coach_holdout_t.yaml", 0.88, 0.86, 0.99),
        # set V, chat register, every class of the issue's table (0.860 / 0.847 / 0.981
        # unseen), and its held-out half (0.898 / 0.872 / 0.971 unseen)
        ("coach_tune_v.yaml", 0.88, 0.85, 0.98),
        ("coach_holdout_v.yaml", 0.89, 0.87, 0.97),
        # set W, NVC-workbook style, written register (0.929 / 0.890 / 0.966 unseen), and its
        # held-out half (0.903 / 0.868 / 0.909 unseen)
        ("coach_tune_w.yaml", 0.97, 0.89, 0.97),
        ("coach_holdout_w.yaml", 0.90, 0.86, 0.90),
        # set X, answers to the practice's prompts in chat register (0.829 / 0.880 / 0.962
        # unseen), and its held-out half (0.908 / 0.910 / 0.994 unseen)
        ("coach_tune_x.yaml", 0.84, 0.88, 0.97),
        ("coach_holdout_x.yaml", 0.91, 0.90, 0.99),
        # set Y, NVC-workbook style, observation or evaluation (0.871 / 0.890 / 0.991 unseen),
        # and its held-out half (0.921 / 0.910 / 0.992 unseen)
        ("coach_tune_y.yaml", 0.90, 0.88, 0.99),
        ("coach_holdout_y.yaml", 0.92, 0.90, 0.99),
        # set Z, support circles and couples in chat (0.945 / 0.822 / 0.976 unseen), and its
        # held-out half (0.934 / 0.853 / 0.978 unseen)
        ("coach_tune_z.yaml", 0.94, 0.87, 0.97),
        ("coach_holdout_z.yaml", 0.92, 0.85, 0.97),
        # set Z2, NVC workbook exercises half in chat (0.822 / 0.829 / 1.000 unseen), and its
        # held-out half (0.833 / 0.785 / 0.959 unseen)
        ("coach_tune_z2.yaml", 0.88, 0.94, 0.99),
        ("coach_holdout_z2.yaml", 0.82, 0.93, 0.95),
        # set Q, chat from many voices: slang, sarcasm, questions without a mark (0.922 /
        # 0.868 / 0.979 unseen, 0.955 / 0.875 / 0.979 tuned), and its held-out half (0.942 /
        # 0.848 / 0.964 unseen, 0.951 / 0.848 / 0.964 after)
        ("coach_tune_q.yaml", 0.95, 0.87, 0.97),
        ("coach_holdout_q.yaml", 0.95, 0.84, 0.96),
        # set R, NVC drills, half retyped as chat (0.962 / 0.916 / 0.980 unseen, 0.972 / 0.924
        # / 0.980 tuned), and its held-out half (0.939 / 0.943 / 1.000 unseen, 0.940 after)
        ("coach_tune_r.yaml", 0.97, 0.92, 0.97),
        ("coach_holdout_r.yaml", 0.93, 0.94, 1.0),
        # set A2, chat from many voices by a new author (0.870 / 0.839 / 0.976 unseen, 0.899 /
        # 0.853 / 0.968 tuned), and its held-out half (0.882 / 0.846 / 0.956 unseen, 0.888 /
        # 0.856 / 0.956 after)
        ("coach_tune_a2.yaml", 0.89, 0.85, 0.96),
        ("coach_holdout_a2.yaml", 0.88, 0.85, 0.95),
        # set B2, NVC workbook drills, half retyped as chat (0.888 / 0.956 / 0.926 unseen, 0.907
        # / 0.960 / 0.963 tuned), and its held-out half (0.946 / 0.969 / 0.971 unseen, 0.947)
        ("coach_tune_b2.yaml", 0.90, 0.95, 0.96),
        ("coach_holdout_b2.yaml", 0.94, 0.96, 0.97),
        # set C2: the level made hard to read (a new author; 0.894 / 0.894 / 0.955 unseen), and
        # its held-out half (0.899 / 0.874 / 0.955 unseen)
        ("coach_tune_c2.yaml", 0.90, 0.91, 0.95),
        ("coach_holdout_c2.yaml", 0.89, 0.87, 0.95),
        # set D2: NVC exercises, half retyped as chat (0.930 / 0.973 / 0.973 unseen), and its
        # held-out half (0.941 / 0.951 / 0.970 unseen)
        ("coach_tune_d2.yaml", 0.93, 0.97, 0.97),
        ("coach_holdout_d2.yaml", 0.94, 0.95, 0.97),
        # set G2: hard levels, faux feelings, sarcasm, chat slang (0.947 / 0.889 / 0.974 unseen),
        # and its held-out half (0.969 / 0.905 / 0.986 unseen)
        ("coach_tune_g2.yaml", 0.97, 0.90, 0.97),
        ("coach_holdout_g2.yaml", 0.96, 0.90, 0.98),
        # set J2: long messages of two to five sentences (0.762 / 0.898 / 0.826 unseen), and its
        # held-out half (0.774 / 0.823 / 0.725 unseen: the danger model checks in on a fifth of
        # them, see README)
        ("coach_tune_j2.yaml", 0.76, 0.89, 0.82),
        ("coach_holdout_j2.yaml", 0.77, 0.82, 0.72),
    ],
)
def test_the_analyzer_holds_its_figures_on_the_coaching_corpus(
    name: str, macro_f1: float, level: float, clean: float
) -> None:
    figures = measure(name)
    assert figures.macro_f1 >= macro_f1, figures
    assert figures.level >= level, figures
    assert figures.clean >= clean, figures
