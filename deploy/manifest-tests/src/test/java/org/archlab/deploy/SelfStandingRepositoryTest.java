package org.archlab.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A clone has nothing beside it: no file of the repository (code, build files, scripts, manifests, docs) may read
 * the developers' shared folder next to the checkout. Its material is copied in (test-data/, the catalog resources).
 */
class SelfStandingRepositoryTest {

    /** How a file would reach the folder beside the checkout: a relative path to it, or the old build property. */
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\.[/\\\\]shared\\b|archlab\\.shared\\.dir");
    private static final Set<String> NOT_OURS = Set.of(".git", "target", ".archlab", "node_modules", ".idea");
    private static final Path ME = Path.of("deploy/manifest-tests/src/test/java/org/archlab/deploy/SelfStandingRepositoryTest.java");

    @Test
    void no_file_of_the_repository_reads_the_shared_folder_beside_it() throws IOException {
        List<String> offenders;
        try (Stream<Path> files = Files.walk(Repository.ROOT)) {
            offenders = files.filter(Files::isRegularFile)
                    .filter(f -> Repository.ROOT.relativize(f).getNameCount() > 0
                            && NOT_OURS.stream().noneMatch(skip -> contains(Repository.ROOT.relativize(f), skip)))
                    .filter(f -> !Repository.ROOT.relativize(f).equals(ME))
                    .flatMap(SelfStandingRepositoryTest::offendingLines)
                    .toList();
        }
        assertThat(offenders).as("lines that read outside the repository").isEmpty();
    }

    @Test
    void the_test_data_and_the_catalog_are_in_the_repository() {
        assertThat(Repository.ROOT.resolve("test-data/README.md")).isRegularFile();
        assertThat(Repository.ROOT.resolve("test-data/fixtures/README.md")).isRegularFile();
        assertThat(Repository.ROOT.resolve("architecture-core/src/main/resources/org/archlab/architecture/catalog/reference-architectures.json"))
                .isRegularFile();
    }

    private static boolean contains(Path relative, String name) {
        for (Path part : relative) {
            if (part.toString().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Stream<String> offendingLines(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (MalformedInputException binary) {
            return Stream.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path relative = Repository.ROOT.relativize(file);
        return IntStream.range(0, lines.size())
                .filter(i -> OUTSIDE.matcher(lines.get(i)).find())
                .mapToObj(i -> relative + ":" + (i + 1) + ": " + lines.get(i).strip());
    }
}
