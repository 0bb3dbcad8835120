package io.crosshost.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoveryIssue;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.UniqueId;
import org.junit.platform.engine.support.descriptor.FileSource;
import org.junit.platform.testkit.engine.EngineDiscoveryResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectDirectory;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectUniqueId;

/** Discovery and selection through EngineTestKit, with no container engine involved. */
class CrosshostDiscoveryTest {

    private static final String ENGINE = "crosshost";

    @Test
    void buildsScenarioImageHostTreeWithStableUniqueIds() {
        EngineDiscoveryResults results = EngineTestKit.engine(ENGINE)
                .configurationParameter(CrosshostConfiguration.MATRIX, Fixtures.gridMatrix().toString())
                .discover();

        assertThat(results.getDiscoveryIssues()).isEmpty();
        TestDescriptor root = results.getEngineDescriptor();
        assertThat(uniqueIds(root)).contains(
                "[engine:crosshost]/[scenario:exec-bit]/[image:debian-13]/[host:docker-legacy]",
                "[engine:crosshost]/[scenario:two-steps]/[image:debian-11]/[host:podman]");
        // 3 scenarios x 2 images x 4 hosts
        assertThat(tests(root)).hasSize(24);
        TestDescriptor cell = find(root, "[engine:crosshost]/[scenario:exec-bit]/[image:debian-13]/[host:docker-legacy]");
        assertThat(cell.getDisplayName()).isEqualTo("exec-bit / debian-13 @ docker-legacy");
        assertThat(cell.getLegacyReportingName()).isEqualTo("exec-bit / debian-13 @ docker-legacy");
        assertThat(cell.getTags()).extracting(Object::toString)
                .contains("faccessat2", "host:docker-legacy", "image:debian-13");
        TestDescriptor scenario = find(root, "[engine:crosshost]/[scenario:exec-bit]");
        assertThat(scenario.getSource()).get().isInstanceOfSatisfying(FileSource.class, source -> {
            assertThat(source.getFile().toPath()).endsWith(Path.of("exec-bit.yaml"));
            assertThat(source.getPosition()).isPresent();
        });
    }

