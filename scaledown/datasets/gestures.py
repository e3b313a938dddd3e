"""Synthetic wrist-gesture accelerometer windows, generated from a seed.

The generative model (all units in g, standard gravity = 1 g):

1. **Orientation.** Each window gets a random watch orientation: roll and
   pitch drawn within +-25 degrees of "face up", yaw anywhere. Gravity
   (+1 g along the world's up axis, as a resting accelerometer reads it) and
   the arm's motion are rotated into the sensor's frame by it.
2. **Motion**, one class per window, placed at a random start time and shaped
   by a Hann envelope (rise and fall), all parameters drawn per window:

   - *idle*: slow sway, 0.01-0.05 g sinusoids at 0.2-0.6 Hz on every axis;
   - *wave*: side to side, 0.4-0.9 g at 2-3.5 Hz for 1-1.6 s, while the
     wrist rolls 20-40 degrees each way in step (gravity swings between y and z);
   - *circle*: the hand draws a circle, x = A cos, y = +-A sin with A 0.3-0.6 g,
     0.8-1.4 turns per second for 1.2-1.8 s, in either direction;
   - *punch*: a sharp push along x (peak 1.5-3 g, 20-40 ms wide), then the
     broader, weaker braking pulse 120-250 ms later;
   - *shake*: fast 5-8 Hz oscillation of 0.8-1.5 g along a random direction
     in the x-y plane for 0.6-1.2 s.

3. **Sensor.** Per axis a gain error (+-3 %) and a zero-g offset (+-0.05 g),
   white noise with a standard deviation of 0.01-0.03 g per window, and
   clipping at +-4 g as a sensor set to a 4 g full-scale range would do.

These ranges are our own choices to make the classes realistic-looking and
separable with some effort; they are not measurements of a particular sensor.
Sample rate (100 Hz) and window (2 s) follow common practice for gesture and
activity recognition on microcontrollers. Nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..errors import InputError
from ._split import Split, check_fraction, stratified_split

GESTURE_CLASSES: tuple[str, ...] = ("idle", "wave", "circle", "punch", "shake")
SAMPLE_RATE_HZ = 100
WINDOW_S = 2.0
FULL_SCALE_G = 4.0

# A gesture returns (motion (T, 3) in the arm's frame, extra wrist roll (T,) in radians).
_Gesture = Callable[[np.random.Generator, np.ndarray], tuple[np.ndarray, np.ndarray]]


def _envelope(rng: np.random.Generator, t: np.ndarray, lo: float, hi: float) -> tuple:
    """A Hann bump of random duration in [lo, hi] s at a random start; returns (env, tau)."""
    window = t[-1] + (t[1] - t[0])
    duration = min(rng.uniform(lo, hi), 0.9 * window)
    start = rng.uniform(0.0, window - duration)
    tau = t - start
    inside = (tau >= 0) & (tau <= duration)
    env = np.where(inside, np.sin(np.pi * np.clip(tau / duration, 0, 1)) ** 2, 0.0)
    return env, tau


def _idle(rng: np.random.Generator, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    amp = rng.uniform(0.01, 0.05, size=3)
    freq = rng.uniform(0.2, 0.6, size=3)
    phase = rng.uniform(0, 2 * np.pi, size=3)
    motion = amp * np.sin(2 * np.pi * freq * t[:, None] + phase)
    return motion, np.zeros_like(t)


def _wave(rng: np.random.Generator, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    env, tau = _envelope(rng, t, 1.0, 1.6)
    freq, amp = rng.uniform(2.0, 3.5), rng.uniform(0.4, 0.9)
    swing = np.sin(2 * np.pi * freq * tau) * env
    motion = np.zeros((len(t), 3))
    motion[:, 0] = amp * swing
    motion[:, 1] = 0.15 * amp * np.cos(2 * np.pi * freq * tau) * env
    roll = np.deg2rad(rng.uniform(20, 40)) * swing
    return motion, roll


def _circle(rng: np.random.Generator, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    env, tau = _envelope(rng, t, 1.2, 1.8)
    freq, amp = rng.uniform(0.8, 1.4), rng.uniform(0.3, 0.6)
    phase, turn = rng.uniform(0, 2 * np.pi), rng.choice([-1.0, 1.0])
    angle = 2 * np.pi * freq * tau + phase
    motion = np.zeros((len(t), 3))
    motion[:, 0] = amp * np.cos(angle) * env
    motion[:, 1] = turn * amp * np.sin(angle) * env
    return motion, np.zeros_like(t)


def _punch(rng: np.random.Generator, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    window = t[-1]
    peak, width = rng.uniform(1.5, 3.0), rng.uniform(0.02, 0.04)
    delay, brake_width = rng.uniform(0.12, 0.25), rng.uniform(0.04, 0.07)
    t_hit = rng.uniform(0.15, window - delay - 0.15)
    push = peak * np.exp(-0.5 * ((t - t_hit) / width) ** 2)
    brake = -0.6 * peak * np.exp(-0.5 * ((t - t_hit - delay) / brake_width) ** 2)
    motion = np.zeros((len(t), 3))
    motion[:, 0] = push + brake
    motion[:, 2] = rng.uniform(0.05, 0.25) * (push + brake)
    return motion, np.zeros_like(t)


def _shake(rng: np.random.Generator, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    env, tau = _envelope(rng, t, 0.6, 1.2)
    freq, amp = rng.uniform(5.0, 8.0), rng.uniform(0.8, 1.5)
    heading = rng.uniform(0, 2 * np.pi)
    direction = np.array([np.cos(heading), np.sin(heading), rng.uniform(-0.2, 0.2)])
    motion = amp * (np.sin(2 * np.pi * freq * tau) * env)[:, None] * direction
    return motion, np.zeros_like(t)


_GESTURES: dict[str, _Gesture] = {
    "idle": _idle, "wave": _wave, "circle": _circle, "punch": _punch, "shake": _shake,
}


def _rotation(roll: float, pitch: float, yaw: float) -> np.ndarray:
    """World-from-sensor rotation (Z-Y-X: yaw, then pitch, then roll)."""
    cr, sr, cp, sp, cy, sy = (np.cos(roll), np.sin(roll), np.cos(pitch), np.sin(pitch),
                              np.cos(yaw), np.sin(yaw))
    return np.array([
        [cy * cp, cy * sp * sr - sy * cr, cy * sp * cr + sy * sr],
        [sy * cp, sy * sp * sr + cy * cr, sy * sp * cr - cy * sr],
        [-sp, cp * sr, cp * cr],
    ])


def _one_window(rng: np.random.Generator, gesture: _Gesture, t: np.ndarray) -> np.ndarray:
    motion, extra_roll = gesture(rng, t)
    roll, pitch = np.deg2rad(rng.uniform(-25, 25, size=2))
    rot = _rotation(roll, pitch, 0.0)
    # gravity as the sensor reads it: the world's up axis seen from the sensor frame,
    # with the wrist's extra roll (a rotation about the forearm, x) applied per sample
    g_sensor = rot.T @ np.array([0.0, 0.0, 1.0])
    c, s = np.cos(extra_roll), np.sin(extra_roll)
    gravity = np.stack([np.full_like(t, g_sensor[0]),
                        c * g_sensor[1] + s * g_sensor[2],
                        -s * g_sensor[1] + c * g_sensor[2]], axis=1)
    yaw = rng.uniform(-np.pi, np.pi)  # how the arm's motion plane sits in the sensor frame
    arm = _rotation(0.0, 0.0, yaw * 0.15)  # mostly aligned with the forearm, some slack
    signal = gravity + motion @ (rot.T @ arm).T
    gain = 1.0 + rng.uniform(-0.03, 0.03, size=3)
    offset = rng.uniform(-0.05, 0.05, size=3)
    noise = rng.normal(0.0, rng.uniform(0.01, 0.03), size=signal.shape)
    return np.clip(signal * gain + offset + noise, -FULL_SCALE_G, FULL_SCALE_G)


def make_gestures(
    seed: int = 0,
    n_per_class: int = 100,
    *,
    test_size: float = 0.25,
    sample_rate_hz: int = SAMPLE_RATE_HZ,
    window_s: float = WINDOW_S,
) -> Split:
    """Generate 3-axis accelerometer windows of five wrist gestures.

    Args:
        seed: Seed of the generator; the same seed gives the same arrays.
        n_per_class: Windows per gesture class (at least 2).
        test_size: Share of windows kept for testing (stratified).
        sample_rate_hz: Samples per second (25 to 1000).
        window_s: Window length in seconds (1 to 10).

    Returns:
        ``Split((x_train, y_train), (x_test, y_test))``; ``x`` is float32 of
        shape ``(n, window_s * sample_rate_hz, 3)`` in g (axes x, y, z) and
        ``y`` int64 indices into :data:`GESTURE_CLASSES`.

    Raises:
        InputError: an argument is out of range.

    Example:
        >>> from scaledown.datasets import make_gestures, GESTURE_CLASSES
        >>> (x_train, y_train), (x_test, y_test) = make_gestures(seed=1, n_per_class=8)
        >>> x_train.shape, x_train.dtype.name
        ((30, 200, 3), 'float32')
        >>> GESTURE_CLASSES[int(y_train[0])] in GESTURE_CLASSES
        True
    """
    if isinstance(n_per_class, bool) or not isinstance(n_per_class, int) or n_per_class < 2:
        raise InputError(f"n_per_class={n_per_class!r} is too small",
                         why="each class needs at least 2 windows to appear in both splits",
                         fix="pass an integer n_per_class >= 2, e.g. 100")
    if not isinstance(sample_rate_hz, int) or not 25 <= sample_rate_hz <= 1000:
        raise InputError(f"sample_rate_hz={sample_rate_hz!r} is out of range",
                         why="shaking reaches 8 Hz, so below 25 Hz it aliases",
                         fix="pass an integer between 25 and 1000, e.g. 100")
    if not isinstance(window_s, (int, float)) or not 1.0 <= window_s <= 10.0:
        raise InputError(f"window_s={window_s!r} is out of range",
                         why="a gesture lasts up to 1.8 s and windows are kept small",
                         fix="pass a window between 1 and 10 seconds, e.g. 2.0")
    test_size = check_fraction("test_size", test_size)
    rng = np.random.default_rng(seed)
    n_samples = round(window_s * sample_rate_hz)
    t = np.arange(n_samples) / sample_rate_hz
    xs = np.empty((n_per_class * len(GESTURE_CLASSES), n_samples, 3), dtype=np.float32)
    ys = np.repeat(np.arange(len(GESTURE_CLASSES), dtype=np.int64), n_per_class)
    for i, label in enumerate(ys):
        xs[i] = _one_window(rng, _GESTURES[GESTURE_CLASSES[label]], t)
    return stratified_split(xs, ys, test_size, seed)
