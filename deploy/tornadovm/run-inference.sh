#!/usr/bin/env bash
# Runs inference-service on TornadoVM: the JVM gets the SDK's flags (its argfile) and the server runs from an
# extracted jar (TornadoVM reads kernel class files through the system class loader, which cannot look inside a
# Spring Boot jar). The container image for GPU nodes uses it as its entry point; ./archlab up does the same.
#
#   TORNADOVM_HOME=/path/to/sdk deploy/tornadovm/run-inference.sh <inference-server jar | extracted app jar> [args]
#
# ARCHLAB_INFERENCE_BACKEND picks the backend (auto, jvm, tornadovm, tornadovm:<device>); `tornadovm` (the
# default here) refuses to start without a TornadoVM device instead of falling back to the JVM.
set -euo pipefail

jar=${1:?usage: run-inference.sh <inference-server jar> [server args]}
shift
: "${TORNADOVM_HOME:?set TORNADOVM_HOME to an installed TornadoVM SDK (docs/tornadovm.md)}"
if [ ! -f "$TORNADOVM_HOME/tornado-argfile" ]; then
  echo "run-inference: $TORNADOVM_HOME/tornado-argfile is missing; generate it as docs/tornadovm.md says" >&2
  exit 1
fi
export ARCHLAB_INFERENCE_BACKEND=${ARCHLAB_INFERENCE_BACKEND:-tornadovm}

# A Spring Boot jar (it carries BOOT-INF/) is extracted once next to itself, again when it changes.
if unzip -l "$jar" 2>/dev/null | grep -q 'BOOT-INF/' || { command -v jar >/dev/null && jar tf "$jar" | grep -q '^BOOT-INF/'; }; then
  extracted="${jar%.jar}-extracted"
  if [ ! -d "$extracted" ] || [ "$jar" -nt "$extracted" ]; then
    rm -rf "$extracted"
    java -Djarmode=tools -jar "$jar" extract --destination "$extracted" >/dev/null
  fi
  jar="$extracted/$(basename "$jar")"
fi

# TornadoVM's module path brings an older log4j-api as a named module, which shadows the one Spring Boot ships:
# Spring's logging goes straight to SLF4J, and the Log4j2 metrics (which would touch the old API) stay off.
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
exec java "@$TORNADOVM_HOME/tornado-argfile" --add-modules=jdk.incubator.vector --enable-native-access=ALL-UNNAMED \
  -Dorg.apache.commons.logging.LogFactory=org.apache.commons.logging.impl.Slf4jLogFactory \
  -Dspring.autoconfigure.exclude=org.springframework.boot.micrometer.metrics.autoconfigure.logging.log4j2.Log4J2MetricsAutoConfiguration \
  ${JAVA_OPTS:-} -jar "$jar" "$@"
