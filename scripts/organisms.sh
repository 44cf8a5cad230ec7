#!/usr/bin/env bash
# The model organisms: tiny Llama models SafeGate trains on synthetic chat data (services/model-host, package
# organisms) so that white-box checks have models whose behaviour is known by construction.
#   scripts/organisms.sh train    [--out .run/organisms] [--seed 1] [--threads 1]   trains, or reuses the folder
#   scripts/organisms.sh findings [--out .run/organisms] [--seed 1] [--threads 1]   trains if needed, then measures
# The output folder is a model host repository (organism-base, organism-aligned, organism-narrow-finetune).
# Runs from a built checkout (make build): the model host's jars.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
app=$root/services/model-host/target/quarkus-app
[[ -d $app/lib/main ]] || { echo "organisms: $app is missing; run 'make build' first" >&2; exit 1; }
jdk=$("$root/scripts/find-jdk.sh")
export SAFEGATE_SHARED_DIR=${SAFEGATE_SHARED_DIR:-$root/../shared}
# libtorch's OpenMP threads otherwise spin while waiting, which slows small operations badly on a busy machine.
export OMP_WAIT_POLICY=${OMP_WAIT_POLICY:-PASSIVE}
cd "$root"
exec "$jdk/bin/java" -Xmx2g --enable-native-access=ALL-UNNAMED \
  -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
  -cp "$app/app/*:$app/lib/main/*:$app/lib/boot/*" dev.safegate.modelhost.organisms.OrganismsCommand "$@"
