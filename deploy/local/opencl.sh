# shellcheck shell=bash
# With TORNADOVM_HOME set, the TornadoVM backend's tests need an OpenCL device. Where none is registered,
# Debian's PoCL turns the CPU into one (installed as root, once); a machine with a GPU driver keeps its own.
archlab_require_opencl() {
  [ -n "${TORNADOVM_HOME:-}" ] || return 0
  if compgen -G "/etc/OpenCL/vendors/*.icd" >/dev/null; then return 0; fi
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "archlab: no OpenCL device registered; installing PoCL (Debian packages pocl-opencl-icd, ocl-icd-opencl-dev, clinfo)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq pocl-opencl-icd ocl-icd-opencl-dev opencl-headers clinfo >/dev/null
  fi
  if ! compgen -G "/etc/OpenCL/vendors/*.icd" >/dev/null; then
    echo "archlab: TORNADOVM_HOME is set but no OpenCL device is registered (/etc/OpenCL/vendors is empty)." >&2
    echo "  Install a GPU driver's OpenCL ICD, or PoCL: sudo apt-get install pocl-opencl-icd" >&2
    exit 1
  fi
}
