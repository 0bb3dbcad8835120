package io.crosshost.report;

import io.crosshost.result.CellResult;
import io.crosshost.result.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.SchemaFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JunitXmlWriterTest {

    @TempDir
    Path dir;

    static void assertValidAgainstJenkinsXsd(Path xml) throws Exception {
        SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
        var schema = factory.newSchema(JunitXmlWriterTest.class.getResource("/io/crosshost/report/junit-10.xsd"));
        schema.newValidator().validate(new StreamSource(xml.toFile()));
    }

    private Document write(RunResults run) throws Exception {
        Path xml = dir.resolve("junit.xml");
        JunitXmlWriter.write(run, xml);
        assertValidAgainstJenkinsXsd(xml);
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        return dbf.newDocumentBuilder().parse(xml.toFile());
    }

    private static Element testcase(Document doc, CellResult cell) {
        NodeList cases = doc.getElementsByTagName("testcase");
        for (int i = 0; i < cases.getLength(); i++) {
            Element e = (Element) cases.item(i);
            if (e.getAttribute("classname").equals("crosshost." + cell.scenario())
                    && e.getAttribute("name").equals(cell.image() + " @ " + cell.host())) {
                return e;
            }
        }
        throw new AssertionError("no testcase for " + cell.cellId());
    }

    private static List<String> children(Element testcase) {
        List<String> names = new ArrayList<>();
        for (var n = testcase.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                names.add(e.getTagName());
            }
        }
        return names;
    }

    private static CellResult first(RunResults run, Status status) {
        return run.cells().stream().filter(c -> c.status() == status).findFirst().orElseThrow();
    }

    @Test
    void hostileOutputStillValidatesAgainstTheJenkinsSchema() throws Exception {
        RunResults run = SyntheticResults.allStatuses();
        Document doc = write(run);

        assertThat(doc.getElementsByTagName("testsuite").getLength()).as("one suite per scenario").isEqualTo(4);
        assertThat(doc.getElementsByTagName("testcase").getLength()).isEqualTo(run.cells().size());
        String xml = Files.readString(dir.resolve("junit.xml"));
        assertThat(xml).doesNotContain("\u0000", "\u001b", "\u0007", "\u000b", "<script>", "]]>");
        assertThat(xml).contains("\u241b[31mred", "&lt;/script&gt;");
    }

    @Test
    void eachStatusMapsToWhatJenkinsUnderstands() throws Exception {
        RunResults run = SyntheticResults.allStatuses();
        Document doc = write(run);

        assertThat(children(testcase(doc, first(run, Status.PASS)))).doesNotContain("failure", "error", "skipped");
        Element fail = testcase(doc, first(run, Status.FAIL));
        assertThat(children(fail)).contains("failure", "system-out", "system-err");
        Element failure = (Element) fail.getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("[useradd-passwd on").contains("</script>");
        assertThat(failure.getTextContent()).contains("reproduce: docker -H");
        assertThat(fail.getElementsByTagName("system-out").item(0).getTextContent()).endsWith("END");

        assertThat(children(testcase(doc, first(run, Status.ERROR)))).contains("error").doesNotContain("failure");
        Element skipped = (Element) testcase(doc, first(run, Status.SKIP)).getElementsByTagName("skipped").item(0);
        assertThat(skipped.getAttribute("message")).startsWith("excluded by the matrix");

        Element xfail = testcase(doc, first(run, Status.XFAIL));
        assertThat(children(xfail)).doesNotContain("failure", "error", "skipped");
        assertThat(xfail.getElementsByTagName("system-out").item(0).getTextContent())
                .startsWith("XFAIL: failed as expected: faccessat2").contains("https://bugs.example.org/1234");

        Element xpass = (Element) testcase(doc, first(run, Status.XPASS)).getElementsByTagName("failure").item(0);
        assertThat(xpass.getAttribute("message"))
                .isEqualTo("expected to fail because faccessat2 gets EPERM under the old seccomp profile "
                        + "(https://bugs.example.org/1234), but passed");

        Element flaky = testcase(doc, first(run, Status.FLAKY));
        assertThat(children(flaky)).doesNotContain("failure", "error", "skipped");
        assertThat(flaky.getElementsByTagName("system-out").item(0).getTextContent())
                .startsWith("FLAKY: passed on attempt 2");
    }

    @Test
    void crosshostStatusAndBugAreSuiteProperties() throws Exception {
        RunResults run = SyntheticResults.allStatuses();
        Document doc = write(run);
        CellResult xfail = first(run, Status.XFAIL);

        NodeList properties = doc.getElementsByTagName("property");
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i < properties.getLength(); i++) {
            Element p = (Element) properties.item(i);
            pairs.add(p.getAttribute("name") + "=" + p.getAttribute("value"));
            assertThat(p.getParentNode().getParentNode().getNodeName()).isEqualTo("testsuite");
        }
        String name = xfail.image() + " @ " + xfail.host();
        assertThat(pairs).contains("crosshost.status[" + name + "]=XFAIL",
                "crosshost.bug[" + name + "]=https://bugs.example.org/1234");
        assertThat(pairs).anyMatch(p -> p.endsWith("=FLAKY")).anyMatch(p -> p.endsWith("=XPASS"));
    }

    @Test
    void countsAndTimesAreThoseOfTheSuite() throws Exception {
        RunResults run = SyntheticResults.ofSize(40);
        Document doc = write(run);
        Element suite = (Element) doc.getElementsByTagName("testsuite").item(0);

        assertThat(suite.getAttribute("name")).isEqualTo("crosshost.scenario-00000");
        assertThat(suite.getAttribute("tests")).isEqualTo("20");
        assertThat(suite.getAttribute("time")).isEqualTo("12.240");
        assertThat(suite.getAttribute("timestamp")).isEqualTo("2025-11-20T02:00:00");
        Element root = doc.getDocumentElement();
        assertThat(root.getAttribute("tests")).isEqualTo("40");
        assertThat(((Element) suite.getElementsByTagName("testcase").item(0)).getAttribute("time")).isEqualTo("0.612");
    }

    @Test
    void aTriagedCellsFailureSaysWhichComponentOnOneMoreLine() throws Exception {
        RunResults plain = SyntheticResults.allStatuses();
        RunResults run = plain.withTriage(SyntheticResults.triageOf(plain, SyntheticResults.HOSTILE));
        Document doc = write(run);

        CellResult legacyFail = run.cells().stream()
                .filter(c -> c.status() == Status.FAIL && c.host().equals("docker-legacy")).findFirst().orElseThrow();
        Element failure = (Element) testcase(doc, legacyFail).getElementsByTagName("failure").item(0);
        assertThat(failure.getAttribute("message")).startsWith("[useradd-passwd on debian-13 @ docker-legacy]\n")
                .endsWith("\ntriage: SECCOMP: faccessat2 (EPERM), libc6 2.31-13+deb11u11 -> 2.36-9+deb12u14");
        assertThat(failure.getTextContent()).contains("\n  confirmed by a rerun: security_opt: [seccomp=",
                "\n  suggestion: upgrade docker-legacy to Docker >= 20.10");
        Element xpass = (Element) testcase(doc, first(run, Status.XPASS)).getElementsByTagName("failure").item(0);
        assertThat(xpass.getAttribute("message")).contains(", but passed\ntriage: CAPABILITIES: CAP_MKNOD");
        Element error = (Element) testcase(doc, first(run, Status.ERROR)).getElementsByTagName("error").item(0);
        assertThat(error.getAttribute("message")).endsWith("triage: ENGINE: the host did not answer; nothing to triage");
        // An untriaged run's messages are as before.
        Element before = (Element) testcase(write(plain), legacyFail).getElementsByTagName("failure").item(0);
        assertThat(before.getAttribute("message")).doesNotContain("triage");
    }

    @Test
    void escapingKeepsEveryLegalCharacterAndReplacesTheRest() {
        assertThat(Xml.attr("a\nb\r\tc\"<&>")).isEqualTo("a&#10;b&#13;&#9;c&quot;&lt;&amp;&gt;");
        assertThat(Xml.text("x\u0000y\u001bz\uFFFEw\uD83D\uDE00")).isEqualTo("x\u2400y\u241bz\uFFFDw\uD83D\uDE00");
        assertThat(Xml.text("lone \uD800")).isEqualTo("lone \uFFFD");
        assertThat(JunitXmlWriter.className("tls.v1")).isEqualTo("crosshost.tls_v1");
    }
}
