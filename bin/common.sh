# Shared settings of the bin/ scripts (sourced, not run).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${STREAMYOLO_WORK:-$ROOT/work}"
FLINK_HOME="$WORK/flink"
# Flink's jars are fetched once and shared by every work directory (tests use their own).
FLINK_LIB="${STREAMYOLO_FLINK_LIB:-$ROOT/work/flink/lib}"
export FLINK_CONF_DIR="$FLINK_HOME/conf"
export FLINK_PLUGINS_DIR="$FLINK_HOME/plugins"
REST_PORT="${REST_PORT:-8081}"
JM_RPC_PORT="${JM_RPC_PORT:-6123}"
JOB_JAR="$ROOT/job/target/streamyolo-job-0.1.0-SNAPSHOT-flink.jar"

# Java 17 module openings that Flink needs (as in Flink's own config.yaml).
FLINK_JAVA_OPTS="--add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED \
--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED \
--add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED \
--add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED \
--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED -Dai.djl.offline=true -DOPT_OUT_TRACKING=true \
-Dai.djl.pytorch.graph_optimizer=false"

# libtorch's AVX-512 kernels compute wrong results on some virtual CPUs (measured here: whole runs
# with next to nothing detected, at random; never with AVX2). The same machines need
# OPENBLAS_CORETYPE=Haswell for OpenBLAS. Keep libtorch on AVX2 unless told otherwise.
export ATEN_CPU_CAPABILITY="${ATEN_CPU_CAPABILITY:-avx2}" ONEDNN_MAX_CPU_ISA="${ONEDNN_MAX_CPU_ISA:-AVX2}"

die() { echo "streamyolo: $*" >&2; exit 1; }

need_java() {
  command -v java >/dev/null 2>&1 || die "java not found: install a JDK 17 (apt-get install openjdk-17-jdk-headless)"
}

rest_answers() {
  curl -sf "http://127.0.0.1:$REST_PORT/overview" >/dev/null 2>&1
}

# Runs a main class of the benchmarks module in its own JVM, from benchmarks/ (where the benchmarks
# keep their videos, under target/). Builds the project first unless STREAMYOLO_SKIP_BUILD=1; with
# --help, prints the calling script's leading comment. Paths among the arguments must be absolute.
run_benchmark() {
  local main="$1"; shift
  if [ "${1:-}" = --help ] || [ "${1:-}" = -h ]; then
    sed -n '2,/^[^#]/{/^#/s/^# \{0,1\}//p}' "$0"; exit 0
  fi
  need_java
  if [ "${STREAMYOLO_SKIP_BUILD:-}" != 1 ]; then
    command -v mvn >/dev/null 2>&1 || die "mvn not found: install Maven (apt-get install maven)"
    (cd "$ROOT" && mvn -B -q -pl benchmarks -am install -DskipTests) >&2 || die "build failed"
  fi
  [ -f "$ROOT/benchmarks/target/runtime-classpath.txt" ] && [ -d "$ROOT/benchmarks/target/classes" ] \
    || die "no build of the benchmarks: run without STREAMYOLO_SKIP_BUILD"
  # A benchmark's local cluster is configured in code; the standalone cluster's config dir (which
  # exists only after bin/cluster or bin/setup-flink ran) must not be read.
  unset FLINK_CONF_DIR FLINK_PLUGINS_DIR
  export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.djl.ai}" OPT_OUT_TRACKING=true DJL_OFFLINE=true
  cd "$ROOT/benchmarks"
  exec java ${JAVA_OPTS:-} -Dai.djl.offline=true -DOPT_OUT_TRACKING=true -Dai.djl.pytorch.graph_optimizer=false \
    -Dlog4j.configurationFile=log4j2-cli.xml \
    -cp "target/classes:$(cat target/runtime-classpath.txt)" "$main" "$@"
}

# The absolute form of a path given relative to the caller's working directory.
absolute() {
  case "$1" in /*) echo "$1";; *) echo "$PWD/$1";; esac
}
