package io.themachine.examples.cli;

import io.themachine.core.Librarian;
import io.themachine.core.artifact.Lineage;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "explain", mixinStandardHelpOptions = true,
    description = "Show how an artifact came to be: each step back to its recordings.")
final class ExplainCommand extends LibraryCommand {
  @Parameters(paramLabel = "ID", description = "sha256:<hex>, a unique prefix of 8+ hex digits, or a rec- pseudonym.")
  String id;

  @Override
  public Integer call() {
    Lineage lineage;
    try (Librarian lib = openExisting()) {
      lineage = lib.explain(id);
    }
    if (json) {
      printJson(lineage.chain().stream().map(l -> {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("artifact", l.artifact().value());
        o.put("kind", l.kind().name());
        o.put("extension", l.extension());
        o.put("version", l.version());
        o.put("params", l.params());
        o.put("step_key", l.stepKey());
        o.put("job", l.job() == null ? null : l.job().toString());
        o.put("parents", l.parents().stream().map(Object::toString).toList());
        return o;
      }).toList());
    } else {
      for (Lineage.Link l : lineage.chain()) {
        say(l.artifact().value() + "  " + l.kind());
        say("    <- " + l.extension() + (l.version() != null ? "@" + l.version() : "")
            + (l.params().isEmpty() ? "" : " " + l.params()) + (l.job() != null ? "  job " + l.job() : ""));
        for (var parent : l.parents()) say("       from " + parent.shortForm());
      }
    }
    return TheMachine.OK;
  }
}
