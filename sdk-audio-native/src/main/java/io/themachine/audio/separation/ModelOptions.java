package io.themachine.audio.separation;

import io.themachine.audio.separation.ModelCard.Fade;
import java.util.Locale;

/**
 * How {@link ModelSeparation} runs a model. Zero or null fields take the card's value; start from
 * {@link #defaults()} and change what you need: {@code ModelOptions.defaults().shifts(2).batch(4)}.
 *
 * @param segment   samples kept per chunk; must equal the card's for a traced (fixed-length) graph
 * @param overlap   fraction of a segment shared by neighbours, in [0, 1); NaN: the card's
 * @param fade      overlap-add weight; null: the card's
 * @param batch     chunks per forward call (more: faster on wide CPUs and GPUs, more memory)
 * @param shifts    Demucs' shift trick: run this many times on the input delayed by a random
 *                  {@code 0 .. sample_rate / 2} samples (SplitMix64 from {@code seed}) and average;
 *                  0 runs once with no delay
 * @param seed      the shifts' seed
 * @param normalize track normalisation (see {@link ModelCard#normalize()}); null: the card's
 * @param clip      what to do with stem samples outside [-1, 1]
 * @param channels  how the input's channel count is made the model's
 * @param residual  name of an extra stem {@code mix - sum(stems)}, or null for none
 * @param threads   libtorch intra-op threads ({@code at::set_num_threads}, process-wide); 0: leave
 */
public record ModelOptions(int segment, double overlap, Fade fade, int batch, int shifts, long seed, Boolean normalize,
    Clip clip, ChannelPolicy channels, String residual, int threads) {

  /** Stem samples outside [-1, 1]. */
  public enum Clip {
    /** Leave them (float output can carry them). */
    NONE,
    /** Clamp each sample to [-1, 1]. */
    CLAMP,
    /**
     * One gain per stem, {@code min(1, 1 / peak)}, over the whole output: the model runs twice
     * (once to find the peaks), so this costs double; memory stays bounded.
     */
    RESCALE
  }

  /** Input channels against the model's. Mono into a stereo model is always duplicated. */
  public enum ChannelPolicy {
    /**
     * Fold down: an {@code AudioSource} is opened at the model's layout (its decoder's remix
     * matrix); a reader or buffer with more channels than the model averages all of them into
     * every model channel.
     */
    DOWNMIX,
    /** Take the first {@code channels} input channels (e.g. front left and right of 5.1). */
    FIRST,
    /** Refuse input with more channels than the model. */
    REFUSE
  }

  public ModelOptions {
    if (segment < 0) throw new IllegalArgumentException("segment must not be negative");
    if (!Double.isNaN(overlap) && !(overlap >= 0 && overlap < 1)) throw new IllegalArgumentException("overlap must be in [0, 1)");
    if (batch < 1 || batch > 1024) throw new IllegalArgumentException("batch must be in 1..1024");
    if (shifts < 0 || shifts > 64) throw new IllegalArgumentException("shifts must be in 0..64");
    if (clip == null) clip = Clip.NONE;
    if (channels == null) channels = ChannelPolicy.DOWNMIX;
    if (residual != null && !residual.matches("[A-Za-z0-9_.-]{1,64}")) {
      throw new IllegalArgumentException("residual must be a stem name of letters, digits, '_', '.', '-'");
    }
    if (threads < 0) throw new IllegalArgumentException("threads must not be negative");
  }

  /** Everything from the card, one chunk per call, no shifts, no clipping, no residual stem. */
  public static ModelOptions defaults() {
    return new ModelOptions(0, Double.NaN, null, 1, 0, 0, null, Clip.NONE, ChannelPolicy.DOWNMIX, null, 0);
  }

  public ModelOptions segment(int v) { return new ModelOptions(v, overlap, fade, batch, shifts, seed, normalize, clip, channels, residual, threads); }

  public ModelOptions overlap(double v) { return new ModelOptions(segment, v, fade, batch, shifts, seed, normalize, clip, channels, residual, threads); }

  public ModelOptions fade(Fade v) { return new ModelOptions(segment, overlap, v, batch, shifts, seed, normalize, clip, channels, residual, threads); }

  public ModelOptions batch(int v) { return new ModelOptions(segment, overlap, fade, v, shifts, seed, normalize, clip, channels, residual, threads); }

  public ModelOptions shifts(int v) { return new ModelOptions(segment, overlap, fade, batch, v, seed, normalize, clip, channels, residual, threads); }

  public ModelOptions seed(long v) { return new ModelOptions(segment, overlap, fade, batch, shifts, v, normalize, clip, channels, residual, threads); }

  public ModelOptions normalize(Boolean v) { return new ModelOptions(segment, overlap, fade, batch, shifts, seed, v, clip, channels, residual, threads); }

  public ModelOptions clip(Clip v) { return new ModelOptions(segment, overlap, fade, batch, shifts, seed, normalize, v, channels, residual, threads); }

  public ModelOptions channels(ChannelPolicy v) { return new ModelOptions(segment, overlap, fade, batch, shifts, seed, normalize, clip, v, residual, threads); }

  public ModelOptions residual(String v) { return new ModelOptions(segment, overlap, fade, batch, shifts, seed, normalize, clip, channels, v, threads); }

  public ModelOptions threads(int v) { return new ModelOptions(segment, overlap, fade, batch, shifts, seed, normalize, clip, channels, residual, v); }

  /** The segment to use with {@code card}. */
  public int segmentFor(ModelCard card) {
    return segment > 0 ? segment : card.segment();
  }

  public double overlapFor(ModelCard card) {
    return Double.isNaN(overlap) ? card.overlap() : overlap;
  }

  public Fade fadeFor(ModelCard card) {
    return fade != null ? fade : card.fade();
  }

  public boolean normalizeFor(ModelCard card) {
    return normalize != null ? normalize : card.normalize();
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("ModelOptions[");
    if (segment > 0) b.append("segment ").append(segment).append(", ");
    if (!Double.isNaN(overlap)) b.append("overlap ").append(overlap).append(", ");
    if (fade != null) b.append(fade.name().toLowerCase(Locale.ROOT)).append(", ");
    b.append("batch ").append(batch);
    if (shifts > 0) b.append(", shifts ").append(shifts).append(" seed ").append(seed);
    if (normalize != null) b.append(normalize ? ", normalised" : ", not normalised");
    if (clip != Clip.NONE) b.append(", clip ").append(clip.name().toLowerCase(Locale.ROOT));
    if (channels != ChannelPolicy.DOWNMIX) b.append(", channels ").append(channels.name().toLowerCase(Locale.ROOT));
    if (residual != null) b.append(", residual ").append(residual);
    if (threads > 0) b.append(", ").append(threads).append(" threads");
    return b.append(']').toString();
  }
}
