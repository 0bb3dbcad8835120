package io.crosshost.runtime;

import io.crosshost.scenario.RunOptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Secret env values are masked in captured output however the engine splits it into frames, and where the cap cuts it. */
class SecretMaskTest {

    private static SecretMask mask(String... secrets) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("PLAIN", "visible"));
        Set<String> secret = new java.util.HashSet<>();
        for (int i = 0; i < secrets.length; i++) {
            env.put("S" + i, secrets[i]);
            secret.add("S" + i);
        }
        return SecretMask.of(new RunOptions(null, null, env, secret, null, "none", List.of(), List.of(), List.of(),
                false, false, null, null));
    }

    private static String capture(SecretMask mask, long cap, List<String> frames) {
        CappedOutput out = new CappedOutput(cap, mask);
        frames.forEach(f -> out.append(f.getBytes(StandardCharsets.UTF_8)));
        return out.toCaptured().text();
    }

    @Test
    void aSecretSplitOverFramesIsMaskedWhole() {
        assertThat(capture(mask("hunter2"), 1 << 20, List.of("token=hun", "t", "er2\nnext hunt", "er\n")))
                .isEqualTo("token=********\nnext hunter\n");
    }

    @Test
    void onlySecretValuesAreMaskedNotOtherEnv() {
        assertThat(capture(mask("s3cr3t"), 1 << 20, List.of("visible s3cr3t visible"))).isEqualTo("visible ******** visible");
    }

    @Test
    void aSecretThatContainsAnotherIsMaskedWhole() {
        assertThat(capture(mask("abc", "abcdef"), 1 << 20, List.of("x abcd", "ef y abc z abcde")))
                .isEqualTo("x ******** y ******** z ********de");
    }

    @Test
    void theCapCuttingThroughASecretMasksItsStartAndCountsTheRest() {
        CappedOutput out = new CappedOutput(12, mask("topsecret"));
        out.append("token: topsecret\n".getBytes(StandardCharsets.UTF_8));

        assertThat(out.toCaptured().text()).isEqualTo("token: ********").doesNotContain("tops");
        assertThat(out.toCaptured().droppedBytes()).isEqualTo(5);
    }

    @Test
    void theStartOfASecretAtTheEndOfAnUncutStreamIsWhatWasPrinted() {
        assertThat(capture(mask("topsecret"), 1 << 20, List.of("only top"))).isEqualTo("only top");
    }

    @Test
    void multiByteSecretsAreMaskedByTheirUtf8BytesWhereverAFrameCutsThem() {
        byte[] text = "key: p\u00e4ssw\u00f6rd\uD83D\uDD11!".getBytes(StandardCharsets.UTF_8);
        SecretMask mask = mask("p\u00e4ssw\u00f6rd\uD83D\uDD11");
        for (int cut = 0; cut <= text.length; cut++) {
            CappedOutput out = new CappedOutput(1 << 20, mask);
            out.append(java.util.Arrays.copyOfRange(text, 0, cut));
            out.append(java.util.Arrays.copyOfRange(text, cut, text.length));
            assertThat(out.toCaptured().text()).as("cut at byte %d", cut).isEqualTo("key: ********!");
        }
    }

    /** Random output with secrets in it, split into random frames: always what masking the whole text gives. */
    @Test
    void randomFramingNeverChangesTheMaskedText() {
        Random r = new Random(42);
        String[] secrets = {"s3cret", "s3", "tok-123", "xx"};
        SecretMask mask = mask(secrets);
        String[] words = {"s3cret", "s3", "s", "3", "tok-", "123", "tok-123", "x", "xx", "xxx", " ", "\n", "plain", "s3cr"};
        for (int round = 0; round < 2000; round++) {
            StringBuilder text = new StringBuilder();
            int n = 1 + r.nextInt(30);
            for (int i = 0; i < n; i++) {
                text.append(words[r.nextInt(words.length)]);
            }
            List<String> frames = new java.util.ArrayList<>();
            for (int i = 0; i < text.length(); ) {
                int len = Math.min(text.length() - i, 1 + r.nextInt(5));
                frames.add(text.substring(i, i + len));
                i += len;
            }
            String expected = mask.apply(text.toString());
            assertThat(capture(mask, 1 << 20, frames)).as("round %d: %s in %s", round, text, frames).isEqualTo(expected);
        }
    }

    @Test
    void noSecretsIsAPlainCopy() {
        assertThat(SecretMask.of(RunOptions.DEFAULT).isEmpty()).isTrue();
        assertThat(capture(SecretMask.NONE, 1 << 20, List.of("a", "b"))).isEqualTo("ab");
    }
}
