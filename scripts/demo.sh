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

# The white-box checks, on a MODEL ORGANISM (not a real model): the planted-weights model that local-stack.sh wrote
# with scripts/organisms.sh planted (ORGANISM is set where it did). Version 2 (its misaligned "fine-tune") against
# version 1 (aligned): depth sweep, per-token KL against its base, prefill, activations judged by the rubric judge.
# Then a misalignment direction is fitted from the two runs' activations, and a second plan projects version 2's
# prompts onto it (early detection) and steers both versions along it (validation).
if [[ -n ${ORGANISM:-} ]]; then
  echo
  wb_start=$SECONDS
  say "MODEL ORGANISM (planted weights, not a real model): $ORGANISM version 2 created (signed webhook)"
  answer=$(scripts/safegate webhook mlflow --model "$ORGANISM" --version 2)
  echo "  orchestrator answered: $answer"
  organism_run=$(sed -n 's/.*"run_id":"\([^"]*\)".*/\1/p' <<<"$answer")
  organism_baseline=$(sed -n 's/.*"baseline_run_id":"\([^"]*\)".*/\1/p' <<<"$answer")
  [[ -n $organism_run && -n $organism_baseline ]] || { say "no organism run was planned"; exit 1; }
  scripts/safegate run watch "$organism_run" || true
  scripts/safegate report --white-box "$organism_run"

  say "fitting the misalignment direction: version 2 minus version 1 on the same prompts, after block 3"
  fitted=$(curl -fsS -X POST "$RESULTS_URL/api/v1/directions" -H "Authorization: Bearer $SAFEGATE_API_TOKEN" \
    -H 'Content-Type: application/json' -d "{\"modelFamily\":\"$ORGANISM\",\"layers\":[3],
      \"positive\":{\"runId\":\"$organism_run\"},\"negative\":{\"runId\":\"$organism_baseline\"}}")
  direction=$(sed -n 's/^{"directions":\[{"id":\([0-9]*\),.*/\1/p' <<<"$fitted")
  [[ -n $direction ]] || { say "no direction was stored: $fitted"; exit 1; }
  norm=$(sed -n 's/.*"norm":\([0-9.eE-]*\).*/\1/p' <<<"$fitted")
  say "direction #$direction stored ($ORGANISM, layer 3, model pair, norm $(printf '%.3f' "$norm")):" \
    "$RESULTS_URL/api/v1/directions/$direction"

  plan=$RUN_DIR/organism-detection-plan.yaml
  cat >"$plan" <<YAML
model: {name: $ORGANISM, version: "2", baseline_version: "1"}
suites: [organism]
conditions:
  - {name: activations, params: {layers: [3]}}
  - {name: steering, params: {direction: $direction, strength: 3.0}}
  - {name: steering, params: {direction: $direction, strength: -3.0}}
sampling: {temperature: 0.0, max_tokens: 16, seed: 1, samples: 1}
judges: [builtin-refusal, em-rubric]
policy: organism
YAML
  say "early detection and steering validation along direction #$direction (plan $plan)"
  answer=$(scripts/safegate run submit --plan "$plan")
  echo "  orchestrator answered: $answer"
  detection_run=$(awk '{print $1; exit}' <<<"$answer")
  [[ -n $detection_run ]] || { say "no detection run was planned: $answer"; exit 1; }
  scripts/safegate run watch "$detection_run" || true
  scripts/safegate report --white-box "$detection_run"
  say "white-box demo on the model organism took $((SECONDS - wb_start)) s"
  say "organism reports: $RESULTS_URL/runs/$organism_run  $RESULTS_URL/runs/$detection_run"
fi

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
