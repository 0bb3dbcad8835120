package io.crosshost.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Validates YAML files against the shipped JSON Schemas the way an editor does: the YAML read as JSON by
 * jackson-dataformat-yaml, checked by the networknt validator (draft 2020-12, formats such as regex asserted).
 */
final class SchemaCheck {

    static final Path ROOT = Path.of(System.getProperty("crosshost.root", ".."));
    static final Path SCENARIOS = ROOT.resolve("scenarios");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final JsonSchema SCENARIO = schema("scenario.schema.json");
    private static final JsonSchema MATRIX = schema("matrix.schema.json");

    private SchemaCheck() {
    }

    private static JsonSchema schema(String name) {
        try {
            JsonNode node = new ObjectMapper().readTree(SCENARIOS.resolve("schema").resolve(name).toFile());
            SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(node, config);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read schema " + name, e);
        }
    }

    /** The schema's complaints about a scenario file; a file that is not YAML at all is one complaint. */
    static List<String> scenarioErrors(Path file) {
        return errors(SCENARIO, file);
    }

    static List<String> matrixErrors(Path file) {
        return errors(MATRIX, file);
    }

    private static List<String> errors(JsonSchema schema, Path file) {
        JsonNode node;
        try {
            node = YAML.readTree(Files.readString(file));
        } catch (IOException e) {
            return List.of("not YAML: " + e.getMessage());
        }
        if (node == null || node.isMissingNode()) {
            return List.of("no document");
        }
        return schema.validate(node).stream().map(ValidationMessage::getMessage).toList();
    }
}
