# Sourced by ./mvnw and the launch scripts. themachine_find_jdk N prints the home
# of a JDK whose major version is at least N, looking in order at $THEMACHINE_JAVA_HOME,
# $JAVA_HOME, `java` on the PATH, then the usual install folders (Debian/Ubuntu
# packages, SDKMAN, ~/.jdks, /opt). Nothing machine-specific is configured here.
themachine_jdk_major() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p')
  [ -n "$v" ] || return 1
  echo "${v%%.*}"
}
themachine_find_jdk() {
  want=$1
  candidates="${THEMACHINE_JAVA_HOME:-} ${JAVA_HOME:-}"
  HOME=${HOME:-/nonexistent}
  if command -v java >/dev/null 2>&1; then
    j=$(readlink -f "$(command -v java)"); candidates="$candidates ${j%/bin/java}"
  fi
  # The caller may run with globbing off (the Maven wrapper uses set -f).
  case $- in *f*) noglob=1; set +f ;; *) noglob= ;; esac
  for d in /usr/lib/jvm/* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/*; do
    candidates="$candidates $d"
  done
  [ -n "$noglob" ] && set -f
  for d in $candidates; do
    [ -d "$d" ] || continue
    m=$(themachine_jdk_major "$d") || continue
    if [ "$m" -ge "$want" ] 2>/dev/null; then echo "$d"; return 0; fi
  done
  cat >&2 <<MSG
The Machine needs a JDK $want or newer, and none was found.
Looked at \$THEMACHINE_JAVA_HOME, \$JAVA_HOME, java on the PATH, /usr/lib/jvm, ~/.sdkman, ~/.jdks and /opt.
Install one, e.g. Eclipse Temurin $want (Debian/Ubuntu: apt-get install temurin-$want-jdk from the
Adoptium apt repository), or point THEMACHINE_JAVA_HOME at an existing JDK $want.
MSG
  return 1
}
