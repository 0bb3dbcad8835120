package io.crosshost.cli;

import io.crosshost.report.ResultsFile;
import io.crosshost.report.RunResults;
import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An env value marked {@code secret: true} never leaves the harness: scenarios on Docker and Podman print it (stdout
 * and stderr, split across the engine's frames, cut by the output cap, from the container's own process and from
 * steps), write it into a file an expectation reads, name it in their command and in failing expectations. The run
 * goes through the command; then every file it wrote (results.json, results.jsonl, junit.xml, index.html,
 * summary.md, the history and the latest link) and everything the command printed, its {@code repro} included, is
 * searched: the value is in none of them and the mask is in each.
 */
class SecretMaskingIT {

    private static final String MASK = "********";

    @Test
    void aSecretEnvValueIsInNoReportNoLogAndNoOutputOfTheCommand(@TempDir Path dir) throws Exception {
        byte[] random = new byte[12];
        ThreadLocalRandom.current().nextBytes(random);
        String secret = "xs-" + HexFormat.of().formatHex(random);
        Path scenarios = Files.createDirectories(dir.resolve("scenarios/matrices"));
        Files.writeString(scenarios.resolve("secret-matrix.yaml"), """
                name: secrets
                hosts:
                  - {name: docker, endpoint: 'unix:///var/run/docker.sock', concurrency: 2}
                  - {name: podman, endpoint: 'unix:///run/podman/podman.sock', concurrency: 2}
                images:
                  - {name: debian-12, ref: 'crosshost.test/debian:12', pull: never}
                defaults:
                  timeout: 60s
                  output_cap: 256k
                """);
        String env = """
                env:
                  TOKEN: {value: %s, secret: true}
                  PLAIN: visible-value
                """.formatted(secret);
        Files.writeString(dir.resolve("scenarios/leaky-main.yaml"), """
                id: leaky-main
                title: the container's own process prints its secret every way
                %s
                run: |
                  echo "token=$TOKEN plain=$PLAIN"
                  echo "stderr token $TOKEN" >&2
                  i=0
                  while [ $i -lt 200 ]; do printf '%%0*d%%s\\n' $((i * 37 %% 1021)) 0 "$TOKEN"; i=$((i + 1)); done
                  echo "literal %s-in-the-command"
                expect:
                  stdout:
                    contains: "%s-expected-but-absent"
                    equals: nothing like this
                """.formatted(env, secret, secret));
        Files.writeString(dir.resolve("scenarios/leaky-steps.yaml"), """
                id: leaky-steps
                title: steps print their secret and write it to a file
                %s
                steps:
                  - name: print
                    run: echo "step one $TOKEN"
                  - name: write
                    run: echo "$TOKEN" > /tmp/token && echo "$TOKEN" >&2 && exit 3
                    expect:
                      files:
                        - path: /tmp/token
                          contains: not the token
                """.formatted(env));
        Files.writeString(dir.resolve("scenarios/leaky-at-the-cap.yaml"), """
                id: leaky-at-the-cap
                title: the output cap (256 KiB) falls five bytes into the secret
                %s
                run: head -c 262139 /dev/zero | tr '\\0' x; echo "$TOKEN"; echo "after the cap $TOKEN"
                expect:
                  exit_code: 1
                """.formatted(env));
        Path reports = dir.resolve("reports");

        Cli.Result run = Cli.run("run", "-m", scenarios.resolve("secret-matrix.yaml").toString(), "--reports", reports.toString());
        Cli.Result repro = Cli.run("repro", "leaky-main/debian-12@podman", "--results", reports.resolve("latest").toString());

        assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
        RunResults results = ResultsFile.read(reports.resolve("latest"));
        assertThat(results.cells()).hasSize(6).allSatisfy(c -> assertThat(c.status()).as(c.cellId() + ": " + c.message())
                .isEqualTo(Status.FAIL));
        // The scenarios did print it, and what they printed is there, masked.
        for (CellResult c : results.cells()) {
            String stdout = c.steps().get(0).stdout().text();
            switch (c.scenario()) {
                case "leaky-main" -> {
                    assertThat(stdout).contains("token=" + MASK + " plain=visible-value").contains("literal " + MASK + "-in-the-command");
                    assertThat(stdout.lines().filter(l -> l.endsWith("0" + MASK)).count()).as("copies after filler").isGreaterThan(190);
                    assertThat(c.steps().get(0).stderr().text()).isEqualTo("stderr token " + MASK + "\n");
                    assertThat(c.message()).contains(MASK + "-expected-but-absent");
                    assertThat(c.reproducer()).contains("TOKEN=" + MASK).contains("PLAIN=visible-value");
                }
                case "leaky-steps" -> {
                    assertThat(stdout).isEqualTo("step one " + MASK + "\n");
                    assertThat(c.steps().get(1).stderr().text()).isEqualTo(MASK + "\n");
                    assertThat(c.message()).contains(MASK).contains("not the token");
                }
                default -> {
                    assertThat(stdout).hasSize(262139 + MASK.length()).endsWith("xxxxx" + MASK);
                    assertThat(c.steps().get(0).stdout().droppedBytes()).isPositive();
                }
            }
        }
        Map<String, Boolean> masked = new TreeMap<>();
        List<String> leaks = new ArrayList<>();
        try (Stream<Path> files = Files.walk(reports)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                if (text.contains(secret)) {
                    leaks.add(reports.relativize(f).toString());
                }
                masked.put(reports.relativize(f).toString(), text.contains(MASK));
            }
        }
        Map<String, String> printed = Map.of("run stdout", run.out(), "run stderr", run.err(), "repro stdout", repro.out(),
                "repro stderr", repro.err());
        printed.forEach((what, text) -> {
            if (text.contains(secret)) {
                leaks.add(what);
            }
        });
        System.out.printf("SecretMaskingIT: %d files written, searched for the secret: %s%n", masked.size(), masked.keySet());

        assertThat(leaks).as("places holding the secret").isEmpty();
        String runDir = results.run().runId() + "/";
        assertThat(masked).containsEntry(runDir + "results.json", true).containsEntry(runDir + "results.jsonl", true)
                .containsEntry(runDir + "junit.xml", true).containsEntry(runDir + "index.html", true)
                .containsEntry(runDir + "summary.md", true);
        assertThat(masked.keySet()).as("the files the run wrote").hasSizeGreaterThanOrEqualTo(5);
        assertThat(repro.out()).contains("TOKEN=" + MASK);
        assertThat(run.err()).contains("FAIL  leaky-main / debian-12 @ docker");
    }
}
