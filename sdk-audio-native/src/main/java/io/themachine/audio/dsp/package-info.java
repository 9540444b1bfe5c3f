/**
 * Loudness measurement and normalization, ITU-R BS.1770-4 and EBU R128 (Tech 3341, 3342).
 *
 * <p>Front door: {@link io.themachine.audio.dsp.Loudness#measure}, {@link
 * io.themachine.audio.dsp.Loudness#normalize} and streaming {@link
 * io.themachine.audio.dsp.LoudnessMeter}s from a {@link io.themachine.audio.dsp.LoudnessKernel}
 * ({@link io.themachine.audio.dsp.ScalarLoudness}, the reference, or {@code
 * Backend.VECTOR.loudness()}).
 *
 * <h2>What is computed, precisely</h2>
 * <ul>
 *   <li><b>K-weighting</b> (BS.1770-4 Annex 1): shelf and RLB high-pass designed per sample rate
 *       from the analogue prototype by the bilinear transform with prewarping, with libebur128
 *       1.2.6's constants (high-pass numerator {@code [1, -2, 1]} as in the Recommendation's
 *       table); two biquads in double. Agrees with libebur128 within 0.005 LU at 8 to 96 kHz.
 *   <li><b>Sub-blocks</b> of {@code (fs + 5) / 10} frames (100 ms); gating blocks are 4 of them
 *       (400 ms, 75 % overlap), short-term windows 30 (3 s).
 *   <li><b>Integrated</b>: absolute gate -70 LUFS, relative gate -10 LU, blocks kept strictly above
 *       the relative gate. Blocks live in a fixed 0.01 LU histogram that keeps exact energy sums,
 *       so the result is exact except for blocks within 0.01 LU of the relative gate (kept or
 *       dropped together by their mean). Memory does not grow with the length.
 *   <li><b>LRA</b> (Tech 3342): short-term values once per second from 3 s on (libebur128's rate;
 *       {@code LraSampling.EVERY_100_MS} is offered), gates -70 LUFS and -20 LU, 10th to 95th
 *       percentile with the nearest-rank index {@code floor((n - 1) p + 0.5)}, each percentile the
 *       mean of its 0.01 LU bin (exact for steady tones, within 0.01 LU otherwise).
 *   <li><b>Max momentary / short-term</b>: the maximum over <em>every</em> window of exactly 4 (30)
 *       sub-block lengths lying entirely inside the signal, at a hop of one sample (not a 100 ms
 *       read-out grid: on Tech 3341 case 13 a 100 ms grid reads up to 0.45 LU low). Running window
 *       sums are re-set from exact sub-block sums at every boundary. Undefined (NaN) for signals
 *       shorter than the window.
 *   <li><b>Sample peak</b>: max |x| over channels. <b>True peak</b>: BS.1770-4 Annex 2 (48-tap
 *       FIR, 4 phases of 12, 4x at every rate, double, full convolution including the tail after
 *       the last sample). It is the interpolator's own peak, not floored at the sample peak (on
 *       an fs/4 tone whose crests fall on samples it reads 0.2 dB below the sample peak, within
 *       Tech 3341's tolerance). Blocks that provably cannot raise it (samples below the running
 *       maximum / 2.02, the phases' largest sum of |taps|) are skipped: exact.
 *   <li><b>Channels</b>: weights from positions (60-120 degrees either side and under 30 degrees of
 *       elevation: 1.41; LFE: 0; everything else 1.0), up to 24 channels; mono is weight 1.0
 *       unless declared dual mono (2.0).
 *   <li><b>Undefined results</b> are typed ({@link io.themachine.audio.dsp.LoudnessStatus}): too
 *       short (with a labelled ungated estimate), below the absolute gate (silence), non-finite
 *       input (counted, measured as 0). Never a silent -inf or -70.
 * </ul>
 */
package io.themachine.audio.dsp;
