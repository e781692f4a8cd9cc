package org.archlab.inference.checkpoint;

import org.archlab.architecture.analysis.TensorLayout;
import org.archlab.architecture.analysis.TensorShape;
import org.archlab.architecture.hf.HfConfigException;
import org.archlab.architecture.hf.HfConfigImporter;
import org.archlab.architecture.json.SpecJson;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.validation.InvalidSpecException;
import org.archlab.architecture.validation.SpecValidator;
import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.TensorSource;
import org.archlab.inference.tensor.WeightTensor;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Hugging Face checkpoint — {@code config.json} beside {@code model.safetensors}, or beside
 * {@code model.safetensors.index.json} and its shards — with every file mapped once (or copied
 * off-heap), never copied onto the Java heap. The architecture comes from {@code config.json}; the
 * tensors it implies are found under their Hugging Face names, checked against the spec's shapes and
 * offered by llama.cpp's names, so the model code binds them as it binds a GGUF file's.
 */
public final class SafetensorsCheckpoint implements TensorSource, AutoCloseable {

    static final String CONFIG = "config.json";
    static final String SINGLE = "model.safetensors";
    static final String INDEX = "model.safetensors.index.json";
    /** config.json is a few kilobytes and an index a few hundred; anything near this is not one. */
    private static final long MAX_JSON_BYTES = 64L << 20;

    private final Path weights;
    private final ArchitectureSpec spec;
    private final Arena arena;
    private final Map<String, WeightTensor> tensors;
    private final long dataBytes;

    private SafetensorsCheckpoint(Path weights, ArchitectureSpec spec, Arena arena, Map<String, WeightTensor> tensors, long dataBytes) {
        this.weights = weights;
        this.spec = spec;
        this.arena = arena;
        this.tensors = tensors;
        this.dataBytes = dataBytes;
    }

    /** A tensor as stored: the file that holds it and its description there. */
    private record Stored(SafetensorsFile file, SafetensorsHeader.Entry entry) {
    }

    /**
     * @param path a directory holding {@code config.json} and the weights, a {@code .safetensors} file or
     *             a {@code model.safetensors.index.json}, each with {@code config.json} beside it
     */
    public static SafetensorsCheckpoint open(Path path, LoadMode mode) {
        Path weights = weightsFile(path);
        Path configFile = weights.resolveSibling(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new CheckpointException(configFile, "is missing: a Hugging Face checkpoint needs its config.json beside the weights");
        }
        ArchitectureSpec spec = importSpec(configFile);
        HfTensorNames.unsupported(spec).ifPresent(what -> {
            throw new CheckpointException(configFile, "describes " + what + ", whose weights the engine does not read from"
                    + " safetensors (it reads dense decoders' weights; a GGUF file of this model loads)");
        });
        return open(weights, spec, mode);
    }

