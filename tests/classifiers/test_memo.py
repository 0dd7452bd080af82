"""The classifiers' memo: same answers, each distinct text classified once, bounded, no text kept."""

from __future__ import annotations

import hashlib
import threading

import pytest

from classifiers.memo import Memoized
from classifiers.sensitivity import SensitivityDetector


class Counting:
    """A classifier that counts the texts it was asked about."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def classify(self, text: str) -> int:
        self.calls.append(text)
        return len(text)


def test_a_repeated_text_is_classified_once() -> None:
    inner = Counting()
    memo = Memoized(inner, size=8)
    assert [memo.classify(t) for t in ("ab", "abc", "ab", "ab", "abc")] == [2, 3, 2, 2, 3]
    assert inner.calls == ["ab", "abc"]
    assert (memo.hits, memo.misses) == (3, 2)


def test_the_least_recently_used_text_is_forgotten_first() -> None:
    inner = Counting()
    memo = Memoized(inner, size=2)
    memo.classify("a")
    memo.classify("b")
    memo.classify("a")  # "a" is now the most recent, "b" the oldest
    memo.classify("c")  # evicts "b"
    assert len(memo) == 2
    memo.classify("a")
    memo.classify("b")
    assert inner.calls == ["a", "b", "c", "b"]


def test_texts_that_differ_anywhere_are_different_keys() -> None:
    inner = Counting()
    memo = Memoized(inner, size=8)
    base = "x" * 5000
    for text in (base, base + "y", "y" + base, base[:-1] + "z"):
        memo.classify(text)
    assert len(inner.calls) == 4


def test_the_memo_keeps_digests_not_texts() -> None:
    memo = Memoized(Counting(), size=4)
    secret = "my card is 4111 1111 1111 1111"
    memo.classify(secret)
    assert list(memo._answers) == [hashlib.blake2b(secret.encode(), digest_size=16).digest()]


def test_lone_surrogates_and_nul_are_keys_like_any_text() -> None:
    inner = Counting()
    memo = Memoized(inner, size=4)
    for _ in range(2):
        assert memo.classify("a\ud800b\x00") == 4
    assert len(inner.calls) == 1


def test_answers_equal_the_detector_s_own() -> None:
    detector = SensitivityDetector()
    memo = Memoized(detector, size=16)
    texts = ["mail me at ana.lopez@example.org", "What is 2 + 2?", "key=AKIAIOSFODNN7EXAMPLE"]
    for text in texts * 2:
        assert memo.classify(text) == detector.classify(text)
    assert memo.misses == 3


def test_size_must_be_positive() -> None:
    with pytest.raises(ValueError, match="size"):
        Memoized(Counting(), size=0)


def test_concurrent_threads_get_right_answers_and_the_bound_holds() -> None:
    memo = Memoized(Counting(), size=32)
    texts = [f"text number {'i' * n}" for n in range(100)]
    wrong: list[str] = []

    def work(offset: int) -> None:
        for k in range(2000):
            text = texts[(k * 7 + offset) % len(texts)]
            if memo.classify(text) != len(text):
                wrong.append(text)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []
    assert len(memo) <= 32
    assert memo.hits + memo.misses == 8000