    @Test
    void aSettingThatIsNotValidIsOneDiscoveryIssueNamingItsKey() {
        EngineDiscoveryResults results = EngineTestKit.engine(ENGINE)
                .configurationParameter(CrosshostConfiguration.MATRIX, Fixtures.gridMatrix().toString())
                .configurationParameter(CrosshostConfiguration.REQUEST_DEADLINE, "soon")
                .configurationParameter(CrosshostConfiguration.PIPELINE, "on")
                .discover();

        assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
            assertThat(issue.message()).isEqualTo("Crosshost configuration: -Dcrosshost.requestDeadline=soon is not a duration above "
                    + "zero (a number with a unit ms, s, m or h, such as 90s or 2m)");
        });
        assertThat(results.getEngineDescriptor().getChildren()).isEmpty();
    }

    @Test
    void staysSilentForOrdinaryTestClassSelectors() {
        EngineDiscoveryResults results = EngineTestKit.engine(ENGINE).selectors(selectClass(getClass())).discover();

        assertThat(results.getEngineDescriptor().getChildren()).isEmpty();
        assertThat(results.getDiscoveryIssues()).isEmpty();
    }

    @Test
    void selectsByUniqueId() {
        UniqueId cell = UniqueId.forEngine(ENGINE).append("scenario", "exec-bit").append("image", "debian-13").append("host", "podman");
        UniqueId image = UniqueId.forEngine(ENGINE).append("scenario", "two-steps").append("image", "debian-11");

        TestDescriptor root = EngineTestKit.engine(ENGINE)
                .configurationParameter(CrosshostConfiguration.MATRIX, Fixtures.gridMatrix().toString())
                .selectors(selectUniqueId(cell), selectUniqueId(image))
                .discover().getEngineDescriptor();

        assertThat(uniqueIds(root)).containsExactlyInAnyOrder(cell.toString(),
                image.append("host", "docker").toString(), image.append("host", "docker-legacy").toString(),
                image.append("host", "podman").toString(), image.append("host", "gone").toString());
    }

    @Test
    void selectsByScenarioTagHostAndImageFromConfiguration() {
        TestDescriptor root = EngineTestKit.engine(ENGINE)
                .configurationParameter(CrosshostConfiguration.MATRIX, Fixtures.gridMatrix().toString())
                .configurationParameter(CrosshostConfiguration.TAGS, "faccessat2")
                .configurationParameter(CrosshostConfiguration.HOSTS, "docker,podman")
                .configurationParameter(CrosshostConfiguration.IMAGES, "debian-13")
                .discover().getEngineDescriptor();

        assertThat(uniqueIds(root)).containsExactlyInAnyOrder(
                "[engine:crosshost]/[scenario:exec-bit]/[image:debian-13]/[host:docker]",
                "[engine:crosshost]/[scenario:exec-bit]/[image:debian-13]/[host:podman]",
                "[engine:crosshost]/[scenario:known-legacy]/[image:debian-13]/[host:docker]",
                "[engine:crosshost]/[scenario:known-legacy]/[image:debian-13]/[host:podman]");

        TestDescriptor byId = EngineTestKit.engine(ENGINE)
                .configurationParameter(CrosshostConfiguration.MATRIX, Fixtures.gridMatrix().toString())
                .configurationParameter(CrosshostConfiguration.SCENARIOS, "two-steps")
                .discover().getEngineDescriptor();
        assertThat(tests(byId)).hasSize(8).allSatisfy(d -> assertThat(d.getUniqueId().toString()).contains("[scenario:two-steps]"));
    }

    @Test
    void shardsSplitTheCellsEvenlyAndCompletely() {
        List<String> all = uniqueIds(discoverShard(null));
        List<String> union = new java.util.ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            List<String> shard = uniqueIds(discoverShard(k + "/3"));
            assertThat(shard).hasSize(8);
            union.addAll(shard);
        }
        assertThat(union).containsExactlyInAnyOrderElementsOf(all);
    }

    private static TestDescriptor discoverShard(String shard) {
        var kit = EngineTestKit.engine(ENGINE).configurationParameter(CrosshostConfiguration.MATRIX, Fixtures.gridMatrix().toString());
        if (shard != null) {
            kit = kit.configurationParameter(CrosshostConfiguration.SHARD, shard);
        }
        return kit.discover().getEngineDescriptor();
    }

    @Test
    void badFilesBecomeDiscoveryIssuesWithFileAndLine(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("matrices"));
        Files.writeString(dir.resolve("matrices/m.yaml"), """
                name: m
                hosts:
                  - name: docker
                    endpoint: unix:///var/run/docker.sock
                images:
                  - name: debian-13
                    ref: crosshost.test/debian:13
                """);
        Files.writeString(dir.resolve("typo.yaml"), """
                id: typo
                title: a typo in a key
                run: "true"
                expcet:
                  exit_code: 0
                """);

        EngineDiscoveryResults results = EngineTestKit.engine(ENGINE)
                .configurationParameter(CrosshostConfiguration.MATRIX, dir.resolve("matrices/m.yaml").toString())
                .selectors(selectDirectory(dir.toFile()))
                .discover();

        assertThat(results.getDiscoveryIssues()).singleElement().satisfies(issue -> {
            assertThat(issue.severity()).isEqualTo(DiscoveryIssue.Severity.ERROR);
            assertThat(issue.message()).contains("typo.yaml:4:1").contains("expcet").contains("expect");
            assertThat(issue.source()).get().isInstanceOfSatisfying(FileSource.class,
                    s -> assertThat(s.getPosition()).get().extracting(p -> p.getLine()).isEqualTo(4));
        });
        assertThat(results.getEngineDescriptor().getChildren()).isEmpty();
    }

    @Test
    void scenarioSelectorsWithoutAMatrixAreAnIssueNotACrash(@TempDir Path dir) {
        EngineDiscoveryResults results = EngineTestKit.engine(ENGINE).selectors(selectDirectory(dir.toFile())).discover();

        assertThat(results.getDiscoveryIssues()).singleElement()
                .satisfies(issue -> assertThat(issue.message()).contains(CrosshostConfiguration.MATRIX));
    }

    static List<String> uniqueIds(TestDescriptor root) {
        return tests(root).stream().map(d -> d.getUniqueId().toString()).collect(Collectors.toList());
    }

    static List<TestDescriptor> tests(TestDescriptor root) {
        return root.getDescendants().stream().filter(TestDescriptor::isTest).map(TestDescriptor.class::cast).collect(Collectors.toList());
    }

    static TestDescriptor find(TestDescriptor root, String uniqueId) {
        return root.findByUniqueId(UniqueId.parse(uniqueId)).orElseThrow(() -> new AssertionError("no " + uniqueId));
    }
}
