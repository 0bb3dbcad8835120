package io.crosshost.assertion;

import io.crosshost.scenario.FileExpectation;
import io.crosshost.scenario.FileExpectation.Who;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks one path's expectations against its facts, each miss as AssertJ's message prefixed with the path. */
final class FileCheck {

    private FileCheck() {
    }

    static void check(List<String> failures, String what, FileExpectation file, Optional<FileFacts> observed, Duration regexBudget) {
        if (!file.exists()) {
            ExpectationCheck.check(failures, () -> assertThat(observed.map(FileFacts::type))
                    .as("%s should not exist", what).isEmpty());
            return;
        }
        ExpectationCheck.check(failures, () -> assertThat(observed).as("%s should exist", what).isPresent());
        if (observed.isEmpty()) {
            return;
        }
        FileFacts facts = observed.get();
        if (file.type() != null) {
            ExpectationCheck.check(failures, () -> assertThat(facts.type().written()).as("%s: type", what).isEqualTo(file.type().written()));
        }
        if (file.target() != null) {
            // Where the engine resolved the link (no readlink text), the link passes when it leads where the target does.
            boolean leadsThere = facts.target() == null && facts.resolvedTarget() != null
                    && facts.resolvedTarget().equals(resolve(file.path(), file.target()));
            String shown = facts.target() != null ? facts.target() : facts.resolvedTarget();
            if (!leadsThere) {
                ExpectationCheck.check(failures, () -> assertThat(shown).as("%s: symlink target", what).isEqualTo(file.target()));
            }
        }
        if (file.mode() != null) {
            String expected = String.format("%04o", file.mode());
            ExpectationCheck.check(failures, () -> assertThat(String.format("%04o", facts.mode()))
                    .as("%s: mode (%s)", what, facts.modeText()).isEqualTo(expected));
        }
        owner(failures, what + ": owner", file.owner(), facts.uid(), facts.ownerName());
        owner(failures, what + ": group", file.group(), facts.gid(), facts.groupName());
        for (Who who : file.executableBy()) {
            int bits = switch (who) {
                case OWNER -> 0100;
                case GROUP -> 0010;
                case OTHER -> 0001;
                case ANY -> 0111;
            };
            ExpectationCheck.check(failures, () -> assertThat(facts.mode() & bits)
                    .as("%s should be executable by %s, its mode is %s", what, who.name().toLowerCase(java.util.Locale.ROOT), facts.modeText())
                    .isNotZero());
        }
        if (file.size() != null) {
            ExpectationCheck.check(failures, () -> assertThat(facts.size()).as("%s: size in bytes", what).isEqualTo(file.size()));
        }
        if (!file.needsContent()) {
            return;
        }
        if (facts.content() == null) {
            failures.add("[" + what + "] has no content to check: it is a " + facts.type().written()
                    + (facts.type() == io.crosshost.scenario.FileType.SYMLINK ? " that leads to no regular file" : ""));
            return;
        }
        if (file.sha256() != null) {
            ExpectationCheck.check(failures, () -> assertThat(facts.sha256()).as("%s: sha256", what).isEqualTo(file.sha256()));
        }
        for (String s : file.contains()) {
            ExpectationCheck.check(failures, () -> assertThat(facts.content()).as(what).contains(s));
        }
        ExpectationCheck.patterns(failures, what, file.matches(), file.notMatches(), facts.content(), regexBudget);
    }

    /** A link's target as the kernel resolves it from the link's directory (without following further links). */
    static String resolve(String linkPath, String target) {
        if (target.startsWith("/")) {
            return java.nio.file.Path.of(target).normalize().toString();
        }
        String parent = linkPath.substring(0, Math.max(linkPath.lastIndexOf('/'), 0));
        return java.nio.file.Path.of(parent.isEmpty() ? "/" : parent).resolve(target).normalize().toString();
    }

    /** A name compares with the name the container's files give the id; digits compare with the id itself. */
    private static void owner(List<String> failures, String what, String expected, long id, String name) {
        if (expected == null) {
            return;
        }
        if (FileExpectation.isId(expected)) {
            ExpectationCheck.check(failures, () -> assertThat(Long.toString(id)).as("%s id", what).isEqualTo(expected));
        } else {
            ExpectationCheck.check(failures, () -> assertThat(name)
                    .as("%s (id %d%s)", what, id, name == null ? ", which the container's passwd or group file does not name" : "")
                    .isEqualTo(expected));
        }
    }
}
