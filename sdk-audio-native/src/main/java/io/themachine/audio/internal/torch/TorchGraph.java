package io.themachine.audio.internal.torch;

import static org.bytedeco.pytorch.global.torch.from_blob;
import static org.bytedeco.pytorch.global.torch.set_num_threads;

import io.themachine.audio.separation.ModelException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.JitModule;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;

/**
 * The one owner of a {@code torch::jit::Module} and of the native input buffer its input tensors
 * wrap. Input tensors are {@code torch::from_blob} views of that buffer (no copy, no deleter: the
 * buffer outlives them); the output tensor is kept until the next call so its memory can be read in
 * place. Close frees the module, the last output and the buffer; idempotent; use after close throws.
 */
public final class TorchGraph implements TensorGraph {
  private JitModule module;
  private FloatPointer input;
  private long capacity;
  private Tensor last;
  private final String path;

  private TorchGraph(JitModule module, String path) {
    this.module = module;
    this.path = path;
  }

  /** Loads a TorchScript file on the CPU in eval mode. Called by name after {@link TorchAvailability#require}. */
  public static TensorGraph open(Path model) {
    TorchAvailability.require("torch::jit::load");
    if (!Files.isRegularFile(model)) throw new ModelException("torch::jit::load: model file not found");
    String p = model.toAbsolutePath().toString();
    JitModule m;
    try {
      m = org.bytedeco.pytorch.global.torch.load(p);
    } catch (RuntimeException e) {
      throw new ModelException("torch::jit::load failed: " + firstLine(e, p) + " (not a TorchScript archive?)");
    }
    try {
      m.eval();
    } catch (RuntimeException e) {
      m.close();
      throw new ModelException("torch::jit::Module::eval failed: " + firstLine(e, p));
    }
    return new TorchGraph(m, p);
  }

  private JitModule module() {
    JitModule m = module;
    if (m == null) throw new IllegalStateException("TorchGraph used after close");
    return m;
  }

  @Override
  public MemorySegment input(long floats) {
    module();
    if (floats > capacity) {
      if (input != null) input.close();
      input = new FloatPointer(floats);
      capacity = floats;
    }
    return MemorySegment.ofAddress(input.address()).reinterpret(floats * Float.BYTES);
  }

  @Override
  public MemorySegment forward(long[] shape, long expect) {
    JitModule m = module();
    long n = 1;
    for (long d : shape) n *= d;
    if (n > capacity) throw new IllegalArgumentException("forward: shape " + Arrays.toString(shape) + " exceeds the input buffer");
    if (last != null) {
      last.close();
      last = null;
    }
    Tensor x = from_blob(input, shape);
    IValue arg = new IValue(x);
    IValueVector args = new IValueVector(arg);
    IValue out = null;
    Tensor t = null;
    try (NoGradGuard ignored = new NoGradGuard()) {
      out = m.forward(args);
      if (out.isTensor()) {
        t = out.toTensor();
      } else if (out.isTuple() && out.toTuple().elements().size() > 0 && out.toTuple().elements().get(0).isTensor()) {
        t = out.toTuple().elements().get(0).toTensor();
      } else {
        throw new ModelException("forward: the model returned neither a tensor nor a tuple starting with one");
      }
      String type = String.valueOf(t.scalar_type());
      boolean cpu = t.is_cpu();
      if (!"Float".equals(type) || !cpu) {
        throw new ModelException("forward: the model's output is not a float32 CPU tensor (" + type + ", cpu " + cpu + ")");
      }
      if (t.numel() != expect) {
        throw new ModelException("forward: the model returned " + t.numel() + " values for input " + Arrays.toString(shape)
            + ", the card implies " + expect + " (check stems, channels and the STFT convention)");
      }
      Tensor c = t.contiguous();
      last = c;
      return MemorySegment.ofAddress(c.data_ptr_float().address()).reinterpret(expect * Float.BYTES);
    } catch (ModelException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ModelException("torch::jit::Module::forward failed for input " + Arrays.toString(shape) + ": "
          + firstLine(e, path) + " (does the card fit the model?)");
    } finally {
      if (t != null) t.close();
      if (out != null) out.close();
      args.close();
      arg.close();
      x.close();
    }
  }

  @Override
  public void threads(int n) {
    module();
    if (n > 0) {
      set_num_threads(n);
      TorchNatives.blasThreads(n); // BLAS inside an op, as PyTorch does for MKL
    }
  }

  @Override
  public void close() {
    JitModule m = module;
    module = null;
    if (m == null) return;
    if (last != null) last.close();
    last = null;
    m.close();
    if (input != null) input.close();
    input = null;
    capacity = 0;
  }

  // libtorch's message: the first line (the rest is a C++ stack), the file's path cut out.
  private static String firstLine(Throwable e, String path) {
    String s = String.valueOf(e.getMessage());
    int nl = s.indexOf('\n');
    if (nl >= 0) s = s.substring(0, nl);
    s = s.replace(path, "<model>");
    if (s.length() > 300) s = s.substring(0, 300) + "…";
    return s;
  }

  @Override
  public String toString() {
    return "TorchGraph[" + (module == null ? "closed" : "open") + "]";
  }
}
