#!/usr/bin/python3
"""Writes hpss-reference.npz: librosa-style HPSS masks on a formula signal (HpssReferenceTest).

librosa is not installed here, so its code path is re-typed from librosa 0.10 (stft with
center=True, pad_mode="constant", periodic Hann; decompose.hpss; util.softmask) on top of numpy and
scipy.ndimage.median_filter, which is what librosa itself calls. Run with Debian's python3:
    /usr/bin/python3 make-hpss-reference.py
The signal is regenerated in Java (HpssReferenceTest.signal); its fingerprint is stored too.
"""
import os
import numpy as np
import scipy
import scipy.ndimage
import scipy.signal

SR = 16000
N = 12000          # 0.75 s
N_FFT = 512
HOP = 256

# (name, kernel_harmonic, kernel_percussive, margin_harmonic, margin_percussive, power)
CONFIGS = [
    ("odd_m1_p2", 17, 17, 1.0, 1.0, 2.0),
    ("even_m1_p1", 16, 10, 1.0, 1.0, 1.0),
    ("mixed_m2_3_p2", 13, 8, 2.0, 3.0, 2.0),
    ("k31_m1_hard", 31, 30, 1.0, 1.0, np.inf),
    ("k31_m1_5_hard", 31, 31, 1.5, 1.0, np.inf),
]


def signal():
    i = np.arange(N, dtype=np.int64)
    t = i / SR
    x = 0.3 * np.sin(2 * np.pi * 440 * t) + 0.2 * np.sin(2 * np.pi * 660 * t + 0.5) + 0.1 * np.sin(2 * np.pi * 1320 * t)
    m = i % 2000                                   # a click every 125 ms
    x = x + np.where(m < 40, 0.8 * np.exp(-m / 6.0) * np.where((i // 2000) % 2 == 0, 1.0, -1.0), 0.0)
    h = (i * 2654435761) % (2 ** 32)               # integer hash noise, the same in Java
    x = x + 0.02 * (h / 2.0 ** 32 - 0.5)
    return x.astype(np.float32)


def stft(y):
    # librosa.stft(y, n_fft, hop_length, window="hann", center=True, pad_mode="constant")
    window = scipy.signal.get_window("hann", N_FFT, fftbins=True)
    yp = np.pad(y, N_FFT // 2, mode="constant")
    frames = 1 + (len(yp) - N_FFT) // HOP
    out = np.empty((N_FFT // 2 + 1, frames), dtype=np.complex64)
    for t in range(frames):
        out[:, t] = np.fft.rfft(window * yp[t * HOP:t * HOP + N_FFT])
    return out


def softmask(X, X_ref, power=1, split_zeros=False):
    # librosa.util.softmask, verbatim apart from the checks
    dtype = X.dtype
    Z = np.maximum(X, X_ref).astype(dtype)
    bad_idx = Z < np.finfo(dtype).tiny
    Z[bad_idx] = 1
    if np.isfinite(power):
        mask = (X / Z) ** power
        ref_mask = (X_ref / Z) ** power
        good_idx = ~bad_idx
        mask[good_idx] /= mask[good_idx] + ref_mask[good_idx]
        mask[bad_idx] = 0.5 if split_zeros else 0.0
    else:
        mask = X > X_ref
    return mask


def hpss_masks(S, kernel_size, power, margin):
    # librosa.decompose.hpss(S, kernel_size, power, mask=True, margin) for a real S
    win_harm, win_perc = kernel_size
    margin_harm, margin_perc = margin
    harm_shape = [1] * S.ndim
    harm_shape[-1] = win_harm
    perc_shape = [1] * S.ndim
    perc_shape[-2] = win_perc
    harm = np.empty_like(S)
    harm[:] = scipy.ndimage.median_filter(S, size=harm_shape, mode="reflect")
    perc = np.empty_like(S)
    perc[:] = scipy.ndimage.median_filter(S, size=perc_shape, mode="reflect")
    split_zeros = margin_harm == 1 and margin_perc == 1
    mask_harm = softmask(harm, perc * margin_harm, power=power, split_zeros=split_zeros)
    mask_perc = softmask(perc, harm * margin_perc, power=power, split_zeros=split_zeros)
    return mask_harm.astype(np.float32), mask_perc.astype(np.float32)


def main():
    x = signal()
    D = stft(x)
    S = np.abs(D).astype(np.float32)
    arrays = {
        "S": S,
        "fingerprint": np.array([np.sum(x, dtype=np.float64), np.sum(x.astype(np.float64) ** 2), x[0], x[1], x[4000], x[N - 1]]),
    }
    for name, kh, kp, mh, mp, power in CONFIGS:
        h, p = hpss_masks(S, (kh, kp), power, (mh, mp))
        arrays[name + "_harmonic"] = h
        arrays[name + "_percussive"] = p
    out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hpss-reference.npz")
    np.savez_compressed(out, **arrays)
    print("wrote", os.path.basename(out), "S", S.shape, "numpy", np.__version__, "scipy", scipy.__version__)


if __name__ == "__main__":
    main()
