# Sourced by gpu-test.sh and gpu-bench.sh: when Python is there, adds the CUDA libraries of its
# pip packages (site-packages/nvidia/*/lib, as PyTorch installs them) to THEMACHINE_CUDA_LIBS and
# LD_LIBRARY_PATH, so NVRTC finds its builtins library. The SDK searches the usual places itself;
# this only helps with virtual environments and user installs it cannot guess.
if command -v python3 >/dev/null 2>&1; then
  themachine_pip_cuda=$(python3 - <<'PY' 2>/dev/null || true
import glob, os, site
roots = list(site.getsitepackages()) + [site.getusersitepackages()]
dirs = []
for sp in roots:
    for d in sorted(glob.glob(os.path.join(sp, "nvidia", "*", "lib"))):
        if d not in dirs:
            dirs.append(d)
print(":".join(dirs))
PY
)
  if [ -n "$themachine_pip_cuda" ]; then
    export THEMACHINE_CUDA_LIBS="${THEMACHINE_CUDA_LIBS:+$THEMACHINE_CUDA_LIBS:}$themachine_pip_cuda"
    export LD_LIBRARY_PATH="${LD_LIBRARY_PATH:+$LD_LIBRARY_PATH:}$themachine_pip_cuda"
  fi
fi
