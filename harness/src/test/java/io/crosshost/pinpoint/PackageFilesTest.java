package io.crosshost.pinpoint;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PackageFilesTest {

    @Test
    void readsDebian12sLibc6FileList() {
        List<String> files = PackageFiles.parse(PackageManager.DPKG, Resources.read("dpkg-L-libc6-debian-12.txt"));

        assertThat(files).hasSize(301).doesNotContain("/.").contains("/lib/x86_64-linux-gnu/libc.so.6",
                "/etc/ld.so.conf.d/x86_64-linux-gnu.conf").allSatisfy(f -> assertThat(f).startsWith("/"));
    }

    @Test
    void leavesOutDpkgDiversionLinesAndReadsRpmAndApkLists() {
        String dpkg = "/.\n/bin\n/bin/sh\ndiverted by dash to: /bin/sh.distrib\npackage diverts others to: /usr/bin/x.real\n";
        String rpm = "/lib64/libselinux.so.1\n/usr/sbin/getenforce\n";
        String apk = "musl-1.2.2-r7 contains:\nlib/ld-musl-x86_64.so.1\nlib/libc.musl-x86_64.so.1\n\n";

        assertThat(PackageFiles.parse(PackageManager.DPKG, dpkg)).containsExactly("/bin", "/bin/sh");
        assertThat(PackageFiles.parse(PackageManager.RPM, rpm)).containsExactly("/lib64/libselinux.so.1", "/usr/sbin/getenforce");
        assertThat(PackageFiles.parse(PackageManager.APK, apk)).containsExactly("/lib/ld-musl-x86_64.so.1",
                "/lib/libc.musl-x86_64.so.1");
    }

    @Test
    void theExportCommandPassesPackageNamesAsArgumentsNotAsShellText() {
        List<String> command = PackageFiles.exportCommand(PackageManager.DPKG, List.of("libc6", "libc-bin"));

        assertThat(command).startsWith("sh", "-c").endsWith("sh", "libc6", "libc-bin");
        assertThat(command.get(2)).startsWith("dpkg -L \"$@\" |").endsWith("tar -c -f /tmp/crosshost-hybrid.tar -C / --no-recursion -T -");
        assertThat(PackageFiles.exportCommand(PackageManager.RPM, List.of("libselinux")).get(2)).startsWith("rpm -ql \"$@\" |");
        assertThatThrownBy(() -> PackageFiles.exportCommand(PackageManager.DPKG, List.of("libc6; rm -rf /")))
                .hasMessageContaining("not a package name");
        assertThatThrownBy(() -> PackageFiles.exportCommand(PackageManager.DPKG, List.of())).hasMessageContaining("no packages");
    }

    @Test
    void filesCommandsPerManager() {
        assertThat(PackageManager.DPKG.filesCommand(List.of("libc6"))).containsExactly("dpkg", "-L", "libc6");
        assertThat(PackageManager.RPM.filesCommand(List.of("libselinux"))).containsExactly("rpm", "-ql", "libselinux");
        assertThat(PackageManager.APK.filesCommand(List.of("musl"))).containsExactly("apk", "info", "-L", "musl");
    }
}
