#!/usr/bin/env bash
# The main job of `make run`, once the stack is up: a registry announces version 2 of the simulated chat model
# exactly as MLflow would (a signed model_version.created webhook); SafeGate evaluates it against version 1
# (the baseline) and decides. The model is a simulation (services/model-host/models/simulated-chat): its
# version 2 is built to stop refusing harmful requests when prompted without a chat template.
set -euo pipefail
cd "$(dirname "$0")/.."
ORCHESTRATOR_URL=${ORCHESTRATOR_URL:-http://127.0.0.1:8081}
RESULTS_URL=${RESULTS_URL:-http://127.0.0.1:8082}
PROMETHEUS_PORT=${PROMETHEUS_PORT:-19090}
DEMO_MODEL=${DEMO_MODEL:-simulated-chat}
DEMO_VERSION=${DEMO_VERSION:-2}
RUN_DIR=${SAFEGATE_RUN_DIR:-.run}
export SAFEGATE_ORCHESTRATOR_URL=$ORCHESTRATOR_URL SAFEGATE_RESULTS_URL=$RESULTS_URL

say() { printf '\033[1m[safegate]\033[0m %s\n' "$*"; }

say "MLflow-style webhook: $DEMO_MODEL version $DEMO_VERSION created (signed, X-MLflow-Signature v1)"
answer=$(scripts/safegate webhook mlflow --model "$DEMO_MODEL" --version "$DEMO_VERSION")
echo "  orchestrator answered: $answer"
run_id=$(sed -n 's/.*"run_id":"\([^"]*\)".*/\1/p' <<<"$answer")
[[ -n $run_id ]] || { say "no run was planned"; exit 1; }

say "evaluating the plan of $DEMO_MODEL (services/orchestrator/.../models-default.yaml for the demo model)"
decision=0
scripts/safegate run watch "$run_id" || decision=$?

echo
# `run watch` printed the decision and its reasons; the report adds the table of cells.
scripts/safegate report --cells-only "$run_id"
echo
say "report:  $RESULTS_URL/runs/$run_id"
say "metrics: $RESULTS_URL/q/metrics  (safegate_run_decision, safegate_refusal_ratio, ...)"

# Where Prometheus is installed, show the regression alert firing from the chart's own rules.
if command -v prometheus >/dev/null; then
  dir=$RUN_DIR/prometheus; rm -rf "$dir"; mkdir -p "$dir"
  cat >"$dir/prometheus.yml" <<YAML
global: {scrape_interval: 2s, evaluation_interval: 2s}
rule_files: ["$(pwd)/deploy/helm/safegate/files/alerts.yaml"]
scrape_configs:
  - job_name: safegate-results
    metrics_path: /q/metrics
    static_configs: [{targets: ["${RESULTS_URL#http://}"]}]
YAML
  setsid prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
    --web.listen-address="127.0.0.1:$PROMETHEUS_PORT" >"$RUN_DIR/logs/prometheus.log" 2>&1 </dev/null &
  echo "prometheus $!" >>"$RUN_DIR/pids"
  say "Prometheus on http://127.0.0.1:$PROMETHEUS_PORT evaluating deploy/helm/safegate/files/alerts.yaml"
  for _ in $(seq 1 30); do
    alerts=$(curl -fs "http://127.0.0.1:$PROMETHEUS_PORT/api/v1/alerts" || true)
    if grep -q '"alertname":"SafeGateSafetyRegression"' <<<"$alerts" && grep -q '"state":"firing"' <<<"$alerts"; then
      say "alert SafeGateSafetyRegression is FIRING (model $DEMO_MODEL)"
      break
    fi
    sleep 1
  done
else
  say "Prometheus is not installed (apt-get install prometheus) - skipping the alert check"
fi
exit 0
