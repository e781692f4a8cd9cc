package org.archlab.inference.server.openai;

import org.archlab.inference.server.chat.ChatTemplates;
import org.archlab.inference.server.models.LoadedModel;
import org.archlab.inference.server.models.ModelCatalog;
import org.archlab.inference.server.models.ModelLease;
import org.archlab.inference.server.problems.ApiProblem;
import org.archlab.inference.tokenizer.Tokenizer;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

import java.util.Arrays;
import java.util.List;

/**
 * vLLM's tokenizer endpoints, which evaluation harnesses probe ({@code lm-eval}'s remote tokenizer needs
 * {@code /tokenizer_info} with {@code eos_token} and {@code /tokenize} returning {@code tokens}). They name no model
 * in those calls, so a request without {@code model} means the most recently used loaded model.
 */
@RestController
class TokenizerController {

    private final ModelCatalog catalog;
    private final ChatTemplates templates;

    TokenizerController(ModelCatalog catalog, ChatTemplates templates) {
        this.catalog = catalog;
        this.templates = templates;
    }

    /** Text (or a conversation) to tokenize; {@code add_special_tokens} defaults to true as in vLLM. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TokenizeRequest(String model, String prompt, List<ChatRequest.Message> messages, Boolean addSpecialTokens) {
    }

    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Tokens(String model, int count, int maxModelLen, int[] tokens, List<String> tokenStrs) {
    }

    record DetokenizeRequest(String model, int[] tokens) {
    }

    record Text(String model, String prompt) {
    }

    /**
     * @param tokenizerClass {@code gguf}, {@code huggingface}, or {@code bytes} for the fallback of models without a vocabulary
     * @param fallback       why the byte fallback stands in, when it does
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record TokenizerInfo(String model, String tokenizerClass, int vocabSize, String bosToken, String eosToken, String padToken,
                         boolean addBosToken, int modelMaxLength, String chatTemplate, String fallback) {
    }

    @PostMapping("/tokenize")
    Tokens tokenize(@RequestBody TokenizeRequest request) {
        try (ModelLease lease = lease(request.model())) {
            Tokenizer tokenizer = lease.model().tokenizer();
            boolean special = request.addSpecialTokens() == null || request.addSpecialTokens();
            int[] ids;
            if (request.messages() != null) {
                ids = ChatController.tokenize(templates.render(tokenizer, ChatController.messages(request.messages())).text(), tokenizer);
            } else if (request.prompt() != null) {
                ids = encode(tokenizer, request.prompt(), special);
            } else {
                throw ApiProblem.field(HttpStatus.BAD_REQUEST, "prompt", "send prompt or messages");
            }
            List<String> pieces = Arrays.stream(ids).mapToObj(id -> LogprobFormats.piece(tokenizer, id)).toList();
            return new Tokens(lease.model().id(), ids.length, lease.model().context(), ids, pieces);
        }
    }

    @PostMapping("/detokenize")
    Text detokenize(@RequestBody DetokenizeRequest request) {
        if (request.tokens() == null) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "tokens", "is required");
        }
        try (ModelLease lease = lease(request.model())) {
            try {
                return new Text(lease.model().id(), lease.model().tokenizer().decode(request.tokens()));
            } catch (IllegalArgumentException e) {
                throw ApiProblem.field(HttpStatus.BAD_REQUEST, "tokens", e.getMessage());
            }
        }
    }

    @GetMapping("/tokenizer_info")
    TokenizerInfo info(@RequestParam(required = false) String model) {
        try (ModelLease lease = lease(model)) {
            LoadedModel loaded = lease.model();
            Tokenizer tokenizer = loaded.tokenizer();
            String bos = tokenizer.bos().isPresent() ? tokenizer.tokenText(tokenizer.bos().getAsInt()) : null;
            String eos = tokenizer.eos().isPresent() ? tokenizer.tokenText(tokenizer.eos().getAsInt()) : null;
            return new TokenizerInfo(loaded.id(), loaded.tokenizerOrigin().kind(), tokenizer.vocabularySize(), bos, eos, null,
                    tokenizer.addsBos(), loaded.context(), tokenizer.chatTemplate().orElse(null), loaded.tokenizerOrigin().fallback());
        }
    }

    private static int[] encode(Tokenizer tokenizer, String text, boolean special) {
        try {
            return tokenizer.encode(text, special, true);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "prompt", e.getMessage());
        }
    }

    /** The named model, or the most recently used loaded one. */
    private ModelLease lease(String model) {
        if (model != null && !model.isBlank()) {
            return catalog.acquire(catalog.resolve(model, "model"));
        }
        LoadedModel recent = catalog.loaded().stream().findFirst().orElseThrow(() -> ApiProblem.field(HttpStatus.BAD_REQUEST, "model",
                "no model is loaded yet; name one", "model_not_found"));
        return catalog.acquire(recent.source());
    }
}
