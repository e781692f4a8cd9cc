package org.archlab.architecture.hf;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The catalog's families and the Hugging Face {@code model_type} each is stored under. */
enum HfFamily {
    LLAMA3("llama3", "llama", "LlamaForCausalLM"),
    MISTRAL("mistral", "mistral", "MistralForCausalLM"),
    QWEN3("qwen3", "qwen3", "Qwen3ForCausalLM"),
    QWEN3_MOE("qwen3-moe", "qwen3_moe", "Qwen3MoeForCausalLM"),
    QWEN3_NEXT("qwen3-next", "qwen3_next", "Qwen3NextForCausalLM"),
    GEMMA3("gemma3", "gemma3_text", "Gemma3ForCausalLM"),
    /** Gemma 3n's text decoder; the multimodal release wraps it as the {@code text_config} of model_type gemma3n. */
    GEMMA3N("gemma3n", "gemma3n_text", "Gemma3nForCausalLM"),
    OLMO2("olmo2", "olmo2", "Olmo2ForCausalLM"),
    LLAMA4("llama4", "llama4_text", "Llama4ForCausalLM"),
    DEEPSEEK("deepseek", "deepseek_v3", "DeepseekV3ForCausalLM"),
    KIMI_K2("kimi-k2", "kimi_k2", "DeepseekV3ForCausalLM"),
    GPT_OSS("gpt-oss", "gpt_oss", "GptOssForCausalLM"),
    GLM4_MOE("glm4-moe", "glm4_moe", "Glm4MoeForCausalLM"),
    /** xAI ships Grok 2 with model_type "git" and the Grok1ForCausalLM class (see docs/architectures.md). */
    GROK("grok", "git", "Grok1ForCausalLM"),
    MINIMAX_M2("minimax-m2", "minimax_m2", "MiniMaxM2ForCausalLM"),
    SMOLLM3("smollm3", "smollm3", "SmolLM3ForCausalLM"),
    GPT2("gpt2", "gpt2", "GPT2LMHeadModel");

    final String family;
    final String modelType;
    final String architecture;

    HfFamily(String family, String modelType, String architecture) {
        this.family = family;
        this.modelType = modelType;
        this.architecture = architecture;
    }

    static HfFamily ofModelType(String modelType) {
        return Arrays.stream(values()).filter(f -> f.modelType.equals(modelType)).findFirst()
                .orElseThrow(() -> new HfConfigException("model_type", "'" + modelType + "' is not supported; supported: "
                        + Arrays.stream(values()).map(f -> f.modelType).collect(Collectors.joining(", "))));
    }

    static Optional<HfFamily> ofFamily(String family) {
        return Arrays.stream(values()).filter(f -> f.family.equals(family)).findFirst();
    }

    /** Gemma 3 and 3n share sandwich norms, GeGLU, √hidden embedding scaling, tied embeddings and local RoPE. */
    boolean gemmaStyle() {
        return this == GEMMA3 || this == GEMMA3N;
    }

    boolean deepseekStyle() {
        return this == DEEPSEEK || this == KIMI_K2;
    }
}
