package io.themachine.audio.internal.cpu;

/** {@link PolyphaseBlocks} in plain Java: the reference the vector kernel must match bit for bit. */
public final class ScalarPolyphaseBlocks extends PolyphaseBlocks {

  private final float[] ytmp; // [j BLOCKS + t]
  private final double[] ytmpD;

  public ScalarPolyphaseBlocks(PolyphaseDesign d, boolean single) {
    super(d, single);
    ytmp = single ? new float[up * BLOCKS] : null;
    ytmpD = single ? null : new double[up * BLOCKS];
  }

  @Override
  public void blocks(double[] in, int p0, int blocks, float[] out, int outOff, int count) {
    for (int j = 0; j < up; j++) {
      int e = j * taps;
      for (int t = 0; t < blocks; t++) {
        int b = p0 + t * down + base[j];
        if (single) {
          float acc = 0f;
          for (int q = 0; q < taps; q++) acc = Math.fma((float) in[b + q], hf[e + q], acc);
          ytmp[j * BLOCKS + t] = acc;
        } else {
          double acc = 0.0;
          for (int q = 0; q < taps; q++) acc = Math.fma(in[b + q], hd[e + q], acc);
          ytmpD[j * BLOCKS + t] = acc;
        }
      }
    }
    if (single) transpose(up, ytmp, out, outOff, count); else transpose(up, ytmpD, out, outOff, count);
  }
}
