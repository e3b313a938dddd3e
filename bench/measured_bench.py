"""The latency estimate's error against hardware measurement records, each left out in turn.

For every record measured on hardware (``emulated: false``, with latency,
clock and MACs) the estimate for its core class is recalibrated from the
other records of that class (leave-one-out; the published calibration when
no other record exists) and compared with the measured latency. Records made
on the virtual board are counted and skipped: they have no latency.

``python -m bench measured_bench``
"""

from __future__ import annotations

from scaledown.estimates.latency import core_profile, measured_cycles_per_mac
from scaledown.measurements.store import hardware_latencies, load_measurements


def leave_one_out(records: list[dict]) -> list[tuple[dict, float, float, str]]:
    """(record, estimated ms, error as estimate / measured - 1, basis) per usable record."""
    rows = []
    usable = [r for r in hardware_latencies(records) if r.get("macs") and r.get("clock_mhz")]
    for i, rec in enumerate(usable):
        others = usable[:i] + usable[i + 1:]
        cpm = measured_cycles_per_mac(others, rec["device_core"])
        basis = "measured (others)"
        if cpm is None:
            profile = core_profile(rec["device_core"], records=[])
            if profile is None:
                continue
            cpm, basis = profile.cycles_per_mac["conv"], f"published ({profile.basis})"
        est_ms = rec["macs"] * cpm / (rec["clock_mhz"] * 1e3)
        rows.append((rec, est_ms, est_ms / rec["latency_ms"] - 1, basis))
    return rows


def main(argv: list[str]) -> int:
    records = load_measurements()
    emulated = sum(1 for r in records if r["emulated"])
    rows = leave_one_out(records)
    print(f"measurement records: {len(records)} ({emulated} emulated, never used for latency)")
    if not rows:
        print("no hardware record with latency, clock and MACs yet: nothing to compare")
        return 0
    print(f"{'record':<60} {'measured':>10} {'estimate':>10} {'error':>8}  basis")
    for rec, est, err, basis in rows:
        measured = rec["latency_ms"]
        print(f"{rec['id'][:60]:<60} {measured:>8.2f}ms {est:>8.2f}ms {err:>+7.0%}  {basis}")
    return 0
