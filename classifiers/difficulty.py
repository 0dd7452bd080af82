"""Difficulty scores: how likely a prompt is to need the large remote model, in [0, 1].

``HeuristicDifficulty`` is the dependency-free first version: a few signals that make prompts hard for
a small model (length, code, math, multi-step instructions), squashed into [0, 1]. The trained model
replaces it as the default once shipped.
"""

from __future__ import annotations

import math
import re

__all__ = ["HeuristicDifficulty"]

_CODE = re.compile(
    r"```|\bdef |\bclass |\bfunction\b|\bimplement\b|\bpython\b|\bSQL\b|[{};]\s*$", re.I | re.M
)
_MATH = re.compile(r"\d+\s*[-+*/^=]\s*\d+|\\frac|\bprove\b|\bintegral\b|\bderivative\b|\bequation\b", re.I)
_REASON = re.compile(r"\b(why|explain|compare|analy[sz]e|step by step|derive|design|optimi[sz]e)\b", re.I)
_CONSTRAINT = re.compile(r"\b(must|exactly|at least|at most|without|only|each|every)\b", re.I)


class HeuristicDifficulty:
    """Length, code, math and reasoning cues combined by a fixed logistic function."""

    name = "heuristic"

    def classify(self, text: str) -> float:
        words = len(text.split())
        z = -1.6
        z += 0.45 * math.log1p(words / 20)
        z += 0.9 * min(len(_CODE.findall(text)), 3) / 3
        z += 0.9 * min(len(_MATH.findall(text)), 3) / 3
        z += 0.6 * min(len(_REASON.findall(text)), 3) / 3
        z += 0.4 * min(len(_CONSTRAINT.findall(text)), 5) / 5
        return 1.0 / (1.0 + math.exp(-2.0 * z))
