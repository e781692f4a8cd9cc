package org.archlab.deploy;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads the repository's manifests and configuration for the static checks. */
final class Repository {

    static final Path ROOT = findRoot();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(ARCHLAB_[A-Z_]+)");

    private Repository() {
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("archlab"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("Not inside the ArchLab repository: " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    static String read(String relative) {
        try {
            return Files.readString(ROOT.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String relative) {
        return (Map<String, Object>) new Yaml().load(read(relative));
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> yamlDocuments(String relative) {
        var documents = new ArrayList<Map<String, Object>>();
        for (Object document : new Yaml().loadAll(read(relative))) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    /** Every ARCHLAB_* variable a service's configuration reads. */
    static Set<String> variablesReadByServices() {
        var names = new TreeSet<String>();
        for (String yml : ServiceModule.applicationFiles()) {
            PLACEHOLDER.matcher(read(yml)).results().forEach(m -> names.add(m.group(1)));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    static <T> T at(Map<String, Object> map, String... path) {
        Object value = map;
        for (String key : path) {
            value = ((Map<String, Object>) value).get(key);
            if (value == null) {
                return null;
            }
        }
        return (T) value;
    }
}
