package org.archlab.inference.server.openai;

import org.archlab.inference.server.chat.ChatTemplates;
import org.archlab.inference.server.models.LoadedModel;
import org.archlab.inference.server.models.ModelCatalog;
import org.archlab.inference.server.models.ModelSource;
import org.archlab.inference.server.models.ModelTokenizer;
import org.archlab.problems.ApiProblem;
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

    /** The model a request means, its tokenizer and its context; the model need not be loaded. */
    private record Target(String id, ModelTokenizer origin, int context) {
        Tokenizer tokenizer() {
            return origin.tokenizer();
        }
    }

    @PostMapping("/tokenize")
    Tokens tokenize(@RequestBody TokenizeRequest request) {
        Target target = target(request.model());
        Tokenizer tokenizer = target.tokenizer();
        int[] ids;
        if (request.messages() != null) {
            ids = ChatController.tokenize(templates.render(tokenizer, ChatController.messages(request.messages())).text(), tokenizer);
        } else if (request.prompt() != null) {
            try {
                ids = tokenizer.encode(request.prompt(), request.addSpecialTokens() == null || request.addSpecialTokens(), true);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.field(HttpStatus.BAD_REQUEST, "prompt", e.getMessage());
            }
        } else {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "prompt", "send prompt or messages");
        }
        List<String> pieces = Arrays.stream(ids).mapToObj(id -> LogprobFormats.piece(tokenizer, id)).toList();
        return new Tokens(target.id(), ids.length, target.context(), ids, pieces);
    }

    @PostMapping("/detokenize")
    Text detokenize(@RequestBody DetokenizeRequest request) {
        if (request.tokens() == null) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "tokens", "is required");
        }
        Target target = target(request.model());
        try {
            return new Text(target.id(), target.tokenizer().decode(request.tokens()));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "tokens", e.getMessage());
        }
    }

    @GetMapping("/tokenizer_info")
    TokenizerInfo info(@RequestParam(required = false) String model) {
        Target target = target(model);
        Tokenizer tokenizer = target.tokenizer();
        String bos = tokenizer.bos().isPresent() ? tokenizer.tokenText(tokenizer.bos().getAsInt()) : null;
        String eos = tokenizer.eos().isPresent() ? tokenizer.tokenText(tokenizer.eos().getAsInt()) : null;
        return new TokenizerInfo(target.id(), target.origin().kind(), tokenizer.vocabularySize(), bos, eos, null, tokenizer.addsBos(),
                target.context(), tokenizer.chatTemplate().orElse(null), target.origin().fallback());
    }

    /** The named model, or the most recently used loaded one. */
    private Target target(String model) {
        ModelSource source = model != null && !model.isBlank() ? catalog.resolve(model, "model")
                : catalog.loaded().stream().findFirst().map(LoadedModel::source).orElseThrow(() -> ApiProblem.field(
                        HttpStatus.BAD_REQUEST, "model", "no model is loaded yet; name one", "model_not_found"));
        return new Target(source.id(), catalog.tokenizer(source), catalog.context(source.spec()));
    }
}
