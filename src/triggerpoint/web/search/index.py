"""A small BM25 index held in memory, tolerant of small typos.

The searchable corpus (a few hundred atlas entries, regions and services) is tiny,
so an index built at start-up answers in well under a millisecond and works the
same on SQLite and PostgreSQL; see `documents.py` for what goes in.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

_STOPWORDS = frozenset(
    {"a", "an", "and", "are", "at", "be", "by", "for", "from", "has", "i", "in", "is", "it"}
    | {"my", "of", "on", "or", "the", "to", "what", "where", "with"}
)
# BM25 constants as commonly tuned for short documents.
_K1 = 1.2
_B = 0.75
_TYPO_RATIO = 0.8


def tokens(text: str) -> list[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [_stem(w) for w in words if w not in _STOPWORDS]


def _stem(word: str) -> str:
    # Plural and possessive endings only: "headaches" finds "headache", "knees" "knee".
    if len(word) > 4 and word.endswith("es") and word[-3] in "sxz":
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


@dataclass(frozen=True)
class Document:
    kind: str  # "service", "muscle", "trigger point", "stretch", "region", "symptom"
    title: str
    url: str
    summary: str = ""
    keywords: tuple[str, ...] = ()
    boost: float = 1.0


@dataclass(frozen=True)
class Hit:
    document: Document
    score: float


@dataclass
class SearchIndex:
    documents: list[Document]
    _postings: dict[str, dict[int, int]] = field(default_factory=dict, init=False)
    _lengths: list[int] = field(default_factory=list, init=False)
    _phrases: list[str] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        for number, doc in enumerate(self.documents):
            # Title words count three times, keywords twice: a muscle named in the
            # query should beat a page that merely mentions it.
            words = tokens(doc.title) * 3 + tokens(" ".join(doc.keywords)) * 2 + tokens(doc.summary)
            self._lengths.append(len(words))
            for word, count in Counter(words).items():
                self._postings.setdefault(word, {})[number] = count
            self._phrases.append(" ".join([doc.title, *doc.keywords]).lower())

    def _expand(self, word: str) -> list[tuple[str, float]]:
        if word in self._postings:
            return [(word, 1.0)]
        close = []
        for known in self._postings:
            if abs(len(known) - len(word)) <= 2 and known[:1] == word[:1]:
                ratio = SequenceMatcher(None, word, known).ratio()
                if ratio >= _TYPO_RATIO:
                    close.append((known, ratio))
        return close

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        words = tokens(query)
        if not words or not self.documents:
            return []
        count = len(self.documents)
        average = sum(self._lengths) / count
        scores: dict[int, float] = {}
        for word in words:
            for known, weight in self._expand(word):
                postings = self._postings[known]
                idf = math.log(1 + (count - len(postings) + 0.5) / (len(postings) + 0.5))
                for number, tf in postings.items():
                    norm = tf + _K1 * (1 - _B + _B * self._lengths[number] / average)
                    scores[number] = scores.get(number, 0.0) + weight * idf * tf * (_K1 + 1) / norm
        phrase = " ".join(re.findall(r"[a-z0-9]+", query.lower()))
        hits = []
        for number, score in scores.items():
            doc = self.documents[number]
            bonus = 2.0 if phrase and phrase in self._phrases[number] else 1.0
            hits.append(Hit(doc, round(score * bonus * doc.boost, 4)))
        hits.sort(key=lambda hit: (-hit.score, hit.document.title))
        return hits[:limit]


def build_index(documents: Iterable[Document]) -> SearchIndex:
    return SearchIndex(list(documents))
