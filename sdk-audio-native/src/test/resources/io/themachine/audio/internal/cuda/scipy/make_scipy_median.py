#!/usr/bin/python3
"""Writes scipy_median.csv: scipy.ndimage.median_filter(mode='reflect') on a 9 x 23 float32 matrix
with ties, along frames (size=(1, w), librosa's harmonic filter) and along bins (size=(w, 1),
percussive), for widths from 1 to 50 (wider than both axes at the top). Run with Debian's python3
(numpy 1.24, scipy 1.10.1): /usr/bin/python3 make_scipy_median.py > scipy_median.csv
Rows: "input,<r>,<v0>,...", then "<axis>,<width>,<r>,<v0>,..." for each output row; values as
float32 hex bit patterns (exact)."""
import numpy as np
import scipy
from scipy.ndimage import median_filter

rows, cols = 9, 23
i = np.arange(rows)[:, None]
j = np.arange(cols)[None, :]
x = (((i * 7919 + j * 104729) % 97) // 8 / 12.0 - 0.125).astype(np.float32)  # 13 levels: many ties, a negative one
hexs = lambda row: ",".join("%08x" % v for v in row.view(np.uint32))
print("# scipy %s numpy %s" % (scipy.__version__, np.__version__))
for r in range(rows):
    print("input,%d,%s" % (r, hexs(x[r])))
for w in (1, 2, 3, 4, 5, 7, 8, 9, 10, 15, 22, 23, 24, 31, 46, 50):
    for axis, size in (("time", (1, w)), ("frequency", (w, 1))):
        y = median_filter(x, size=size, mode="reflect").astype(np.float32)
        for r in range(rows):
            print("%s,%d,%d,%s" % (axis, w, r, hexs(y[r])))
