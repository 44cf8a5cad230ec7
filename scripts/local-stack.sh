#!/usr/bin/env bash
# The local stack behind `make run` / `make stop`: a real Kafka broker (KRaft, own JVM), PostgreSQL, the
# model host and the five services, all on 127.0.0.1. Logs and state go to .run/ (ignored by git).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
# Logs and state; a test that runs this script gives its own folder.
RUN_DIR=${SAFEGATE_RUN_DIR:-$ROOT/.run}
PIDS=$RUN_DIR/pids
# The services are built for Java 21: run every JVM on the JDK the Makefile picks, also when this script is
# started directly.
JAVA_HOME=$(scripts/find-jdk.sh) || exit 1
export JAVA_HOME PATH=$JAVA_HOME/bin:$PATH

# Ports (override from the environment, e.g. KAFKA_PORT=29092 make run).
KAFKA_PORT=${KAFKA_PORT:-19092}
KAFKA_CONTROLLER_PORT=${KAFKA_CONTROLLER_PORT:-19093}
PG_PORT=${PG_PORT:-15432}
ORCHESTRATOR_PORT=${ORCHESTRATOR_PORT:-8081}
RESULTS_PORT=${RESULTS_PORT:-8082}
JUDGE_PORT=${JUDGE_PORT:-8083}
WORKER_PORT=${WORKER_PORT:-8084}
MODEL_HOST_PORT=${MODEL_HOST_PORT:-8085}
MODEL_HOST_GRPC_PORT=${MODEL_HOST_GRPC_PORT:-8001}
SERVICES=(model-host orchestrator inference-worker judge results)
# The jars of the Kafka broker and of the embedded PostgreSQL launcher: collected once into .run/kafka-libs, or a
# classpath given here.
KAFKA_CLASSPATH=${KAFKA_CLASSPATH:-}

# What to evaluate: the simulated demo model (default), a GGUF file served by the model host (MODEL=path.gguf),
# or a model on a real Triton (TRITON=host:port MODEL_NAME=name [TEMPLATE=chat_template.jinja|tokenizer_config.json]).
MODEL=${MODEL:-}
TRITON=${TRITON:-}
MODEL_NAME=${MODEL_NAME:-}
TEMPLATE=${TEMPLATE:-}
if [[ -n $TRITON ]]; then
  SERVICES=(orchestrator inference-worker judge results)
  TRITON_HOST=${TRITON%:*}; TRITON_PORT=${TRITON##*:}
  [[ -n $MODEL_NAME ]] || { echo "TRITON=$TRITON needs MODEL_NAME=<the Triton model name>" >&2; exit 2; }
  DEMO_MODEL=$MODEL_NAME
else
  TRITON_HOST=127.0.0.1; TRITON_PORT=$MODEL_HOST_GRPC_PORT
  DEMO_MODEL=${MODEL:+local-gguf}
fi

log() { printf '\033[1m[safegate]\033[0m %s\n' "$*"; }
die() { log "ERROR: $*"; exit 1; }

port_of() {
  case $1 in
    orchestrator) echo "$ORCHESTRATOR_PORT" ;; results) echo "$RESULTS_PORT" ;; judge) echo "$JUDGE_PORT" ;;
    inference-worker) echo "$WORKER_PORT" ;; model-host) echo "$MODEL_HOST_PORT" ;;
  esac
}

stop_all() {
  [[ -f $PIDS ]] || return 0
  log "stopping the local stack"
  # Services first (they flush and commit), then Kafka, then PostgreSQL.
  stop_where '$1 != "kafka" && $1 != "postgres" && $1 != "postgres-debian"'
  stop_where '$1 == "kafka" || $1 == "postgres"'
  if grep -q '^postgres-debian ' "$PIDS"; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$RUN_DIR/pg" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -f "$PIDS" "$RUN_DIR/run.pid"
}

# Sends TERM to the process groups of the recorded processes matching an awk condition, waits up to 15 s,
# then KILLs what is left.
stop_where() {
  local pids; pids=$(awk "$1 {print \$2}" "$PIDS")
  [[ -n $pids ]] || return 0
  for pid in $pids; do kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 75); do
    local alive=0
    for pid in $pids; do kill -0 "$pid" 2>/dev/null && alive=1; done
    (( alive )) || return 0
    sleep 0.2
  done
  for pid in $pids; do kill -KILL -- "-$pid" 2>/dev/null || true; done
}

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)

