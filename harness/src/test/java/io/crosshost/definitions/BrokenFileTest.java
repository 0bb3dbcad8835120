package io.crosshost.definitions;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Broken single files: the loader names the file, the line and column, and the problem, and the JSON Schema
 * rejects the same file where the problem is one of structure. Problems that need more than the file's shape
 * (a duplicate key, a second document, an unknown capability name, a memory limit below the engines' minimum)
 * are the loader's alone; that is said per case.
 */
class BrokenFileTest {

    private static final String OK = "id: probe\ntitle: a probe\n";

    record Case(String content, int line, int column, String message, boolean schemaRejects) {
        @Override
        public String toString() {
            return message;
        }
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                arguments("misspelt key", new Case(OK + "run: useradd fred\nexpcet:\n  stdout: {contains: 'fred:'}\n",
                        4, 1, "unknown key 'expcet' in scenario, did you mean 'expect'?", true)),
                arguments("camelCase key", new Case(OK + "run: touch /x\nreadOnly: true\n",
                        4, 1, "unknown key 'readOnly' in scenario, did you mean 'read_only'?", true)),
                arguments("map where a list belongs", new Case(OK + "run: 'true'\ntags: {smoke: true}\n",
                        4, 7, "expected a list of strings for 'tags', got a map", true)),
                arguments("bad YAML syntax", new Case("id: probe\ntitle: a probe\n run: 'true'\n",
                        3, 5, "invalid YAML: mapping values are not allowed here", true)),
                arguments("unclosed quote", new Case("id: probe\ntitle: \"a probe\nrun: x\n",
                        4, 1, "invalid YAML: found unexpected end of stream", true)),
                arguments("missing id", new Case("title: a probe\nrun: 'true'\n",
                        1, 1, "missing required key 'id' in scenario", true)),
                arguments("missing title", new Case("id: probe\nrun: 'true'\n",
                        1, 1, "missing required key 'title' in scenario", true)),
                arguments("id with blanks and capitals", new Case("id: Useradd Fred\ntitle: t\nrun: 'true'\n",
                        1, 5, "invalid scenario id 'Useradd Fred'", true)),
                arguments("missing command", new Case(OK + "expect: {exit_code: 0}\n",
                        1, 1, "missing command in scenario: write 'run' (a shell script), 'argv' (a command list) or 'steps'", true)),
                arguments("two commands", new Case(OK + "run: 'true'\nargv: ['true']\n",
                        1, 1, "a scenario has exactly one of 'run', 'argv' and 'steps'", true)),
                arguments("mode that is not octal", new Case(OK + "run: 'true'\nexpect:\n  files:\n    - {path: /x, mode: \"0899\"}\n",
                        6, 24, "expected a mode in octal digits for 'mode', such as \"0644\"", true)),
                arguments("sha256 that is not hex", new Case(OK + "run: 'true'\nexpect:\n  files:\n    - {path: /x, sha256: abc}\n",
                        6, 26, "expected 64 lower-case hex digits for 'sha256'", true)),
                arguments("unknown file type", new Case(OK + "run: 'true'\nexpect:\n  files:\n    - {path: /x, type: folder}\n",
                        6, 24, "invalid value 'folder' for 'type': expected one of file, directory, symlink", true)),
                arguments("executable by nobody", new Case(OK + "run: 'true'\nexpect:\n  files:\n    - {path: /x, executable_by: world}\n",
                        6, 33, "invalid value 'world' for 'executable_by': expected owner, group, other or any", true)),
                arguments("attributes of an absent file", new Case(OK + "run: 'true'\nexpect:\n  files:\n    - {path: /x, exists: false, mode: \"0644\"}\n",
                        6, 39, "a file expected not to exist has no mode", true)),
                arguments("misspelt image key", new Case(OK + "run: 'true'\nexpect:\n  image:\n    entrypont: []\n",
                        6, 5, "unknown key 'entrypont' in expect.image, did you mean 'entrypoint'?", true)),
                arguments("invalid not_matches regex", new Case(OK + "run: 'true'\nexpect:\n  stderr:\n    not_matches: '[a'\n",
                        6, 18, "invalid regular expression '[a' in expect.stderr.not_matches", true)),
                arguments("package without a name", new Case(OK + "run: 'true'\nexpect:\n  packages:\n    - {installed: true}\n",
                        6, 7, "missing required key 'name' in a package expectation", true)),
                arguments("version of a package that must be absent", new Case(OK + "run: 'true'\nexpect:\n  packages:\n    - {name: vim, installed: false, version: '2'}\n",
                        6, 46, "a package expected not to be installed has no version", true)),
                arguments("invalid regex", new Case(OK + "run: 'true'\nexpect:\n  stdout:\n    matches: 'fred('\n",
                        6, 14, "invalid regular expression 'fred(' in expect.stdout.matches: Unclosed group", true)),
                arguments("duration without a unit", new Case(OK + "run: 'true'\ntimeout: 30\n",
                        4, 10, "invalid duration '30' for 'timeout'", true)),
                arguments("duration in words", new Case(OK + "run: 'true'\ntimeout: 30 seconds\n",
                        4, 10, "invalid duration '30 seconds' for 'timeout': expected a number with a unit ms, s, m or h", true)),
                arguments("size in words", new Case(OK + "run: 'true'\nmemory: 256 megs\n",
                        4, 9, "invalid size '256 megs' for 'memory'", true)),
                arguments("exit code as a word", new Case(OK + "run: 'true'\nexpect:\n  exit_code: zero\n",
                        5, 14, "expected an exit code (an integer 0-255) or a list of them for 'exit_code', got a string", true)),
                arguments("exit code out of range", new Case(OK + "run: 'true'\nexpect:\n  exit_code: [0, 300]\n",
                        5, 18, "exit codes are 0 to 255, got 300", true)),
                arguments("known failure without reason", new Case(OK + "run: 'true'\nknown_failures:\n  - hosts: ['docker-legacy*']\n",
                        5, 5, "missing required key 'reason' in a known failure", true)),
                arguments("bug that is not a link", new Case(OK + "run: 'true'\nknown_failures:\n  - reason: r\n    bug: BZ#1112748\n",
                        6, 10, "'BZ#1112748' is not a link", true)),
                arguments("image reference in a known failure", new Case(OK + "run: 'true'\nknown_failures:\n  - images: ['fedora:14']\n    reason: r\n",
                        5, 14, "'fedora:14' looks like a reference, not a name", true)),
                arguments("misspelt secret", new Case(OK + "run: env\nenv:\n  TOKEN: {value: x, secrte: true}\n",
                        5, 21, "unknown key 'secrte' in env.TOKEN, did you mean 'secret'?", true)),
                arguments("expect beside steps", new Case(OK + "steps:\n  - run: 'true'\nexpect: {exit_code: 1}\n",
                        5, 9, "with 'steps', each step has its own 'expect'", true)),
                arguments("step without a command", new Case(OK + "steps:\n  - name: first\n  - run: 'true'\n",
                        4, 5, "missing command in step 1", true)),
                arguments("relative file path", new Case(OK + "run: 'true'\nexpect:\n  files:\n    - path: etc/passwd\n",
                        6, 13, "file path 'etc/passwd' must be absolute", true)),
                arguments("absent file with contents", new Case(OK + "run: 'true'\nexpect:\n  files:\n    - {path: /x, exists: false, contains: y}\n",
                        6, 43, "a file expected not to exist cannot contain anything", true)),
                // The schema checks a capability's shape only; the list of names is the loader's.
                arguments("unknown capability", new Case(OK + "run: 'true'\ncap_add: [NET_BIND_SERVIC]\n",
                        4, 10, "unknown capability 'NET_BIND_SERVIC' in 'cap_add', did you mean 'NET_BIND_SERVICE'?", false)),
                // JSON has no duplicate keys: Jackson keeps the last one, so only the loader sees this.
                arguments("duplicate key", new Case(OK + "run: 'true'\ntitle: again\n",
                        4, 1, "duplicate key 'title' in scenario (first at line 2)", false)),
                // A schema validates one document; the loader refuses the second.
                arguments("two documents", new Case(OK + "run: 'true'\n---\n" + OK + "run: 'false'\n",
                        5, 1, "one YAML document per file", false)),
                // Docker refuses less than 6 MiB; a schema pattern cannot compare sizes.
                arguments("memory below the engines' minimum", new Case(OK + "run: 'true'\nmemory: 1m\n",
                        4, 9, "'memory' must be at least 6m", false)),
                arguments("matrix where a scenario belongs", new Case("name: lab\nhosts: []\nimages: []\n",
                        1, 1, "this looks like a matrix file", true)));
    }

    static Stream<Arguments> matrices() {
        String hosts = "hosts:\n  - {name: docker, endpoint: 'unix:///var/run/docker.sock'}\n";
        String images = "images:\n  - {name: debian-13, ref: 'debian:13'}\n";
        return Stream.of(
                arguments("no hosts", new Case("hosts: []\n" + images,
                        1, 8, "the matrix has no hosts", true)),
                arguments("no images key", new Case(hosts,
                        1, 1, "missing required key 'images' in the matrix", true)),
                arguments("misspelt top key", new Case(hosts + images + "exlude: []\n",
                        5, 1, "unknown key 'exlude' in the matrix, did you mean 'exclude'?", true)),
                arguments("capitals in an image reference", new Case(hosts + "images:\n  - {name: debian-12, ref: 'Debian:12'}\n",
                        4, 28, "invalid image reference 'Debian:12'", true)),
                arguments("two tags in an image reference", new Case(hosts + "images:\n  - {name: debian-12, ref: 'debian:12:13'}\n",
                        4, 28, "invalid image reference 'debian:12:13': the tag '12:13' is not a tag", true)),
                arguments("tcp without tls", new Case("hosts:\n  - {name: remote, endpoint: 'tcp://build.example.com:2376'}\n" + images,
                        2, 30, "tcp endpoint 'tcp://build.example.com:2376' needs 'tls: {cert_dir: ...}'", true)),
                arguments("http endpoint", new Case("hosts:\n  - {name: remote, endpoint: 'http://build.example.com:2375'}\n" + images,
                        2, 30, "invalid endpoint 'http://build.example.com:2375'", true)),
                arguments("misspelt pull policy", new Case(hosts + "images:\n  - {name: debian-12, ref: 'debian:12', pull: allways}\n",
                        4, 47, "invalid value 'allways' for 'pull': expected one of never, missing, always, did you mean 'always'?", true)),
                arguments("no concurrency", new Case("hosts:\n  - {name: docker, endpoint: default, concurrency: 0}\n" + images,
                        2, 52, "'concurrency' must be at least 1, got 0", true)),
                arguments("exclusion without reason", new Case(hosts + images + "exclude:\n  - hosts: [docker]\n",
                        6, 5, "missing required key 'reason' in an exclusion", true)),
                arguments("bad default timeout", new Case(hosts + images + "defaults: {timeout: 2 minutes}\n",
                        5, 21, "invalid duration '2 minutes' for 'timeout'", true)),
                // The schema's enum says the same: a matrix-wide network would reach every cell of the matrix.
                arguments("matrix-wide network other than none or disabled", new Case(hosts + images + "defaults: {network: host}\n",
                        5, 21, "defaults.network must be 'none' or 'disabled', not 'host' (a scenario that needs a network", true)),
                // Names are unique within a list of objects: JSON Schema's uniqueItems compares whole items, not names.
                arguments("duplicate host names", new Case(hosts + "  - {name: docker, endpoint: default}\n" + images,
                        3, 12, "duplicate host name 'docker': already defined at ", false)),
                arguments("duplicate image names", new Case(hosts + images + "  - {name: debian-13, ref: 'debian:trixie'}\n",
                        5, 12, "duplicate image name 'debian-13': already defined at ", false)),
                // An exclusion's literal name must be a host of this matrix: a reference across the file, not a shape.
                arguments("exclusion naming a host the matrix lacks", new Case(hosts + images + "exclude:\n  - {hosts: [dockr], reason: r}\n",
                        6, 14, "an exclusion names host 'dockr', which this matrix does not have, did you mean 'docker'? (a glob", false)),
                // Whether a directory exists is the file system's business, not the schema's.
                arguments("missing TLS certificate directory", new Case(
                        "hosts:\n  - name: remote\n    endpoint: tcp://build.example.com:2376\n    tls: {cert_dir: certs/remote}\n" + images,
                        4, 21, "TLS certificate directory", false)),
                arguments("catalog that is a list", new Case("catalog: [../]\n" + hosts + images,
                        1, 10, "expected a string for 'catalog', got a list", true)),
                arguments("empty catalog", new Case("catalog: ''\n" + hosts + images,
                        1, 10, "'catalog' is empty: name the folder of the scenarios this matrix was written for", true)),
                // Like cert_dir, whether the folder exists is the file system's business.
                arguments("missing catalog folder", new Case("catalog: no-such-catalog\n" + hosts + images,
                        1, 10, "no-such-catalog' does not exist (catalog is relative to the matrix file)", false)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void brokenScenarioFileIsReportedWhereItIsBroken(String name, Case c, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("broken.yaml");
        Files.writeString(file, c.content());

        LoadedDefinitions loaded = DefinitionLoader.loadScenarios(List.of(file));

        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.problems()).anySatisfy(p -> {
            assertThat(p.location().file()).isEqualTo(file);
            assertThat(p.location().line()).as("line of %s", p).isEqualTo(c.line());
            assertThat(p.location().column()).as("column of %s", p).isEqualTo(c.column());
            assertThat(p.message()).contains(c.message());
            assertThat(p.toString()).startsWith(file + ":" + c.line() + ":" + c.column() + ": ");
        });
        if (c.schemaRejects()) {
            assertThat(SchemaCheck.scenarioErrors(file)).as("schema errors").isNotEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrices")
    void brokenMatrixFileIsReportedWhereItIsBroken(String name, Case c, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("matrix.yaml");
        Files.writeString(file, c.content());

        LoadedDefinitions loaded = DefinitionLoader.loadMatrix(file);

        assertThat(loaded.ok()).isFalse();
        assertThat(loaded.problems()).anySatisfy(p -> {
            assertThat(p.location().file()).isEqualTo(file);
            assertThat(p.location().line()).as("line of %s", p).isEqualTo(c.line());
            assertThat(p.location().column()).as("column of %s", p).isEqualTo(c.column());
            assertThat(p.message()).contains(c.message());
        });
        if (c.schemaRejects()) {
            assertThat(SchemaCheck.matrixErrors(file)).as("schema errors").isNotEmpty();
        }
    }
}
