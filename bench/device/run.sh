#!/usr/bin/env bash
# The device half of bench/device (see README.md there): runs `npm run bench` for WebGPU (Dawn on the NVIDIA Vulkan
# driver) and wasm from the folder .gpu-bench/ that `npm run bench:device-prepare` wrote, with no network and no npm.
#   on the GPU machine:  bash bench/device/run.sh          (the device `run` call, carry [".gpu-bench"])
#   dry run here:        OUT=/tmp/gpu-dry bash bench/device/run.sh   (no nvidia-smi, so DRY_RUN=1: SwiftShader, quick)
# Writes to $OUT: run.log (everything), adapter.json, bench.json + bench.txt (the table), and bench-quick.json/.txt
# only when the full run did not finish in time. Env: DRY_RUN=1, BUDGET_S (whole script, default 480),
# BENCH_ARGS (replaces the benchmark's options), USE_CARRIED_NODE=1 (ignore the machine's node).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 1
G=$PWD/.gpu-bench
OUT=${OUT:-/tmp/gpu-bench-out}
# a machine without nvidia-smi gets the dry run (DRY_RUN=0 forces the full one)
DRY=${DRY_RUN:-$(command -v nvidia-smi >/dev/null && echo 0 || echo 1)}
BUDGET=${BUDGET_S:-480}
mkdir -p "$OUT"
T0=$SECONDS
say() { printf '\n== %s  [%ds]\n' "$*" $((SECONDS - T0)); }

unxz_to() { # SRC DST: xz, else Python's lzma
  if command -v xz >/dev/null; then xz -dc "$1" >"$2"
  elif command -v python3 >/dev/null; then python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"
  else echo "neither xz nor python3 to unpack $1"; return 1; fi
}