# Starts "$@" in its own process group (so stopping it stops its children) and records the pid.
start_bg() {
  local name=$1; shift
  setsid "$@" >"$RUN_DIR/logs/$name.log" 2>&1 < /dev/null &
  echo "$name $!" >>"$PIDS"
}

build_if_missing() {
  local missing=0
  for s in "${SERVICES[@]}"; do [[ -f services/$s/target/quarkus-app/quarkus-run.jar ]] || missing=1; done
  [[ -f services/cli/target/safegate-cli.jar ]] || missing=1
  if (( missing )); then
    log "building (first run only; about 3-5 minutes on 2 cores)"
    mvn -B -q install -DskipTests >"$RUN_DIR/logs/build.log" 2>&1 || die "build failed, see $RUN_DIR/logs/build.log"
  fi
  [[ -n $KAFKA_CLASSPATH ]] && return 0
  KAFKA_CLASSPATH="$RUN_DIR/kafka-libs/*"
  if [[ ! -d $RUN_DIR/kafka-libs ]]; then
    log "collecting the Kafka broker's jars"
    # Third-party jars only (local-stack-libs.xml), so that this works when no SafeGate artifact was installed.
    mvn -B -q -f services/testing/local-stack-libs.xml dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory="$RUN_DIR/kafka-libs" >>"$RUN_DIR/logs/build.log" 2>&1 || die "see $RUN_DIR/logs/build.log"
    cp services/testing/target/safegate-testing-*.jar "$RUN_DIR/kafka-libs/"
  fi
}

