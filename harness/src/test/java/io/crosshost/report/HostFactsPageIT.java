package io.crosshost.report;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the page's script builds from host and image facts (issues 15 and 16), in headless Chromium, from synthetic
 * results (no lab): a rootless host's and a remapped host's uid/gid ranges in their host headers and in a cell's
 * panel, and each image header's one line on what preparing it did. jsoup alone cannot see these: the script writes
 * them. One browser start (about 2 s here).
 */
class HostFactsPageIT {

    @TempDir
    Path dir;

    @Test
    void hostHeadersShowTheIdMapsAndImageHeadersWhatPreparingTheImageDid() throws Exception {
        RunResults night = HostFactsSamples.night();
        Path runDir = dir.resolve("reports").resolve(night.run().runId());
        Reports.writeAll(night, runDir, null, null, 0);
        URI page = URI.create(runDir.resolve("index.html").toUri() + "#cell="
                + URLEncoder.encode(HostFactsSamples.PULLED_CELL, StandardCharsets.UTF_8));

        Document dom = Jsoup.parse(new HeadlessChromium(Files.createDirectories(dir.resolve("chromium"))).dumpDom(page).dom());

        assertThat(dom.getElementById("grid").attr("data-rendered")).isEqualTo("16");
        Map<String, Element> hosts = new LinkedHashMap<>();
        dom.select("#ghead th.host").forEach(th -> hosts.put(th.ownText(), th));
        assertThat(hosts).containsOnlyKeys("podman-rootless", "docker-userns", "docker", "remote-userns");
        assertThat(hosts.get("podman-rootless").select(".facts").eachText())
                .contains("seccomp default · rootless", "uids/gids 0→1001 (1), 1→100000 (65536)");
        assertThat(hosts.get("podman-rootless").selectFirst(".facts.ids").attr("title"))
                .isEqualTo("user namespace: container id → host id (how many ids)");
        assertThat(hosts.get("docker-userns").select(".facts").eachText())
                .contains("seccomp default · userns", "uids/gids 0→165536 (65536)");
        assertThat(hosts.get("remote-userns").select(".facts.ids").eachText())
                .containsExactly("uids 0→200000 (?)", "gids 0→300000 (65536)");
        assertThat(hosts.get("docker").select(".facts.ids")).as("a host without a user namespace").isEmpty();
        assertThat(hosts.get("docker").select(".facts").eachText()).contains("seccomp default · apparmor");

        // Image headers in the grid's order: per host busybox, debian-12, debian-11, high-uid.
        assertThat(dom.select("#ghead th.img").stream().map(th -> th.ownText() + ": "
                + th.select(".facts.prep").text()))
                .containsExactly(
                        "busybox: pulled 2.1 MB in 1.30 s", "debian-12: pulled 48.5 MB in 15.1 s",
                        "debian-11: present (pull: never)", "high-uid: ",
                        "busybox: pulled 2.1 MB in 1.30 s", "debian-12: present", "debian-11: present (pull: never)", "high-uid: present",
                        "busybox: pulled, up to date", "debian-12: present", "debian-11: present (pull: never)",
                        "high-uid: loaded from archive in 812 ms",
                        "busybox: pulled 2.1 MB in 1.30 s", "debian-12: present", "debian-11: present (pull: never)", "high-uid: present");
        assertThat(dom.select("#ghead th.img .facts.prep").first().attr("title"))
                .isEqualTo("pulled from registry.crosshost.test:5443: 2.1 MB, 3 layers, 1.30 s");
        assertThat(dom.select("#ghead th.img").get(8).select(".facts.prep").attr("title"))
                .isEqualTo("pulled from registry.crosshost.test:5443: up to date, nothing downloaded, 0 layers, 400 ms");
        assertThat(dom.select("#ghead th.img").get(11).select(".facts.prep").attr("title"))
                .isEqualTo("loaded from " + HostFactsSamples.ARCHIVE + ": 130.2 MB, 812 ms");
        assertThat(dom.select("#ghead th.img").get(3).select(".facts.bad").text())
                .as("the image podman-rootless could not store says why, and nothing about a pull")
                .contains("potentially insufficient UIDs or GIDs");

        Element panel = dom.getElementById("panel");
        assertThat(panel.hasAttr("hidden")).as("#cell= opens the panel").isFalse();
        assertThat(kv(panel, "uid map")).isEqualTo("0→1001 (1), 1→100000 (65536)");
        assertThat(kv(panel, "gid map")).isEqualTo("0→1001 (1), 1→100000 (65536)");
        assertThat(kv(panel, "flags")).isEqualTo("rootless, userns");
        assertThat(kv(panel, "cgroupDriver")).isEqualTo("cgroupfs");
        assertThat(kv(panel, "runtime")).isEqualTo("runc");
        assertThat(kv(panel, "preparation")).isEqualTo("pulled from registry.crosshost.test:5443: 2.1 MB, 3 layers, 1.30 s");
        assertThat(panel.select(".note").eachText()).contains("uid and gid maps: container id → host id (how many ids)");
    }

    /** The value of the panel's row named {@code key}; fails when there is none or more than one. */
    private static String kv(Element panel, String key) {
        var values = panel.select("table.kv tr").stream().filter(tr -> tr.child(0).text().equals(key))
                .map(tr -> tr.child(1).text()).toList();
        assertThat(values).as("panel rows named %s", key).hasSize(1);
        return values.get(0);
    }
}
