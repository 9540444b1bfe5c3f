#!/usr/bin/env bash
# Runs the slow suites (@Tag("slow")): e.g. 100 kill -9 rounds instead of the default run's 20.
set -euo pipefail
cd "$(dirname "$0")/.."
# One JVM per test class (reuseForks=false): the allocation-bounded tests (streaming normalization)
# count bytes allocated, which depends on what the JIT inlined; after TorchMemorySlowTest in the same
# JVM the 30-minute normalization allocated 4 GB of short-lived garbage (3 MB in a JVM of its own).
exec ./mvnw -B verify -Dexcluded.test.groups=gpu -Dincluded.test.groups=slow -Dsurefire.failIfNoSpecifiedTests=false \
  -DreuseForks=false "$@"
