#!/usr/bin/python3
"""Python torch peer for the TorchScript separation runner (io.themachine.audio.separation.ModelSeparation).

  torch_peer.py make DIR           a random-weight HDemucs (4 stems, 12 channels, depth 4, nfft 1024,
                                   ~2 MB, seeded) traced for 2 s chunks at 44.1 kHz, its card, and
                                   a 20 s stereo input (DIR/input.f32, planar float32)
  torch_peer.py forward DIR THREADS REPEAT
                                   the graph alone: REPEAT forward calls on one 2 s chunk
  torch_peer.py time DIR THREADS REPEAT
                                   times the same chunked pipeline in Python (make_fixtures.py's
                                   separate(), the runner's twin) with torch.set_num_threads(THREADS)

Prints one line per timed run: "python wall_s cpu_s". Run through benchmarks/torch-peer.sh, which
times the Java runner in the same run and prints the ratio. Debian's /usr/bin/python3 (torch 1.13.1).
"""
import importlib.util
import json
import os
import sys
import time

import numpy as np
import torch

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "sdk-audio-native", "src", "test", "resources", "io", "themachine", "audio",
                        "internal", "torch", "make_fixtures.py")
RATE = 44100
SEGMENT = 2 * RATE
SECONDS = 20


def twin():
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def make(d):
    from torchaudio.models import HDemucs
    os.makedirs(d, exist_ok=True)
    torch.manual_seed(11)
    m = HDemucs(sources=["drums", "bass", "other", "vocals"], audio_channels=2, channels=12, growth=2, nfft=1024,
                depth=4).eval()
    traced = torch.jit.trace(m, torch.zeros(1, 2, SEGMENT), check_trace=False)
    traced.save(os.path.join(d, "bench.pt"))
    card = {"format": "themachine-separation-card/1", "name": "bench-hdemucs", "sample_rate": RATE, "channels": 2,
            "stems": ["drums", "bass", "other", "vocals"], "segment": SEGMENT, "context": 0, "overlap": 0.25,
            "fade": "triangle", "normalize": True}
    with open(os.path.join(d, "bench.json"), "w") as f:
        json.dump(card, f, indent=2)
    rng = np.random.default_rng(5)
    t = np.arange(SECONDS * RATE) / RATE
    x = np.stack([0.3 * np.sin(2 * np.pi * 220 * t) + 0.05 * rng.standard_normal(t.size),
                  0.3 * np.sin(2 * np.pi * 330 * t) + 0.05 * rng.standard_normal(t.size)]).astype(np.float32)
    x.astype("<f4").tofile(os.path.join(d, "input.f32"))


def time_runs(d, threads, repeat):
    torch.set_num_threads(threads)
    tw = twin()
    model = torch.jit.load(os.path.join(d, "bench.pt"))
    with open(os.path.join(d, "bench.json")) as f:
        card = json.load(f)
    x = np.fromfile(os.path.join(d, "input.f32"), dtype="<f4").reshape(2, -1)
    # warm-up: TorchScript's profiling executor optimises the graph over the first calls
    tw.separate(model, card, x[:, :SEGMENT * 2])
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        tw.separate(model, card, x)
        print(f"python {time.perf_counter() - w0:.4f} {time.process_time() - c0:.4f}", flush=True)


def forward_runs(d, threads, repeat):
    """The graph alone: REPEAT forward calls on the input's first chunk, after 3 warm-up calls."""
    torch.set_num_threads(threads)
    model = torch.jit.load(os.path.join(d, "bench.pt"))
    x = torch.from_numpy(np.fromfile(os.path.join(d, "input.f32"), dtype="<f4").reshape(2, -1)[:, :SEGMENT].copy())[None]
    with torch.no_grad():
        for _ in range(3):
            model(x)
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in range(repeat):
            model(x)
    print(f"python {time.perf_counter() - w0:.4f} {time.process_time() - c0:.4f}", flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(sys.argv[2])
    elif sys.argv[1] == "forward":
        forward_runs(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    else:
        time_runs(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