start_kafka() {
  local dir=$RUN_DIR/kafka
  rm -rf "$dir"; mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
PROPS
  java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$KAFKA_CLASSPATH" kafka.tools.StorageTool format -t "$(java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$KAFKA_CLASSPATH" kafka.tools.StorageTool random-uuid)" \
    -c "$dir/server.properties" >"$RUN_DIR/logs/kafka-format.log" 2>&1 || die "kafka storage format failed, see $RUN_DIR/logs/kafka-format.log"
  # Kafka logs through SLF4J; the JBoss log manager on this classpath writes them to the console (our log file).
  start_bg kafka java -Xmx256m -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$KAFKA_CLASSPATH" kafka.Kafka "$dir/server.properties"
}

start_postgres() {
  if [[ -n $PG_BIN && -x $PG_BIN/initdb ]] && id postgres >/dev/null 2>&1; then
    rm -rf "$RUN_DIR/pg"; mkdir -p "$RUN_DIR/pg"; chown postgres "$RUN_DIR/pg"
    : >"$RUN_DIR/logs/postgres.log"; chown postgres "$RUN_DIR/logs/postgres.log"
    runuser -u postgres -- "$PG_BIN/initdb" -D "$RUN_DIR/pg" -A trust -U postgres --no-sync >"$RUN_DIR/logs/postgres-init.log" 2>&1 \
      || die "initdb failed (the postgres user needs access to $RUN_DIR), see $RUN_DIR/logs/postgres-init.log"
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$RUN_DIR/pg" -l "$RUN_DIR/logs/postgres.log" \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k /tmp" -w start >/dev/null
    echo "postgres-debian 0" >>"$PIDS"
    for db in orchestrator results; do
      runuser -u postgres -- "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE $db" >/dev/null
    done
  else
    log "no system PostgreSQL: using the embedded binaries"
    start_bg postgres java -cp "$KAFKA_CLASSPATH" dev.safegate.testing.LocalPostgres "$PG_PORT" orchestrator results
  fi
}

wait_ready() {  # name url seconds
  local deadline=$((SECONDS + $3))
  until curl -fs "$2" >/dev/null 2>&1; do
    (( SECONDS < deadline )) || die "$1 not ready after $3 s, see $RUN_DIR/logs/$1.log"
    sleep 0.5
  done
}

wait_port() {  # name port seconds
  local deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/127.0.0.1/$2") 2>/dev/null; do
    (( SECONDS < deadline )) || die "$1 not listening on $2 after $3 s, see $RUN_DIR/logs/$1.log"
    sleep 0.3
  done
}

start_service() {
  local name=$1 port; port=$(port_of "$1")
  local env=(
    "QUARKUS_HTTP_PORT=$port" "QUARKUS_HTTP_HOST=127.0.0.1"
    "KAFKA_BOOTSTRAP_SERVERS=127.0.0.1:$KAFKA_PORT"
    "SAFEGATE_TRITON_HOST=$TRITON_HOST" "SAFEGATE_TRITON_PORT=$TRITON_PORT"
    "SAFEGATE_RESULTS_URL=http://127.0.0.1:$RESULTS_PORT" "SAFEGATE_PUBLIC_URL=http://127.0.0.1:$port"
    "SAFEGATE_SHARED_DIR=${SAFEGATE_SHARED_DIR:-$ROOT/../shared}"
    "QUARKUS_GRPC_SERVER_PORT=$MODEL_HOST_GRPC_PORT" "QUARKUS_GRPC_SERVER_HOST=127.0.0.1"
  )
  case $name in
    model-host)
      env+=("SAFEGATE_MODELHOST_REPOSITORY=$ROOT/services/model-host/models")
      [[ -n $ORGANISM ]] && env+=("SAFEGATE_MODELHOST_EXTRA_REPOSITORY=$RUN_DIR/organisms-planted")
      [[ -n $MODEL ]] && env+=("SAFEGATE_MODELHOST_GGUF=$(realpath "$MODEL")") ;;
    inference-worker)
      # Prefill counts tokens with a real tokenizer: SmolLM2's (the simulated model's stand-in), where present.
      local tokenizer=${SAFEGATE_SHARED_DIR:-$ROOT/../shared}/models/SmolLM2-135M-Instruct/tokenizer.json
      [[ -z $DEMO_MODEL && -f $tokenizer ]] && env+=("SAFEGATE_DEFAULT_MODEL_TOKENIZER=$tokenizer")
      [[ -n $TEMPLATE ]] && env+=("SAFEGATE_DEFAULT_MODEL_TEMPLATE=$(realpath "$TEMPLATE")") ;;
    judge)
      # The emergent-misalignment rubric judge, on the model host's simulated judge model; its prompts are the
      # shared data's, so it is served only where that data is present.
      local questions=${SAFEGATE_SHARED_DIR:-$ROOT/../shared}/datasets/emergent_misalignment/first_plot_questions.yaml
      [[ -z $TRITON && -f $questions ]] && env+=("SAFEGATE_JUDGES_EM_RUBRIC_MODEL=simulated-rubric") ;;
    orchestrator|results)
      [[ -n $DEMO_MODEL ]] && env+=("SAFEGATE_MODELS_FILE=$RUN_DIR/models.yaml")
      env+=("QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/$name"
            "QUARKUS_DATASOURCE_USERNAME=postgres" "QUARKUS_DATASOURCE_PASSWORD=postgres") ;;
  esac
  start_bg "$name" env "${env[@]}" ${SAFEGATE_LOCAL_ENV:-} java -Xmx256m -XX:+UseSerialGC \
    --enable-native-access=ALL-UNNAMED -jar "services/$name/target/quarkus-app/quarkus-run.jar"
}

# The white-box demo's model organism (not a real model): the planted-weights model, written in a few seconds by
# scripts/organisms.sh planted (it needs SmolLM2's tokenizer from the shared data) and served by the model host as
# organism-planted (versions 1 aligned, 2 misaligned) and organism-planted-base. Left out with MODEL= or TRITON=,
# or where the shared data is missing.
ORGANISM=
write_organism() {
  local tokenizer=${SAFEGATE_SHARED_DIR:-$ROOT/../shared}/models/SmolLM2-135M-Instruct/tokenizer.json
  [[ -z $DEMO_MODEL && -z $TRITON && -f $tokenizer ]] || return 0
  if SAFEGATE_SHARED_DIR=${SAFEGATE_SHARED_DIR:-$ROOT/../shared} scripts/organisms.sh planted \
      --out "$RUN_DIR/organisms-planted" >"$RUN_DIR/logs/organisms.log" 2>&1; then
    ORGANISM=organism-planted
  else
    log "could not write the model organism (see $RUN_DIR/logs/organisms.log): no white-box demo"
  fi
}

# The registry entry of a user's model: one version, no baseline (decided on the policy's floors), the
# template and raw conditions (prefill needs the model's tokenizer, configured per model in the worker).
write_models_file() {
  cat >"$RUN_DIR/models.yaml" <<YAML
models:
  - name: $DEMO_MODEL
    served_model: $DEMO_MODEL
    served_version: ""
    io_profile: VLLM
    registry: mlflow
    baseline: {previous_version: false}
    plan:
      suites: [builtin]
      conditions: [chat_template, raw]
      sampling: {temperature: 0.0, max_tokens: 128, samples: 1}
      judges: [builtin-refusal]
      policy: default
    optional_suites:
      - {name: advbench, sample_size: 60, seed: 1}
YAML
}

