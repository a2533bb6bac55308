"""The statement analyzer: which level a statement reaches and what gets in its way.

    >>> from dialogs.analysis import analyze
    >>> analyze("I feel like you never listen to me.").level
    <Level.FACT: 'fact'>

Contract: ../shared/ANALYZER.md. Word lists: content/<lang>/lexicon/.
"""

from .analyzer import MAX_CHARS, Analyzer, analyze, default_analyzer
from .lexicon import load_lexicon
from .model import Analysis, Issue, IssueKind, Level

__all__ = [
    "MAX_CHARS",
    "Analysis",
    "Analyzer",
    "Issue",
    "IssueKind",
    "Level",
    "analyze",
    "default_analyzer",
    "load_lexicon",
]
