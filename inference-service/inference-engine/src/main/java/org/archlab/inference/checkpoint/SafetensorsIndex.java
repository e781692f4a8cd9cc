package org.archlab.inference.checkpoint;

import tools.jackson.databind.JsonNode;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * {@code model.safetensors.index.json} of a sharded checkpoint: which shard holds each tensor. Shards
 * must be plain file names beside the index, so an index cannot point the loader elsewhere.
 *
 * @param file    the index file, for messages
 * @param shardOf shard file name by tensor name, in index order
 */
record SafetensorsIndex(Path file, Map<String, String> shardOf) {

    static SafetensorsIndex parse(Path file, JsonNode json) {
        JsonNode weightMap = json.get("weight_map");
        if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
            throw new CheckpointException(file, "weight_map must be a non-empty object of tensor name to shard file");
        }
        var shardOf = new LinkedHashMap<String, String>();
        for (var entry : weightMap.properties()) {
            String tensor = entry.getKey();
            JsonNode shard = entry.getValue();
            if (!shard.isString() || !isPlainFileName(shard.stringValue())) {
                throw new CheckpointException(file, "weight_map gives tensor " + tensor + " the shard " + shard
                        + ", which is not a file name in the checkpoint's directory");
            }
            shardOf.put(tensor, shard.stringValue());
        }
        return new SafetensorsIndex(file, Collections.unmodifiableMap(shardOf));
    }

    private static boolean isPlainFileName(String name) {
        try {
            Path path = Path.of(name);
            return !path.isAbsolute() && path.getNameCount() == 1 && !name.equals(".") && !name.equals("..") && !name.isBlank();
        } catch (InvalidPathException e) {
            return false;
        }
    }

    /** The shard files, each once. */
    List<String> shards() {
        return List.copyOf(new LinkedHashSet<>(shardOf.values()));
    }

    /** A tensor that names the shard, for messages. */
    String firstTensorIn(String shard) {
        return shardOf.entrySet().stream().filter(e -> e.getValue().equals(shard)).map(Map.Entry::getKey).findFirst().orElseThrow();
    }
}
