package io.crosshost.pinpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SeccompProfileWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void deniesTheNamedCallsWithTheErrnoAndAllowsEverythingElse() throws Exception {
        JsonNode profile = JSON.readTree(SeccompProfileWriter.denying(Set.of("faccessat2"), Errno.EPERM));

        assertThat(profile.get("defaultAction").asText()).isEqualTo("SCMP_ACT_ALLOW");
        assertThat(profile.get("syscalls")).hasSize(1);
        JsonNode rule = profile.get("syscalls").get(0);
        assertThat(rule.get("names")).extracting(JsonNode::asText).containsExactly("faccessat2");
        assertThat(rule.get("action").asText()).isEqualTo("SCMP_ACT_ERRNO");
        assertThat(rule.get("errnoRet").asInt()).isEqualTo(1);
    }

    @Test
    void isTheExactTextThatReproducedFaccessat2OnTheLab() {
        // This text, as a file for docker run --security-opt seccomp=FILE and inline through Docker's API, made
        // Debian 13's [ -x /bin/sh ] false on the plain Docker host; errnoRet 38 made it true.
        assertThat(SeccompProfileWriter.denying(Set.of("faccessat2"), Errno.EPERM)).isEqualTo(
                "{\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"faccessat2\"],"
                        + "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}]}");
        assertThat(SeccompProfileWriter.securityOpt("{}")).isEqualTo("seccomp={}");
    }

    @Test
    void oneRulePerErrnoWithSortedNamesSoTheTextIsStable() throws Exception {
        String a = SeccompProfileWriter.denying(Map.of("faccessat2", 1, "clone3", 38, "statx", 1));
        String b = SeccompProfileWriter.denying(Map.of("statx", 1, "faccessat2", 1, "clone3", 38));

        assertThat(a).isEqualTo(b);
        JsonNode rules = JSON.readTree(a).get("syscalls");
        assertThat(rules).hasSize(2);
        assertThat(rules.get(0).get("errnoRet").asInt()).isEqualTo(1);
        assertThat(rules.get(0).get("names")).extracting(JsonNode::asText).containsExactly("faccessat2", "statx");
        assertThat(rules.get(1).get("errnoRet").asInt()).isEqualTo(38);
        assertThat(rules.get(1).get("names")).extracting(JsonNode::asText).containsExactly("clone3");
    }

    @Test
    void anEmptySetIsAnAllowEverythingProfile() throws Exception {
        JsonNode profile = JSON.readTree(SeccompProfileWriter.denying(Set.of(), Errno.EPERM));

        assertThat(profile.get("syscalls")).isEmpty();
    }

    @Test
    void rejectsWhatWouldNotBeASyscallOrAnErrno() {
        assertThatThrownBy(() -> SeccompProfileWriter.denying(Set.of("faccessat2\"]"), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a syscall name");
        assertThatThrownBy(() -> SeccompProfileWriter.denying(Set.of("faccessat2"), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1..4095");
    }
}
