/*
 * ebur128_peer.c - times libebur128 on a raw interleaved float32 file, for loudness-peer.sh.
 *
 *   ebur128_peer FILE.f32 CHANNELS RATE REPEATS [ROLES]
 *
 * ROLES (optional): comma-separated libebur128 channel values (0 unused/LFE, 1 L, 2 R, 3 C, 4 Ls,
 * 5 Rs, 6 dual mono, 11 M+090, 12 M-090, 13 M+135, 14 M-135); without it libebur128's default map.
 *
 * For each mode (I alone; I + LRA + M + S + sample peak + true peak) it feeds the whole file in
 * 100 ms chunks, best of REPEATS wall-clock runs (the file is read into memory first, reading is
 * not timed), and prints: libebur128 MODE seconds I LRA TP SP
 */
#include <ebur128.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc != 5 && argc != 6) { fprintf(stderr, "usage: %s FILE.f32 CHANNELS RATE REPEATS [ROLES]\n", argv[0]); return 2; }
  int roles[64] = {0};
  int nroles = 0;
  if (argc == 6) {
    char *p = argv[5];
    while (*p && nroles < 64) { roles[nroles++] = (int) strtol(p, &p, 10); if (*p == ',') p++; }
  }
  unsigned ch = (unsigned) atoi(argv[2]);
  unsigned long rate = strtoul(argv[3], NULL, 10);
  int repeats = atoi(argv[4]);
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror("fopen"); return 1; }
  fseek(f, 0, SEEK_END);
  long bytes = ftell(f);
  fseek(f, 0, SEEK_SET);
  float *x = malloc((size_t) bytes);
  if (!x || fread(x, 1, (size_t) bytes, f) != (size_t) bytes) { fprintf(stderr, "read failed\n"); return 1; }
  fclose(f);
  size_t frames = (size_t) bytes / (sizeof(float) * ch);
  int modes[2] = {EBUR128_MODE_I,
                  EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_M | EBUR128_MODE_S | EBUR128_MODE_SAMPLE_PEAK | EBUR128_MODE_TRUE_PEAK};
  const char *names[2] = {"I", "full"};
  size_t chunk = (rate + 5) / 10;
  for (int m = 0; m < 2; m++) {
    double best = 1e30, I = 0, lra = NAN, tp = NAN, sp = NAN;
    for (int r = 0; r < repeats + 1; r++) {
      double t0 = now();
      ebur128_state *st = ebur128_init(ch, rate, modes[m]);
      for (int c = 0; c < nroles && c < (int) ch; c++) ebur128_set_channel(st, (unsigned) c, roles[c]);
      for (size_t p = 0; p < frames; p += chunk) {
        size_t n = frames - p < chunk ? frames - p : chunk;
        ebur128_add_frames_float(st, x + p * ch, n);
      }
      ebur128_loudness_global(st, &I);
      if (m == 1) {
        ebur128_loudness_range(st, &lra);
        double mx = 0, ms = 0, v;
        for (unsigned c = 0; c < ch; c++) {
          ebur128_true_peak(st, c, &v); if (v > mx) mx = v;
          ebur128_sample_peak(st, c, &v); if (v > ms) ms = v;
        }
        tp = 20 * log10(mx);
        sp = 20 * log10(ms);
      }
      ebur128_destroy(&st);
      double s = now() - t0;
      if (r >= 1 && s < best) best = s; /* first run warms caches and page-faults */
    }
    printf("libebur128 %s %.6f %.4f %.4f %.4f %.4f\n", names[m], best, I, lra, tp, sp);
  }
  free(x);
  return 0;
}