main() {
  [ -f "$G/bench/bench.mjs" ] || { echo "no $G/bench/bench.mjs: run 'npm run bench:device-prepare' and carry .gpu-bench"; return 1; }
  say "machine"
  uname -a; grep -m1 PRETTY_NAME /etc/os-release; nproc; id -un
  [ "$DRY" = 1 ] && echo "DRY_RUN=1: SwiftShader, quick"

  say "Vulkan loader"
  local deb lib dest=/
  if [ "$DRY" = 1 ]; then dest=/tmp/gpu-bench-dry-root; mkdir -p "$dest"; fi # never touch / here
  for deb in "$G"/debs/*.deb; do
    case $(basename "$deb") in libvulkan1_*) lib=libvulkan.so.1 ;; libglvnd0_*) lib=libGLdispatch.so.0 ;; *) lib=none ;; esac
    if [ "$DRY" != 1 ] && ldconfig -p | grep -q "$lib "; then echo "$lib already there; not unpacking $(basename "$deb")"; continue; fi
    dpkg -x "$deb" "$dest" && echo "unpacked $(basename "$deb") into $dest" || echo "could not unpack $deb"
  done
  [ "$DRY" = 1 ] || ldconfig
  ldconfig -p | grep -E 'libvulkan\.so\.1 |libGLdispatch\.so\.0 ' || echo "WARNING: no libvulkan.so.1 after unpacking"

  say "NVIDIA Vulkan ICD"
  local icd="" f
  for f in /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json /usr/share/vulkan/icd.d/nvidia_icd.json /etc/vulkan/icd.d/nvidia_icd.json; do
    [ -f "$f" ] && { icd=$f; break; }
  done
  [ -n "$icd" ] || icd=$(find /usr/local/nvidia /usr/share/vulkan /etc/vulkan /usr/local/share /usr/lib -maxdepth 6 -name 'nvidia_icd*.json' 2>/dev/null | head -1)
  if [ -n "$icd" ] && [ "$DRY" != 1 ]; then
    export VK_DRIVER_FILES=$icd VK_ICD_FILENAMES=$icd
    echo "VK_DRIVER_FILES=$icd"; cat "$icd"
    lib=$(sed -n 's/.*"library_path" *: *"\([^"]*\)".*/\1/p' "$icd")
    if [ -n "$lib" ] && [ "${lib#/}" = "$lib" ] && ! ldconfig -p | grep -q "$lib "; then
      for d in /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do [ -e "$d/$lib" ] && export LD_LIBRARY_PATH=$d${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}; done
      echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
    fi
    f=$lib; [ "${lib#/}" = "$lib" ] && f=$(ldconfig -p | awk -v l="$lib" '$1 == l {print $NF; exit}')
    [ -z "$f" ] && for d in ${LD_LIBRARY_PATH//:/ }; do [ -e "$d/$lib" ] && f=$d/$lib; done
    if [ -n "$f" ]; then echo "$lib -> $f"; ldd "$f" | grep 'not found' && echo "WARNING: the ICD library misses the libraries above"
    else echo "WARNING: $lib (the ICD's library) not found"; fi
  elif [ "$DRY" = 1 ] && [ -f /usr/lib/chromium/vk_swiftshader_icd.json ]; then
    export VK_DRIVER_FILES=/usr/lib/chromium/vk_swiftshader_icd.json VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json
    echo "dry run: SwiftShader, VK_DRIVER_FILES=$VK_DRIVER_FILES"
  else
    echo "WARNING: no nvidia_icd.json found; WebGPU will likely find no GPU adapter"
  fi

  say "node"
  local node="" major
  if [ "${USE_CARRIED_NODE:-0}" != 1 ] && command -v node >/dev/null; then
    major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
    [ "$major" -ge 20 ] && node=$(command -v node)
  fi
  if [ -z "$node" ]; then
    node=/tmp/gpu-bench-node
    unxz_to "$G/node.xz" "$node" && chmod +x "$node" || return 1
  fi
  echo "$node $("$node" --version)"
  local dawn=$G/node_modules/webgpu/dist/linux-x64/dawn.node
  if [ ! -s "$dawn" ] || [ "$dawn.xz" -nt "$dawn" ]; then unxz_to "$dawn.xz" "$dawn" || return 1; fi
  export XDG_RUNTIME_DIR=${XDG_RUNTIME_DIR:-/tmp/xdg-runtime}
  mkdir -p -m 700 "$XDG_RUNTIME_DIR"

  say "nvidia-smi"
  if command -v nvidia-smi >/dev/null; then timeout 30 nvidia-smi; else echo "no nvidia-smi"; fi

  say "WebGPU adapter (Dawn)"
  timeout -k 5 60 "$node" bench/device/adapter.mjs "$G/node_modules/webgpu" | tee "$OUT/adapter.json"
  if [ "$DRY" != 1 ] && grep -qiE 'swiftshader|llvmpipe|lavapipe' "$OUT/adapter.json"; then
    echo "WARNING: a software adapter, not the GPU: the benchmark will skip webgpu"
  fi

  say "smoke: tf.js webgpu"
  timeout -k 5 120 "$node" "$G/bench/bench.mjs" smoke webgpu || echo "WARNING: the webgpu smoke test failed (exit $?)"

  local args t rc
  if [ -n "${BENCH_ARGS:-}" ]; then read -ra args <<<"$BENCH_ARGS"
  elif [ "$DRY" = 1 ]; then args=(--backends wasm --sizes 50 --quick) # SwiftShader needs ~50 s a per-step iteration: smoke only
  else args=(--backends webgpu,wasm --sizes 50,256); fi
  t=$((BUDGET - (SECONDS - T0) - 75))
  [ "$t" -lt 60 ] && t=60
  say "bench ${args[*]} --json  (at most ${t}s)"
  timeout -k 10 "$t" "$node" "$G/bench/bench.mjs" "${args[@]}" --json >"$OUT/bench.json"
  rc=$?
  if [ "$rc" = 0 ] && [ -s "$OUT/bench.json" ]; then
    "$node" "$G/bench/bench.mjs" render "$OUT/bench.json" | tee "$OUT/bench.txt"
    return
  fi
  rm -f "$OUT/bench.json"
  t=$((BUDGET - (SECONDS - T0) - 5))
  echo "bench exited $rc ($([ "$rc" = 124 ] && echo "out of time" || echo failed)); the rows it finished are in the log above"
  [ "$DRY" = 1 ] || [ "$t" -lt 45 ] && return 1
  say "fallback: bench --backends webgpu --sizes 50 --quick --json  (at most ${t}s)"
  timeout -k 5 "$t" "$node" "$G/bench/bench.mjs" --backends webgpu --sizes 50 --quick --json >"$OUT/bench-quick.json" &&
    "$node" "$G/bench/bench.mjs" render "$OUT/bench-quick.json" | tee "$OUT/bench-quick.txt"
  return 1
}

main 2>&1 | tee "$OUT/run.log"
rc=${PIPESTATUS[0]}
# here, leave .gpu-bench/ as carried: the unpacked dawn.node (21 MiB) would count against the call's 64 MiB
[ "$DRY" = 1 ] && rm -f "$G/node_modules/webgpu/dist/linux-x64/dawn.node"
printf '\n== done: exit %s after %ds; in %s: %s\n' "$rc" $((SECONDS - T0)) "$OUT" "$(cd "$OUT" && ls | tr '\n' ' ')"
exit "$rc"
