package org.archlab.inference.checkpoint;

import org.archlab.architecture.gguf.GgufSpecImporter;
import org.archlab.architecture.hf.HfConfigExporter;
import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.inference.Fixtures;
import org.archlab.inference.tensor.Dequantize;
import org.archlab.inference.tensor.GgmlType;
import org.archlab.inference.tensor.WeightTensor;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Set;

/**
 * A GGUF fixture written back as the Hugging Face checkpoint llama.cpp's converter would have made it
 * from: config.json exported from the fixture's spec, and every tensor under its Hugging Face name in
 * Hugging Face's conventions — Llama-family q/k rows un-permuted, Gemma norm weights minus one, GPT-2's
 * Conv1D weights transposed, Gemma 3n's stacked AltUp projections split into one matrix per stream — in the
 * fixture's dtype. Gemma 3n is written as Google ships it, its decoder under {@code model.language_model.} (a
 * multimodal checkpoint's text model). The names are spelled out here, independently of the loader's table,
 * so that a wrong name in either shows.
 */
public final class HfFixtureCheckpoint {

    /** Architectures whose GGUF q/k rows llama.cpp's converter permuted into adjacent RoPE pairs. */
    private static final Set<String> PERMUTED = Set.of("llama", "smollm3");

    private HfFixtureCheckpoint() {
    }

