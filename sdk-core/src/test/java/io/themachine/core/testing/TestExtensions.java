package io.themachine.core.testing;

import io.themachine.spi.ArtifactKind;
import io.themachine.spi.ArtifactWriter;
import io.themachine.spi.Descriptor;
import io.themachine.spi.Extension;
import io.themachine.spi.ExtensionContext;
import io.themachine.spi.ExtensionException;
import io.themachine.spi.NoParams;
import io.themachine.spi.Param;
import io.themachine.spi.ParamException;
import io.themachine.spi.Scope;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;

/** Small deterministic extensions over bytes, so core tests need no media backend. */
public final class TestExtensions {
  private TestExtensions() {}

  public static List<Extension<?>> all() {
    return List.of(new Transform(), new Measure(), new Fail(), new GroupSummary());
  }

  /** {@code test.transform}: writes each input byte XOR {@code key}, in 4 KiB writes, optionally slowly. */
  public static final class Transform implements Extension<Transform.Params> {
    public record Params(@Param("XOR key, 0 to 255") int key, @Param("pause per 4 KiB, ms") int delay_ms) {
      public Params {
        if (key < 0 || key > 255) throw new ParamException("key", "must be between 0 and 255");
        if (delay_ms < 0) throw new ParamException("delay_ms", "must not be negative");
      }
    }

    @Override public Descriptor<Params> descriptor() {
      return Descriptor.of("test.transform", "1.0.0", new Params(0x5a, 0))
          .consumes(ArtifactKind.RECORDING, ArtifactKind.DOCUMENT).produces(ArtifactKind.DOCUMENT)
          .summary("XORs bytes (a test extension)");
    }

    @Override public void run(ExtensionContext<Params> ctx) throws Exception {
      var in = ctx.input();
      long size = Files.size(in.path());
      try (ArtifactWriter w = ctx.newArtifact(ArtifactKind.DOCUMENT, "bin");
           InputStream is = Files.newInputStream(in.path())) {
        OutputStream os = w.stream();
        byte[] buf = new byte[4096];
        long done = 0;
        for (int n; (n = is.read(buf)) > 0; ) {
          for (int i = 0; i < n; i++) buf[i] ^= (byte) ctx.params().key();
          os.write(buf, 0, n);
          done += n;
          ctx.progress(size == 0 ? 1 : done / (double) size);
          ctx.checkCancelled();
          if (ctx.params().delay_ms() > 0) Thread.sleep(ctx.params().delay_ms());
        }
        w.metric("test.bytes", done).label("variant", "xor");
        var id = w.commit();
        ctx.log().info("transformed", "output", id, "bytes", done);
      }
      ctx.metric(in.id(), "test.input_bytes", size);
    }
  }

  /** {@code test.measure}: attaches the byte sum and a JSON summary to its input; produces nothing. */
  public static final class Measure implements Extension<NoParams> {
    @Override public Descriptor<NoParams> descriptor() {
      return Descriptor.of("test.measure", "2.1.0", NoParams.INSTANCE)
          .consumes(ArtifactKind.RECORDING, ArtifactKind.DOCUMENT);
    }

    @Override public void run(ExtensionContext<NoParams> ctx) throws Exception {
      long sum = 0;
      for (byte b : Files.readAllBytes(ctx.input().path())) sum += b & 0xff;
      ctx.metric(ctx.input().id(), "test.sum", sum);
      ctx.metric(ctx.input().id(), "test.nan", Double.NaN);
      ctx.metricJson(ctx.input().id(), "test.summary", "{\"sum\":" + sum + ",\"ok\":true}");
    }
  }

  /** {@code test.fail}: fails on inputs that start with "CORRUPT", or always with {@code always: true}. */
  public static final class Fail implements Extension<Fail.Params> {
    public record Params(boolean always) {}

    @Override public Descriptor<Params> descriptor() {
      return Descriptor.of("test.fail", "1.0.0", new Params(false)).consumes(ArtifactKind.RECORDING)
          .produces(ArtifactKind.DOCUMENT);
    }

    @Override public void run(ExtensionContext<Params> ctx) throws Exception {
      byte[] head = new byte[7];
      try (InputStream is = Files.newInputStream(ctx.input().path())) {
        is.readNBytes(head, 0, 7);
      }
      // Write part of an output first, so the test sees it discarded.
      try (ArtifactWriter w = ctx.newArtifact(ArtifactKind.DOCUMENT, "bin")) {
        w.stream().write(head);
        if (ctx.params().always() || new String(head, java.nio.charset.StandardCharsets.US_ASCII).equals("CORRUPT")) {
          throw new ExtensionException("input " + ctx.input().id().shortForm() + " is corrupt");
        }
        w.commit();
      }
    }
  }

  /** {@code test.group}: one document per call group listing its members' roles. */
  public static final class GroupSummary implements Extension<NoParams> {
    @Override public Descriptor<NoParams> descriptor() {
      return Descriptor.of("test.group", "1.0.0", NoParams.INSTANCE).consumes(ArtifactKind.RECORDING)
          .produces(ArtifactKind.DOCUMENT).scope(Scope.CALL_GROUP);
    }

    @Override public void run(ExtensionContext<NoParams> ctx) throws Exception {
      StringBuilder sb = new StringBuilder();
      for (var in : ctx.inputs()) sb.append(in.role().orElse("?")).append(' ').append(in.id()).append('\n');
      try (ArtifactWriter w = ctx.newArtifact(ArtifactKind.DOCUMENT, "txt")) {
        w.stream().write(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        w.commit();
      }
    }
  }
}
