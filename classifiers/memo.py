"""Remembering what a classifier said about a text it has already seen.

Most text a router classifies comes back: every request of an application carries the same system
prompt, every turn of a conversation re-sends the earlier turns, and a cache hit is by definition a
request seen before. The classifiers are pure functions of the text, so their answers for recent texts
can be kept and reused. The key is a 128-bit BLAKE2b digest of the text, not the text, so the memo holds
no prompt; entries are few and small (a score, or a tuple of findings), evicted least recently used.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from typing import Generic, TypeVar

from classifiers.types import Classifier

__all__ = ["Memoized"]

T = TypeVar("T")


class Memoized(Generic[T]):
    """``classifier`` with its answers for the last ``size`` distinct texts remembered (thread-safe)."""

    def __init__(self, classifier: Classifier[T], size: int) -> None:
        if size < 1:
            raise ValueError("size must be at least 1")
        self.classifier = classifier
        self.size = size
        self._answers: OrderedDict[bytes, T] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def classify(self, text: str) -> T:
        key = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        with self._lock:
            try:
                answer = self._answers[key]
            except KeyError:
                pass
            else:
                self._answers.move_to_end(key)
                self.hits += 1
                return answer
        answer = self.classifier.classify(text)  # outside the lock: other texts go on meanwhile
        with self._lock:
            self.misses += 1
            self._answers[key] = answer
            self._answers.move_to_end(key)
            while len(self._answers) > self.size:
                self._answers.popitem(last=False)
        return answer

    def __len__(self) -> int:
        return len(self._answers)
