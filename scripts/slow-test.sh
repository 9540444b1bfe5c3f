#!/usr/bin/env bash
# Runs the slow suites (@Tag("slow")): e.g. 100 kill -9 rounds instead of the default run's 20.
set -euo pipefail
cd "$(dirname "$0")/.."
exec ./mvnw -B verify -Dexcluded.test.groups=gpu -Dincluded.test.groups=slow -Dsurefire.failIfNoSpecifiedTests=false "$@"
