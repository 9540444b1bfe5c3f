#!/usr/bin/python3
"""Times torchaudio.functional.resample (Debian python3-torchaudio 0.13) on the signal
ResampleBenchmark uses: the anchor parity formula at 44.1 kHz, its 2 s repeated to 600 s, float32,
44.1 -> 16 kHz. Prints one JSON line per configuration: name, threads, best seconds of `reps`."""
import json
import sys
import time

import numpy as np
import torch
import torchaudio.functional as F

FROM, TO, SECONDS = 44100, 16000, int(sys.argv[1]) if len(sys.argv) > 1 else 600
REPS = int(sys.argv[2]) if len(sys.argv) > 2 else 3

n = FROM * SECONDS
t = (np.arange(n) % (2 * FROM)) / FROM
x = (0.5 * np.sin(2 * np.pi * 220.0 * t) + 0.3 * np.sin(2 * np.pi * 1000.0 * t + 0.3)
     + 0.2 * np.sin(2 * np.pi * 3500.0 * t + 1.1) + 0.1 * np.sin(2 * np.pi * (100.0 * t + 2475.0 * t * t)))
wave = torch.from_numpy(x.astype(np.float32)).unsqueeze(0)

configs = {
    # the torchaudio defaults our TORCHAUDIO quality reproduces
    "torchaudio_default": dict(),
    # librosa's "kaiser_best" settings in torchaudio's own words (its high-quality setting)
    "torchaudio_kaiser_best": dict(lowpass_filter_width=64, rolloff=0.9475937167399596,
                                   resampling_method="kaiser_window", beta=14.769656459379492),
}
for threads in (1, 2):
    torch.set_num_threads(threads)
    for name, kw in configs.items():
        best = cpu_best = float("inf")
        for _ in range(REPS):
            t0, c0 = time.perf_counter(), time.process_time()
            y = F.resample(wave, FROM, TO, **kw)
            best = min(best, time.perf_counter() - t0)
            cpu_best = min(cpu_best, time.process_time() - c0)
        assert y.shape[-1] == -(-n * TO // FROM)
        # process CPU time: comparable with CpuTimeTable's thread CPU time for one thread only
        print(json.dumps(dict(name=name, threads=threads, seconds=best, realtime=SECONDS / best,
                              cpu_seconds=cpu_best, cpu_realtime=SECONDS / cpu_best,
                              torch=torch.__version__)), flush=True)
