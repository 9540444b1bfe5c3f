#!/usr/bin/env python3
"""Summarises the JUnit XML reports of a build: every skipped test with its reason (GPU tests
on a machine without a GPU, comparison tests without the ffmpeg CLI), then one closing line
'tests: N passed, N failed, N skipped'. .ci/run prints it after the build."""
import glob
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

passed = failed = skipped = 0
reasons = defaultdict(list)
for path in sorted(glob.glob("*/target/*-reports/TEST-*.xml")):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        continue
    for case in root.iter("testcase"):
        name = f"{case.get('classname', '?').rsplit('.', 1)[-1]}.{case.get('name', '?')}"
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif (s := case.find("skipped")) is not None:
            skipped += 1
            text = s.get("message") or (s.text or "").strip().splitlines()[0] if (s.get("message") or s.text) else ""
            text = text.replace("org.opentest4j.TestAbortedException: ", "").replace("Assumption failed: ", "")
            reasons[text.strip() or "no reason given"].append(name)
        else:
            passed += 1
if reasons:
    print("Skipped tests, by reason:")
    for reason, names in sorted(reasons.items(), key=lambda kv: -len(kv[1])):
        head = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        print(f"  {len(names):4d}  {reason[:160]}\n        ({head})")
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
sys.exit(0)
