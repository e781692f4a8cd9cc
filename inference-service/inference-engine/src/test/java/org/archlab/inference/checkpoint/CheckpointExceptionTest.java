package org.archlab.inference.checkpoint;

import org.archlab.inference.tokenizer.TokenizerException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckpointExceptionTest {

    @Test
    void the_problem_is_told_without_the_path_and_the_message_with_it() {
        Path file = Path.of("/models/secret/model.gguf");
        var checkpoint = new CheckpointException(file, "tensor blk.0.attn_q.weight ends past the file");
        assertThat(checkpoint.getMessage()).startsWith(file.toString());
        assertThat(checkpoint.problem()).isEqualTo("tensor blk.0.attn_q.weight ends past the file").doesNotContain("secret");
        var tokenizer = new TokenizerException(file, "no tokenizer.ggml.tokens");
        assertThat(tokenizer.problem()).isEqualTo("no tokenizer.ggml.tokens");
    }
}
