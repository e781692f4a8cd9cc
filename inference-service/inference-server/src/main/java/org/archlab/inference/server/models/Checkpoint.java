package org.archlab.inference.server.models;

import org.archlab.architecture.analysis.TensorShape;
import org.archlab.architecture.gguf.GgufFormatException;
import org.archlab.architecture.gguf.GgufHeader;
import org.archlab.architecture.gguf.GgufHeaderReader;
import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.gguf.GgufTensorInfo;
import org.archlab.architecture.hf.HfConfigException;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.validation.InvalidSpecException;
import org.archlab.architecture.validation.SpecValidator;
import org.archlab.problems.ApiProblem;
import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.StreamableWeights;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A checkpoint registered under a name: where it lies (its real path, inside an allowed directory), its
 * format and the architecture its header or config.json describes.
 *
 * @param weightBytes  bytes of tensor data in the files
 * @param streamableWeightBytes of those, the per-layer token table's (Gemma 3n; 0 when there is none): from the
 *                     GGUF header exactly; for safetensors its elements at the bytes of config.json's dtype
 * @param matrixFormat the format most of its weight bytes are stored in, e.g. {@code Q8_0}
 */
public record Checkpoint(String name, Path path, CheckpointFormat format, ArchitectureSpec spec, long weightBytes,
                         long streamableWeightBytes, String matrixFormat, Instant registeredAt) implements ModelSource {

    @Override
    public String key() {
        return "checkpoint:" + name + ":" + path;
    }

    @Override
    public String id() {
        return name;
    }

    @Override
    public String weights() {
        return "checkpoint";
    }

    @Override
    public String dtype() {
        return matrixFormat;
    }

    @Override
    public Integer revision() {
        return null;
    }

    /**
     * Reads what registration needs without loading weights: a GGUF header, or a Hugging Face config.json
     * and the sizes of its safetensors files.
     *
     * @throws ApiProblem 422 when the files are not a checkpoint the engine reads
     */
    static Checkpoint read(String name, Path path) {
        return read(name, path, Instant.now());
    }

    /** Reads a checkpoint registered earlier, keeping when it was registered. */
    static Checkpoint read(String name, Path path, Instant registeredAt) {
        CheckpointFormat format = CheckpointFormat.of(path);
        try {
            return format == CheckpointFormat.GGUF ? gguf(name, path, registeredAt) : safetensors(name, path, registeredAt);
        } catch (IOException | GgufFormatException | HfConfigException | JacksonException | InvalidSpecException
                 | IllegalArgumentException e) {
            throw ApiProblem.field(HttpStatus.UNPROCESSABLE_CONTENT, "path", "is not a " + format
                    + " checkpoint the engine reads: " + e.getMessage(), "invalid_checkpoint");
        }
    }

    private static Checkpoint gguf(String name, Path file, Instant registeredAt) throws IOException {
        GgufHeader header = GgufHeaderReader.read(file);
        ArchitectureSpec spec = SpecValidator.requireValid(GgufSpecImporter.importHeader(header));
        long dataBytes = Math.max(0, Files.size(file) - header.dataOffset());
        Map<Integer, Long> elementsByType = header.tensors().stream()
                .collect(Collectors.groupingBy(GgufTensorInfo::typeId, Collectors.summingLong(GgufTensorInfo::elements)));
        String format = elementsByType.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> GgmlType.byId(e.getKey()).map(Enum::name).orElse("ggml type " + e.getKey())).orElse("unknown");
        var streamableNames = StreamableWeights.of(spec).stream().map(TensorShape::name).toList();
        long streamable = header.tensors().stream().filter(t -> streamableNames.contains(t.name()))
                .mapToLong(t -> GgmlType.byId(t.typeId()).map(type -> type.rowBytes(t.dims()[0]) * (t.elements() / t.dims()[0])).orElse(0L))
                .sum();
        return new Checkpoint(name, file, CheckpointFormat.GGUF, spec, dataBytes, streamable, format, registeredAt);
    }

    private static Checkpoint safetensors(String name, Path path, Instant registeredAt) throws IOException {
        Path dir = Files.isDirectory(path) ? path : path.getParent();
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new IllegalArgumentException("neither a .gguf file nor a directory with config.json");
        }
        JsonNode config = SpecJson.mapper().readTree(Files.readString(configFile));
        ArchitectureSpec spec = SpecValidator.requireValid(HfConfigImporter.importConfig(config));
        long bytes;
        try (Stream<Path> files = Files.list(dir)) {
            bytes = files.filter(f -> f.getFileName().toString().endsWith(".safetensors")).mapToLong(Checkpoint::size).sum();
        }
        String format = switch (config.path("torch_dtype").asString("")) {
            case "bfloat16" -> "BF16";
            case "float16" -> "F16";
            case "float32" -> "F32";
            default -> "safetensors";
        };
        // The files' headers are read when the model loads; until then the table is counted at config.json's dtype.
        int elementBytes = format.equals("F32") ? 4 : 2;
        long streamable = StreamableWeights.of(spec).stream().mapToLong(t -> Math.multiplyExact(t.elements(), (long) elementBytes)).sum();
        return new Checkpoint(name, path, CheckpointFormat.SAFETENSORS, spec, bytes, streamable, format, registeredAt);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }
}
