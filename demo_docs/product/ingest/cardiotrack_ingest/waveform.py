"""Resampling and filtering of ECG samples (NumPy)."""

from __future__ import annotations

import numpy as np


def resample(samples: np.ndarray, rate: int, target: int) -> np.ndarray:
    """Linear resampling to ``target`` Hz; the clinical display expects 500 Hz."""
    duration = len(samples) / rate
    times = np.arange(0, duration, 1 / target)
    return np.interp(times, np.arange(len(samples)) / rate, samples)