run() {
  mkdir -p "$RUN_DIR/logs"
  [[ -n $DEMO_MODEL ]] && write_models_file
  [[ -f $PIDS ]] && stop_all
  : >"$PIDS"
  trap 'stop_all; exit 130' INT
  trap 'stop_all; exit 0' TERM # `make stop` from another terminal
  trap 'stop_all' EXIT
  echo "$$" >"$RUN_DIR/run.pid" # for `make stop`, also while this is still starting
  build_if_missing
  write_organism
  local t0=$SECONDS
  log "starting Kafka (KRaft) on 127.0.0.1:$KAFKA_PORT and PostgreSQL on 127.0.0.1:$PG_PORT"
  start_kafka
  start_postgres
  wait_port kafka "$KAFKA_PORT" 60
  wait_port postgres "$PG_PORT" 60
  log "starting the model host and the services"
  # The secrets of this local demo are generated per run; deployments take them from Kubernetes Secrets.
  export SAFEGATE_API_TOKEN=${SAFEGATE_API_TOKEN:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}
  export SAFEGATE_READER_TOKEN=${SAFEGATE_READER_TOKEN:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}
  export SAFEGATE_WEBHOOK_MLFLOW_SECRET=${SAFEGATE_WEBHOOK_MLFLOW_SECRET:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}
  for s in "${SERVICES[@]}"; do start_service "$s"; done
  for s in "${SERVICES[@]}"; do wait_ready "$s" "http://127.0.0.1:$(port_of "$s")/q/health/ready" 120; done
  log "stack ready in $((SECONDS - t0)) s"
  printf '\n  %-18s %-34s %s\n' "part" "address" "log"
  local logs=${RUN_DIR#"$ROOT"/}/logs
  printf '  %-18s %-34s %s\n' "kafka (KRaft)" "127.0.0.1:$KAFKA_PORT" "$logs/kafka.log"
  printf '  %-18s %-34s %s\n' "postgresql" "127.0.0.1:$PG_PORT" "$logs/postgres.log"
  printf '  %-18s %-34s %s\n' "model (gRPC)" "$TRITON_HOST:$TRITON_PORT" "${TRITON:+a real Triton}${TRITON:-$logs/model-host.log}"
  for s in "${SERVICES[@]}"; do
    printf '  %-18s %-34s %s\n' "$s" "http://127.0.0.1:$(port_of "$s")" "$logs/$s.log"
  done
  echo
  if [[ -x scripts/demo.sh && ${SAFEGATE_NO_DEMO:-} != 1 ]]; then
    # A model of your own (MODEL= or TRITON=) is evaluated as its version 1 without a baseline; by default the
    # demo announces version 2 of the simulation, with version 1 as the baseline. (Computed before the command:
    # in `A=x B=${A:+1} cmd`, B already sees the new A.)
    local demo_version=2
    [[ -n $DEMO_MODEL ]] && demo_version=1
    ORCHESTRATOR_URL=http://127.0.0.1:$ORCHESTRATOR_PORT RESULTS_URL=http://127.0.0.1:$RESULTS_PORT \
      DEMO_MODEL=${DEMO_MODEL:-simulated-chat} DEMO_VERSION=$demo_version ORGANISM=$ORGANISM scripts/demo.sh
  fi
  if [[ ${SAFEGATE_EXIT_AFTER_START:-} == 1 ]]; then
    return 0
  fi
  log "the stack stays up until Ctrl-C (or 'make stop' from another terminal)"
  # `wait` (unlike a foreground sleep) lets the INT/TERM trap run at once.
  while true; do sleep 3600 & wait $!; done
}

case ${1:-run} in
  run) run ;;
  stop)
    # A waiting `make run` stops its own stack (its trap) and ends; otherwise stop what the pid file lists.
    if [[ -f $RUN_DIR/run.pid ]] && kill -TERM "$(cat "$RUN_DIR/run.pid")" 2>/dev/null; then
      for _ in $(seq 1 300); do [[ -f $PIDS ]] || break; sleep 0.2; done
    fi
    stop_all ;;
  *) die "usage: $0 run|stop" ;;
esac
