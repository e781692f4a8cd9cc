package org.archlab.inference;

import org.archlab.testsupport.TestData;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The repository's GGUF fixtures (test-data/fixtures) and the logits llama.cpp computed for them. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path dir() {
        return TestData.fixture("");
    }

    public static Path gguf(String name) {
        return dir().resolve(name + ".gguf");
    }

    /** The fixture's reference: prompt ids, logits per position, greedy continuation and its top-two margins. */
    public record Expected(int[] prompt, float[][] logits, int[] continuation, double[] margins) {
    }

    public static Expected expected(String name) {
        try {
            JsonNode json = JsonMapper.builder().build().readTree(Files.readString(dir().resolve(name + ".json")));
            int[] prompt = ints(json.get("prompt_token_ids"));
            JsonNode rows = json.get("logits");
            float[][] logits = new float[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                logits[i] = new float[rows.get(i).size()];
                for (int j = 0; j < logits[i].length; j++) {
                    logits[i][j] = rows.get(i).get(j).floatValue();
                }
            }
            JsonNode margins = json.get("greedy_top1_top2_margins");
            double[] m = new double[margins.size()];
            for (int i = 0; i < m.length; i++) {
                m[i] = margins.get(i).doubleValue();
            }
            return new Expected(prompt, logits, ints(json.get("greedy_continuation")), m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).intValue();
        }
        return out;
    }
}
