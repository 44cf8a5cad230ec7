#!/usr/bin/env bash
# `make bench`: runs every benchmark one after the other in this invocation (so their figures come from the same
# machine state) and prints each one's table. Benchmarks are plain main classes in the modules' test sources.
# ONLY="pipeline worker" runs just those (render plan sequential model-host transformers organisms publish ingest worker image-audit pipeline); PIPELINE_ARGS
# goes to the pipeline benchmark, e.g. PIPELINE_ARGS="--scale-tasks 0 --latency-tasks 6400".
set -euo pipefail
cd "$(dirname "$0")/.."
export SAFEGATE_SHARED_DIR=${SAFEGATE_SHARED_DIR:-$(pwd)/../shared}
OUT=.run/bench
mkdir -p "$OUT"

echo "[bench] building (tests skipped)"
mvn -B -q install -DskipTests >"$OUT/build.log" 2>&1 || { echo "build failed, see $OUT/build.log"; exit 1; }

ONLY=${ONLY:-}
# wanted NAME: whether ONLY is empty or names NAME.
wanted() { [[ -z $ONLY || " $ONLY " == *" $1 "* ]]; }

# run_bench MODULE MAIN_CLASS [ARGS...]: runs a benchmark main with the module's test classpath.
run_bench() {
  local module=$1 main=$2; shift 2
  local cp_file=$OUT/${module//\//_}.classpath
  if [[ ! -f $cp_file || services/$module/pom.xml -nt $cp_file ]]; then
    mvn -B -q -f "services/$module/pom.xml" test-compile dependency:build-classpath \
      -Dmdep.outputFile="$(pwd)/$cp_file" -Dmdep.includeScope=test >>"$OUT/build.log" 2>&1
  fi
  echo
  echo "=== $module: $main $*"
  java -Xmx1g --enable-native-access=ALL-UNNAMED -Dsafegate.shared.dir="$SAFEGATE_SHARED_DIR" \
    -cp "services/$module/target/test-classes:services/$module/target/classes:$(cat "$cp_file")" "$main" "$@"
}

wanted render && run_bench core dev.safegate.core.template.RenderBenchmark 10000
wanted plan && run_bench core dev.safegate.core.plan.PlanExpansionBenchmark
# Sequential decisions: false-FAIL rate, power and generations saved on simulated paired outcomes (no services).
wanted sequential && run_bench core dev.safegate.core.stats.sequential.SequentialBenchmark 10000
wanted model-host && run_bench model-host dev.safegate.modelhost.bench.ModelHostBenchmark all
wanted transformers && run_bench model-host dev.safegate.modelhost.transformers.TransformersBenchmark 2
# The model organisms: trained into .run/organisms when not there yet (minutes), then measured (README of the model host).
wanted organisms && OMP_WAIT_POLICY=PASSIVE run_bench model-host dev.safegate.modelhost.organisms.OrganismsCommand \
  findings --out .run/organisms --seed 1
wanted publish && run_bench orchestrator dev.safegate.orchestrator.PublishBenchmark
wanted ingest && run_bench results dev.safegate.results.IngestBenchmark 50000
# Image audit: perturbed images/s through LIME vs a bare client sending the same batches; SLIC ms per image.
wanted image-audit && run_bench cli dev.safegate.cli.ImageAuditBenchmark 32 500

if wanted worker; then
  echo
  echo "=== inference-worker: WorkerThroughputBenchmark (bare gRPC client vs the worker, same model and concurrency)"
  mvn -B -q -f services/inference-worker/pom.xml test -Dtest=WorkerThroughputBenchmark -Dsafegate.bench=true \
    -Dsurefire.failIfNoSpecifiedTests=false 2>&1 | grep -E '^BENCH' || true
fi
# The whole pipeline as separate processes (webhook -> orchestrator -> Kafka -> worker -> model host -> judge ->
# results -> PostgreSQL): efficiency against a bare gRPC client, latencies, memory, and a 100,000-task run.
# shellcheck disable=SC2086 # PIPELINE_ARGS is a list of words
wanted pipeline && run_bench e2e dev.safegate.e2e.bench.PipelineBenchmark ${PIPELINE_ARGS:-}
exit 0 # a skipped last benchmark is not a failure
