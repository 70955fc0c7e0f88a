package io.streamyolo.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module's compiled packages, as jdeps reads them: the dashboard takes this module without
 * Flink or FFmpeg, so neither (nor the source) may come in, and its packages must not form a
 * cycle (they did, with the source's {@code event} package, before they moved here).
 */
class PackageDependenciesTest {

    private static final Pattern EDGE = Pattern.compile("^\\s+(\\S+)\\s+->\\s+(\\S+)\\s");

    /** Package → the packages it uses, other than itself. */
    private static Map<String, Set<String>> uses;

    @BeforeAll
    static void readClasses() throws Exception {
        Path classes = Path.of(InvalidCommandException.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        ToolProvider jdeps = ToolProvider.findFirst("jdeps").orElseThrow();
        StringWriter out = new StringWriter();
        int rc = jdeps.run(new PrintWriter(out), new PrintWriter(out), "-verbose:package", classes.toString());
        assertThat(rc).as("jdeps: %s", out).isZero();
        uses = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                uses.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        assertThat(uses).as("not vacuous").containsKey("io.streamyolo.control.command");
    }

    @Test
    void testNoFlinkFfmpegOrSource() {
        List<String> offending = new ArrayList<>();
        uses.forEach((from, targets) -> targets.stream()
                .filter(t -> t.startsWith("org.apache.flink") || t.startsWith("org.bytedeco") || t.startsWith("io.streamyolo.source"))
                .forEach(t -> offending.add(from + " -> " + t)));
        assertThat(offending).isEmpty();
    }

    @Test
    void testNoPackageCycle() {
        for (String start : uses.keySet()) {
            assertThat(reachable(start)).as("packages reachable from %s", start).doesNotContain(start);
        }
    }

    private static Set<String> reachable(String start) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(uses.getOrDefault(start, Set.of()));
        while (!todo.isEmpty()) {
            String p = todo.remove(todo.size() - 1);
            if (seen.add(p)) {
                todo.addAll(uses.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }
}