    /** Writes config.json and model.safetensors into {@code dir} — or, for several shards, the shards and their index. */
    public static Path write(String fixture, Path dir, int shards) throws IOException {
        try (var gguf = GgufCheckpoint.open(Fixtures.gguf(fixture), LoadMode.MAPPED)) {
            String arch = gguf.header().architecture();
            ArchitectureSpec spec = GgufSpecImporter.importHeader(gguf.header());
            ObjectNode config = HfConfigExporter.export(spec);
            addWhatTheExportLacks(arch, spec, gguf, config);
            Files.writeString(dir.resolve("config.json"), config.toPrettyString());
            var tensors = new ArrayList<SafetensorsWriter.Tensor>();
            for (var info : gguf.header().tensors()) {
                String name = hfName(arch, info.name());
                if (name == null) {
                    continue;
                }
                WeightTensor t = gguf.tensor(info.name());
                if (name.contains(STREAM)) {
                    tensors.addAll(perStream(name, t));
                } else {
                    tensors.add(hfTensor(arch, spec, name, t));
                }
            }
            if (shards == 1) {
                SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors);
            } else {
                SafetensorsWriter.writeSharded(dir, tensors, shards);
            }
        }
        return dir;
    }

    /**
     * Facts a GGUF file keeps elsewhere than config.json would: llama.gguf stores Llama 3.1's rope
     * frequency factors as a tensor where Hugging Face derives them from rope_scaling; Gemma 3's config
     * must name its query scale, which transformers otherwise takes as 256.
     */
    private static void addWhatTheExportLacks(String arch, ArchitectureSpec spec, GgufCheckpoint gguf, ObjectNode config) {
        if (gguf.find("rope_freqs.weight").isPresent()) {
            float[] stored = Dequantize.all(gguf.tensor("rope_freqs.weight"));
            float[] derived = llama3FrequencyFactors(spec, 8, 1, 4, 256);
            for (int i = 0; i < stored.length; i++) {
                if (Math.abs(stored[i] - derived[i]) > 1e-5 * derived[i]) {
                    throw new IllegalStateException(arch + ": rope_freqs " + Arrays.toString(stored) + " are not Llama 3.1's factors");
                }
            }
            ObjectNode scaling = config.putObject("rope_scaling");
            scaling.put("rope_type", "llama3").put("factor", 8.0).put("low_freq_factor", 1.0).put("high_freq_factor", 4.0)
                    .put("original_max_position_embeddings", 256);
        }
        if (arch.equals("gemma3")) {
            config.put("query_pre_attn_scalar", spec.attention().headDim());
        }
    }

    /** The per-pair divisors of Llama 3.1's rope scaling, as llama.cpp's converter stores them in rope_freqs. */
    private static float[] llama3FrequencyFactors(ArchitectureSpec spec, double factor, double low, double high, int original) {
        int headDim = spec.attention().headDim();
        float[] factors = new float[headDim / 2];
        for (int i = 0; i < factors.length; i++) {
            double wavelength = 2 * Math.PI * Math.pow(spec.rope().theta(), 2.0 * i / headDim);
            if (wavelength < original / high) {
                factors[i] = 1;
            } else if (wavelength > original / low) {
                factors[i] = (float) factor;
            } else {
                double smooth = (original / wavelength - low) / (high - low);
                factors[i] = (float) (1 / ((1 - smooth) / factor + smooth));
            }
        }
        return factors;
    }

    /** Stands for the stream index in the name of a tensor Hugging Face keeps one of per AltUp stream. */
    private static final String STREAM = "{stream}";

    /** The Hugging Face name of a GGUF tensor, or null for one a Hugging Face checkpoint does not store. */
    private static String hfName(String arch, String gguf) {
        if (arch.equals("gemma3n")) {
            return gemma3nName(gguf);
        }
        String[] parts = gguf.split("\\.");
        String suffix = parts[parts.length - 1];
        if (arch.equals("gpt2")) {
            // The original GPT-2 checkpoints carry no "transformer." prefix.
            return switch (parts[0]) {
                case "token_embd" -> "wte." + suffix;
                case "position_embd" -> "wpe." + suffix;
                case "output_norm" -> "ln_f." + suffix;
                case "output" -> "lm_head." + suffix;
                default -> "h." + parts[1] + "." + switch (parts[2]) {
                    case "attn_norm" -> "ln_1";
                    case "attn_qkv" -> "attn.c_attn";
                    case "attn_output" -> "attn.c_proj";
                    case "ffn_norm" -> "ln_2";
                    case "ffn_up" -> "mlp.c_fc";
                    case "ffn_down" -> "mlp.c_proj";
                    default -> throw new IllegalArgumentException(gguf);
                } + "." + suffix;
            };
        }
        return switch (parts[0]) {
            case "token_embd" -> "model.embed_tokens." + suffix;
            case "output_norm" -> "model.norm." + suffix;
            case "output" -> "lm_head." + suffix;
            case "rope_freqs" -> null;
            default -> "model.layers." + parts[1] + "." + switch (parts[2]) {
                case "attn_norm" -> "input_layernorm";
                case "attn_q" -> "self_attn.q_proj";
                case "attn_k" -> "self_attn.k_proj";
                case "attn_v" -> "self_attn.v_proj";
                case "attn_output" -> "self_attn.o_proj";
                case "attn_q_norm" -> "self_attn.q_norm";
                case "attn_k_norm" -> "self_attn.k_norm";
                case "post_attention_norm" -> "post_attention_layernorm";
                case "ffn_norm" -> arch.equals("gemma3") ? "pre_feedforward_layernorm" : "post_attention_layernorm";
                case "post_ffw_norm" -> "post_feedforward_layernorm";
                case "ffn_gate" -> "mlp.gate_proj";
                case "ffn_up" -> "mlp.up_proj";
                case "ffn_down" -> "mlp.down_proj";
                default -> throw new IllegalArgumentException(gguf);
            } + "." + suffix;
        };
    }

    /** Gemma 3n as google/gemma-3n-E2B ships it: the text decoder of a multimodal model, under model.language_model. */
    private static String gemma3nName(String gguf) {
        String[] parts = gguf.split("\\.");
        String suffix = parts[parts.length - 1];
        String model = "model.language_model.";
        return switch (parts[0]) {
            case "token_embd" -> model + "embed_tokens." + suffix;
            case "per_layer_token_embd" -> model + "embed_tokens_per_layer." + suffix;
            case "per_layer_model_proj" -> model + "per_layer_model_projection." + suffix;
            case "per_layer_proj_norm" -> model + "per_layer_projection_norm." + suffix;
            case "altup_proj" -> model + "altup_projections." + STREAM + "." + suffix;
            case "altup_unembd_proj" -> model + "altup_unembed_projections." + STREAM + "." + suffix;
            case "output_norm" -> model + "norm." + suffix;
            default -> model + "layers." + parts[1] + "." + switch (parts[2]) {
                case "attn_norm" -> "input_layernorm." + suffix;
                case "attn_q" -> "self_attn.q_proj." + suffix;
                case "attn_k" -> "self_attn.k_proj." + suffix;
                case "attn_v" -> "self_attn.v_proj." + suffix;
                case "attn_output" -> "self_attn.o_proj." + suffix;
                case "attn_q_norm" -> "self_attn.q_norm." + suffix;
                case "attn_k_norm" -> "self_attn.k_norm." + suffix;
                case "post_attention_norm" -> "post_attention_layernorm." + suffix;
                case "ffn_norm" -> "pre_feedforward_layernorm." + suffix;
                case "post_ffw_norm" -> "post_feedforward_layernorm." + suffix;
                case "ffn_gate" -> "mlp.gate_proj." + suffix;
                case "ffn_up" -> "mlp.up_proj." + suffix;
                case "ffn_down" -> "mlp.down_proj." + suffix;
                case "inp_gate" -> "per_layer_input_gate." + suffix;
                case "proj" -> "per_layer_projection." + suffix;
                case "post_norm" -> "post_per_layer_input_norm." + suffix;
                case "altup_correct_coef" -> "altup.correction_coefs." + suffix;
                // A bare nn.Parameter: transformers stores it without ".weight" (llama.cpp's converter appends one).
                case "altup_correct_scale" -> "altup.correct_output_scale";
                case "altup_predict_coef" -> "altup.prediction_coefs." + suffix;
                case "altup_router" -> "altup.modality_router." + suffix;
                case "altup_router_norm" -> "altup.router_norm." + suffix;
                case "laurel_l" -> "laurel.linear_left." + suffix;
                case "laurel_r" -> "laurel.linear_right." + suffix;
                case "laurel_post_norm" -> "laurel.post_laurel_norm." + suffix;
                default -> throw new IllegalArgumentException(gguf);
            };
        };
    }

    /**
     * llama.cpp's converter stacks the per-stream matrices with torch.stack(dim=0) into ne {h, h, streams − 1}:
     * slice k, contiguous, is stream k's matrix as Hugging Face stores it ([out, in], no transpose).
     */
    private static java.util.List<SafetensorsWriter.Tensor> perStream(String template, WeightTensor t) {
        long[] dims = t.dims();
        int streams = Math.toIntExact(dims[2]);
        long sliceBytes = t.byteSize() / streams;
        var out = new ArrayList<SafetensorsWriter.Tensor>();
        for (int k = 0; k < streams; k++) {
            byte[] bytes = t.data().asSlice(k * sliceBytes, sliceBytes).toArray(ValueLayout.JAVA_BYTE);
            out.add(new SafetensorsWriter.Tensor(template.replace(STREAM, Integer.toString(k)), t.type().name(),
                    new long[]{dims[1], dims[0]}, bytes));
        }
        return out;
    }

    private static SafetensorsWriter.Tensor hfTensor(String arch, ArchitectureSpec spec, String name, WeightTensor t) {
        if (t.type() != GgmlType.F32 && t.type() != GgmlType.F16 && t.type() != GgmlType.BF16) {
            throw new IllegalArgumentException(t + ": Hugging Face checkpoints hold no " + t.type());
        }
        byte[] bytes = t.data().toArray(ValueLayout.JAVA_BYTE);
        long[] dims = t.dims();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[dims.length - 1 - i];
        }
        String gguf = t.name();
        if (PERMUTED.contains(arch) && (gguf.endsWith("attn_q.weight") || gguf.endsWith("attn_k.weight"))) {
            int heads = gguf.endsWith("attn_q.weight") ? spec.attention().heads() : spec.attention().kvHeads();
            bytes = unpermuted(bytes, t.rows(), (int) t.rowBytes(), heads);
        } else if (arch.equals("gemma3") && gguf.endsWith("norm.weight")) {
            if (t.type() != GgmlType.F32) {
                throw new IllegalArgumentException(t + ": only F32 norms are written back");
            }
            bytes = minusOne(bytes);
        } else if (arch.equals("gpt2") && t.dims().length == 2 && gguf.startsWith("blk.")) {
            bytes = transposed(bytes, t.rows(), t.columns(), (int) t.type().rowBytes(1));
            shape = new long[]{t.columns(), t.rows()};
        }
        return new SafetensorsWriter.Tensor(name, t.type().name(), shape, bytes);
    }

    /** Undoes llama.cpp's permute(): GGUF row h·d + 2j + half holds Hugging Face row h·d + half·d/2 + j. */
    private static byte[] unpermuted(byte[] gguf, int rows, int rowBytes, int heads) {
        int headDim = rows / heads;
        byte[] hf = new byte[gguf.length];
        for (int h = 0; h < heads; h++) {
            for (int j = 0; j < headDim / 2; j++) {
                for (int half = 0; half < 2; half++) {
                    int from = h * headDim + 2 * j + half;
                    int to = h * headDim + half * headDim / 2 + j;
                    System.arraycopy(gguf, from * rowBytes, hf, to * rowBytes, rowBytes);
                }
            }
        }
        return hf;
    }

    private static byte[] minusOne(byte[] f32) {
        var values = ByteBuffer.wrap(f32.clone()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < f32.length; i += 4) {
            values.putFloat(i, values.getFloat(i) - 1f);
        }
        return values.array();
    }

    private static byte[] transposed(byte[] matrix, int rows, int columns, int elementBytes) {
        byte[] out = new byte[matrix.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                System.arraycopy(matrix, (r * columns + c) * elementBytes, out, (c * rows + r) * elementBytes, elementBytes);
            }
        }
        return out;
    }
}
