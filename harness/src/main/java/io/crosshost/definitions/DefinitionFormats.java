package io.crosshost.definitions;

import org.snakeyaml.engine.v2.nodes.MappingNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells the formats of scenario files apart by what they hold, not by their names: a container-structure-test file
 * has {@code schemaVersion}; a goss file has only goss resource types at its top; anything else is Crosshost's own.
 */
final class DefinitionFormats {

    /** One file's scenarios, and the files it included (goss), which are then not loaded on their own. */
    record Result(ScenarioParser.Parsed parsed, List<Path> included) {
    }

    private DefinitionFormats() {
    }

    static Result parse(YamlFile.Root root) {
        List<String> keys = topKeys(root);
        if (CstTranslator.recognises(keys)) {
            return new Result(CstTranslator.translate(root), List.of());
        }
        if (GossTranslator.recognises(keys)) {
            List<Path> included = new ArrayList<>();
            included.add(root.file().path.toAbsolutePath().normalize());
            ScenarioParser.Parsed parsed = GossTranslator.translate(root, included);
            return new Result(parsed, included.subList(1, included.size()));
        }
        return new Result(ScenarioParser.parse(root), List.of());
    }

    /** Whether a JSON file found in a folder is a suite of another tool (folders hold other JSON, which is left alone). */
    static boolean isImportedSuite(Path file) {
        return YamlFile.read(file, new ArrayList<>()).map(DefinitionFormats::topKeys)
                .map(keys -> CstTranslator.recognises(keys) || GossTranslator.recognises(keys)).orElse(false);
    }

    static List<String> topKeys(YamlFile.Root root) {
        return root.node() instanceof MappingNode map ? map.getValue().stream().map(t -> YamlFile.scalarValue(t.getKeyNode()))
                .filter(java.util.Objects::nonNull).toList() : List.of();
    }
}
