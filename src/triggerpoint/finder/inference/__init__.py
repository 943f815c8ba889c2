"""Exact inference in the finder's noisy-OR network with its key -> satellite layer.

`infer` answers one drawing (posteriors, evidence, the method used); `combinations`
gives the joint of a few leading candidates' on/off states; `columns` turns findings
into network columns (shared with the explanations and the brute-force reference).
"""

from triggerpoint.finder.inference.engine import Inference, Method, infer
from triggerpoint.finder.inference.findings import columns
from triggerpoint.finder.inference.joints import combinations

__all__ = ["Inference", "Method", "columns", "combinations", "infer"]
