package io.crosshost.assertion;

import io.crosshost.scenario.ImageExpectation;
import io.crosshost.scenario.ImageExpectation.ValueExpectation;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Checks an image's configuration on one host against what a scenario expects of it. */
final class ImageCheck {

    private ImageCheck() {
    }

    static void check(List<String> failures, String what, ImageExpectation expect, ImageConfig config) {
        if (config == null) {
            failures.add("[" + what + "] the image configuration was not read");
            return;
        }
        values(failures, what + " env", expect.env(), config.env());
        for (String name : expect.absentEnv()) {
            ExpectationCheck.check(failures, () -> assertThat(config.env()).as("%s env", what).doesNotContainKey(name));
        }
        values(failures, what + " label", expect.labels(), config.labels());
        if (expect.entrypoint() != null) {
            ExpectationCheck.check(failures, () -> assertThat(config.entrypoint()).as("%s entrypoint", what)
                    .containsExactlyElementsOf(expect.entrypoint()));
        }
        if (expect.cmd() != null) {
            ExpectationCheck.check(failures, () -> assertThat(config.cmd()).as("%s cmd", what).containsExactlyElementsOf(expect.cmd()));
        }
        if (expect.workdir() != null) {
            ExpectationCheck.check(failures, () -> assertThat(config.workdir()).as("%s workdir", what).isEqualTo(expect.workdir()));
        }
        if (expect.user() != null) {
            ExpectationCheck.check(failures, () -> assertThat(config.user()).as("%s user", what).isEqualTo(expect.user()));
        }
        for (String port : expect.exposedPorts()) {
            ExpectationCheck.check(failures, () -> assertThat(config.exposedPorts()).as("%s exposed ports", what)
                    .anyMatch(p -> samePort(port, p)));
        }
        for (String port : expect.notExposedPorts()) {
            ExpectationCheck.check(failures, () -> assertThat(config.exposedPorts()).as("%s exposed ports, not %s", what, port)
                    .noneMatch(p -> samePort(port, p)));
        }
        for (String volume : expect.volumes()) {
            ExpectationCheck.check(failures, () -> assertThat(config.volumes()).as("%s volumes", what).contains(volume));
        }
        for (String volume : expect.notVolumes()) {
            ExpectationCheck.check(failures, () -> assertThat(config.volumes()).as("%s volumes", what).doesNotContain(volume));
        }
    }

    private static void values(List<String> failures, String what, Map<String, ValueExpectation> expected, Map<String, String> actual) {
        expected.forEach((name, value) -> ExpectationCheck.check(failures, () -> {
            assertThat(actual).as("%s %s", what, name).containsKey(name);
            assertThat(actual.get(name)).as("%s %s", what, name).matches(value::satisfiedBy, value.describe());
        }));
    }

    /** {@code 8080} is that port on any protocol, as container-structure-test compares ports; {@code 8080/tcp} only that one. */
    static boolean samePort(String expected, String exposed) {
        return expected.contains("/") ? expected.equals(exposed) : exposed.equals(expected) || exposed.startsWith(expected + "/");
    }
}
