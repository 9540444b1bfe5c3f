#!/usr/bin/env python3
"""Prints a JMH JSON result as a table, each score beside its ratio to the scalar (or first)
variant of the same benchmark and parameters, with the JDK, flags and CPU it ran on."""
import json
import platform
import sys
from collections import defaultdict


def cpu():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main(path):
    runs = json.load(open(path))
    if not runs:
        print("no results")
        return
    first = runs[0]
    print(f"JDK {first.get('jdkVersion')} ({first.get('vmName')}), flags: {' '.join(first.get('jvmArgs', []))}")
    print(f"CPU: {cpu()}, threads: {first.get('threads')}")
    groups = defaultdict(list)
    for r in runs:
        params = dict(r.get("params") or {})
        variant = params.pop("backend", None)
        cls, method = r["benchmark"].rsplit(".", 1)
        key = (cls.rsplit(".", 1)[-1], method if variant else "", tuple(sorted(params.items())))
        groups[key].append((variant or method, r["primaryMetric"]))
    print(f"{'benchmark':48} {'variant':24} {'score':>14} {'error':>10} {'unit':10} {'vs base':>8}")
    print('(vs base: how many times faster than the SCALAR backend, or than the first method of the class)')
    for (cls, method, params), rows in groups.items():
        base = next((m["score"] for v, m in rows if v in ("SCALAR", "scalar")), rows[0][1]["score"])
        for variant, m in rows:
            lower_is_better = "/op" in m["scoreUnit"]
            ratio = base / m["score"] if lower_is_better else m["score"] / base
            name = f"{cls}.{method}" if method else cls
            p = ",".join(f"{k}={v}" for k, v in params)
            print(f"{(name + ' ' + p)[:48]:48} {variant[:24]:24} {m['score']:14.4f} {float(m.get('scoreError') or 'nan'):10.3f} "
                  f"{m['scoreUnit']:10} {ratio:7.2f}x")


if __name__ == "__main__":
    main(sys.argv[1])