    /** The weights of the spec config.json describes: {@code weights} is a {@code .safetensors} file or an index. */
    private static SafetensorsCheckpoint open(Path weights, ArchitectureSpec spec, LoadMode mode) {
        HfTensorNames names = HfTensorNames.of(spec);
        Arena arena = Arena.ofShared();
        try {
            boolean sharded = weights.getFileName().toString().endsWith(".index.json");
            List<SafetensorsFile> files = sharded ? openShards(weights, mode, arena) : List.of(SafetensorsFile.open(weights, mode, arena));
            var stored = new HashMap<String, Stored>();
            for (SafetensorsFile file : files) {
                file.header().tensors().values().forEach(entry -> {
                    Stored earlier = stored.put(entry.name(), new Stored(file, entry));
                    if (earlier != null) {
                        throw new CheckpointException(file.path(), "tensor " + entry.name() + " is also in " + earlier.file().path());
                    }
                });
            }
            var tensors = new LinkedHashMap<String, WeightTensor>();
            for (TensorShape shape : TensorLayout.of(spec)) {
                tensors.put(shape.name(), bind(shape, names, stored, weights, arena));
            }
            long dataBytes = files.stream().mapToLong(f -> f.header().dataBytes()).sum();
            return new SafetensorsCheckpoint(weights, spec, arena, Map.copyOf(tensors), dataBytes);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static Path weightsFile(Path path) {
        if (Files.isDirectory(path)) {
            // Like transformers: a single file wins over an index.
            for (String name : List.of(SINGLE, INDEX)) {
                if (Files.isRegularFile(path.resolve(name))) {
                    return path.resolve(name);
                }
            }
            throw new CheckpointException(path, "holds neither " + SINGLE + " nor " + INDEX);
        }
        if (!Files.isRegularFile(path)) {
            throw new CheckpointException(path, "does not exist");
        }
        return path;
    }

    private static ArchitectureSpec importSpec(Path configFile) {
        try {
            return SpecValidator.requireValid(HfConfigImporter.importConfig(readJson(configFile)));
        } catch (HfConfigException | IllegalArgumentException e) {
            throw new CheckpointException(configFile, e.getMessage(), e);
        } catch (InvalidSpecException e) {
            throw new CheckpointException(configFile, "describes no valid model: " + e.getMessage(), e);
        }
    }

    private static List<SafetensorsFile> openShards(Path indexFile, LoadMode mode, Arena arena) {
        var index = SafetensorsIndex.parse(indexFile, readJson(indexFile));
        var shards = new HashMap<String, SafetensorsFile>();
        for (String shard : index.shards()) {
            Path file = indexFile.resolveSibling(shard);
            if (!Files.isRegularFile(file)) {
                throw new CheckpointException(indexFile, "shard " + shard + ", which holds tensor " + index.firstTensorIn(shard)
                        + " among others, is missing");
            }
            shards.put(shard, SafetensorsFile.open(file, mode, arena));
        }
        index.shardOf().forEach((tensor, shard) -> {
            SafetensorsFile file = shards.get(shard);
            if (!file.header().tensors().containsKey(tensor)) {
                throw new CheckpointException(file.path(), "tensor " + tensor + " is missing, though " + indexFile.getFileName()
                        + " places it in this shard");
            }
        });
        return index.shards().stream().map(shards::get).toList();
    }

    /** The engine's tensor {@code shape.name()}: found under its Hugging Face name(s), checked, viewed or converted. */
    private static WeightTensor bind(TensorShape shape, HfTensorNames names, Map<String, Stored> stored, Path weights, Arena arena) {
        HfTensorNames.Source source = names.source(shape.name()).orElseThrow(() -> new CheckpointException(weights,
                "the engine does not know where a Hugging Face checkpoint keeps tensor " + shape.name()));
        if (!source.stacked()) {
            return bindOne(shape.name(), shape.dims(), source, source.names(), stored, weights, arena);
        }
        long[] dims = shape.dims();
        int pieces = Math.toIntExact(dims[dims.length - 1]);
        long[] pieceDims = Arrays.copyOf(dims, dims.length - 1);
        var loaded = new ArrayList<WeightTensor>(pieces);
        for (int i = 0; i < pieces; i++) {
            loaded.add(bindOne(shape.name(), pieceDims, source, source.piece(i), stored, weights, arena));
        }
        return stack(shape.name(), dims, loaded, weights, arena);
    }

    /** One stored tensor: the first of {@code candidates} present, checked against the shape it must have. */
    private static WeightTensor bindOne(String engineName, long[] dims, HfTensorNames.Source source, List<String> candidates,
                                        Map<String, Stored> stored, Path weights, Arena arena) {
        String hfName = candidates.getFirst();
        Stored s = candidates.stream().map(stored::get).filter(t -> t != null).findFirst().orElseThrow(() ->
                new CheckpointException(weights, "tensor " + hfName + " (the engine's " + engineName + ") is missing"));
        Path file = s.file().path();
        String name = s.entry().name();
        GgmlType type = s.entry().dtype().engineType().orElseThrow(() -> new CheckpointException(file, "tensor " + name
                + " has dtype " + s.entry().dtype() + ", which this engine cannot compute with (supported: F32, F16, BF16)"));
        long[] expected = source.conversion().storedShape(dims, source.parts());
        if (!Arrays.equals(s.entry().shape(), expected)) {
            throw new CheckpointException(file, "tensor " + name + " has shape " + Arrays.toString(s.entry().shape())
                    + " but config.json implies " + Arrays.toString(expected));
        }
        return source.conversion().load(name, type, dims, s.file().bytes(s.entry()), source.part(), source.parts(), arena);
    }

    /** Pieces of one dtype copied side by side into off-heap memory, the outermost dimension counting them. */
    private static WeightTensor stack(String engineName, long[] dims, List<WeightTensor> pieces, Path weights, Arena arena) {
        GgmlType type = pieces.getFirst().type();
        for (WeightTensor piece : pieces) {
            if (piece.type() != type) {
                throw new CheckpointException(weights, "tensors " + pieces.getFirst().name() + " (" + type + ") and " + piece.name()
                        + " (" + piece.type() + "), stacked into the engine's " + engineName + ", must share a dtype");
            }
        }
        long pieceBytes = pieces.getFirst().byteSize();
        MemorySegment all = arena.allocate(pieceBytes * pieces.size(), 64);
        for (int i = 0; i < pieces.size(); i++) {
            MemorySegment.copy(pieces.get(i).data(), 0, all, i * pieceBytes, pieceBytes);
        }
        return new WeightTensor(engineName, type, dims, all);
    }

    private static JsonNode readJson(Path file) {
        try {
            long size = Files.size(file);
            if (size > MAX_JSON_BYTES) {
                throw new CheckpointException(file, "is " + size + " bytes, too large for a Hugging Face JSON file (at most "
                        + MAX_JSON_BYTES + ")");
            }
            JsonNode json = SpecJson.mapper().readTree(Files.readAllBytes(file));
            if (json == null || !json.isObject()) {
                throw new CheckpointException(file, "must hold a JSON object");
            }
            return json;
        } catch (JacksonException e) {
            throw new CheckpointException(file, "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CheckpointException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** The architecture config.json describes. */
    public ArchitectureSpec spec() {
        return spec;
    }

    /** {@code model.safetensors} (or the file opened), or the index of a sharded checkpoint. */
    public Path weights() {
        return weights;
    }

    @Override
    public WeightTensor tensor(String name) {
        WeightTensor t = tensors.get(name);
        if (t == null) {
            throw new CheckpointException(weights, "tensor " + name + " is not part of this model");
        }
        return t;
    }

    @Override
    public Optional<WeightTensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    /** Bytes of tensor data in the files (the weights as stored). */
    public long dataBytes() {
        return dataBytes;
    }

    @Override
    public void close() {
        arena.close();
    }
}
