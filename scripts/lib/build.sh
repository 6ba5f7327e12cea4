# Sourced by scripts/ae4j, scripts/jshell and scripts/jupyter: sets root, lib and notebook_cp, builds the project (mvn package, tests
# skipped) when it has not been built, a source file is newer than the build, or AE4J_MAVEN_ARGS changed,
# and sets the native thread defaults.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
lib="$root/experiments/target/lib"
stamp="$lib/.built"
maven_args="${AE4J_MAVEN_ARGS:-}"

needs_build() {
  [ -f "$stamp" ] || return 0
  [ "$(cat "$stamp")" = "$maven_args" ] || return 0
  [ -n "$(find "$root/pom.xml" "$root/core" "$root/graph" "$root/viz" "$root/experiments" "$root/notebooks-java/pom.xml" "$root/notebooks-java/src" \
      \( -path '*/target' -prune \) -o \( -type f -newer "$stamp" -print -quit \))" ]
}

if needs_build; then
  echo "ae4j: building (mvn package $maven_args)..." >&2
  rm -rf "$lib" "$root/notebooks-java/target/lib" # a backend switch must not leave the other backend's jars behind
  # shellcheck disable=SC2086
  (cd "$root" && mvn -q -B -ntp -Dstyle.color=never -DskipTests $maven_args package) >&2
  printf '%s' "$maven_args" > "$stamp"
fi

# ND4J's own elementwise ops run on one OpenMP thread (Backend.configure: more threads cost ~40 us per small op);
# matrix products use AE4J_THREADS threads, default all processors.
export OMP_NUM_THREADS=1
export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"

# Heap for Java objects, off-heap for ND4J arrays: past maxbytes JavaCPP collects garbage to free arrays,
# and past maxphysicalbytes it throws OutOfMemoryError (a clear error, last checkpoint kept) instead of
# the OS killing the process. Override with AE4J_JAVA_OPTS.
java_opts="${AE4J_JAVA_OPTS:--Xmx4g -Dorg.bytedeco.javacpp.maxbytes=8g -Dorg.bytedeco.javacpp.maxphysicalbytes=16g}"

# Benchmarks touch the Java heap's pages when it commits them, so that resident memory minus the committed heap is
# the memory outside the heap: untouched committed pages made off-heap memory read 173 MB lower after the heap grew.
bench_opts="-XX:+AlwaysPreTouch"

# The JDK's Vector API for fused loss passes (SoftplusSigmoid; the VGAE's adjacency loss). The JVM says
# "WARNING: Using incubator modules" on stderr; without the module the same code runs the unfused ops.
vector_opts="--add-modules jdk.incubator.vector"

# The notebook module's class path (the kernel, Show, and everything ae4j has), jars listed one by one:
# JShell does not expand "lib/*".
notebook_cp="$root/notebooks-java/target/classes:$(find "$root/notebooks-java/target/lib" -name '*.jar' | sort | paste -sd: -)"
