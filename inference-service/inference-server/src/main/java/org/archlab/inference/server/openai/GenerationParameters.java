package org.archlab.inference.server.openai;

import org.archlab.inference.generation.SamplingSettings;
import org.archlab.problems.ApiProblem;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/** The request fields both OpenAI endpoints share, checked and turned into the engine's terms. */
final class GenerationParameters {

    /** Most alternatives per token, as vLLM allows. */
    static final int MAX_TOP_LOGPROBS = 20;
    private static final int MAX_STOPS = 16;
    private static final SecureRandom SEEDS = new SecureRandom();

    private GenerationParameters() {
    }

    static void requireSingleChoice(Integer n) {
        if (n != null && n != 1) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "n", "only n=1 is supported: send one request per choice", "unsupported_value");
        }
    }

    /** OpenAI's defaults: temperature 1, top_p 1; no seed means a fresh one. */
    static SamplingSettings sampling(Double temperature, Double topP, Long seed) {
        double t = temperature == null ? 1.0 : temperature;
        double p = topP == null ? 1.0 : topP;
        if (!(t >= 0 && t <= 2)) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "temperature", "must be between 0 and 2");
        }
        if (!(p > 0 && p <= 1)) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "top_p", "must be greater than 0 and at most 1");
        }
        return new SamplingSettings((float) t, 0, (float) p, 0f, 1f, seed != null ? seed : SEEDS.nextLong());
    }

    static int topLogprobs(Integer requested, String field) {
        if (requested != null && (requested < 0 || requested > MAX_TOP_LOGPROBS)) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "must be between 0 and " + MAX_TOP_LOGPROBS);
        }
        return requested == null ? 0 : requested;
    }

    /** {@code stop}: absent, a string, or a list of strings. */
    static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isString()) {
            return List.of(stop.asString());
        }
        if (!stop.isArray() || stop.size() > MAX_STOPS) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, "stop", "must be a string or a list of at most " + MAX_STOPS + " strings");
        }
        var stops = new ArrayList<String>();
        for (JsonNode s : stop) {
            if (!s.isString()) {
                throw ApiProblem.field(HttpStatus.BAD_REQUEST, "stop", "must be a string or a list of at most " + MAX_STOPS + " strings");
            }
            stops.add(s.asString());
        }
        return List.copyOf(stops);
    }

    /**
     * Tokens to generate: what was asked for, checked against the server's limit and the model's context, or, when
     * nothing was asked for, {@code absent} (or whatever the context still holds, when less).
     *
     * @param promptField the field that holds the prompt ({@code prompt} or {@code messages}), named when it is too long
     * @param absent what to generate when the request does not say; −1 for as much as the context holds
     */
    static int maxTokens(Integer requested, String field, String promptField, int promptTokens, int context, int limit, int absent) {
        if (promptTokens > context) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, promptField, "this model's context holds " + context + " tokens; the prompt has "
                    + promptTokens, "context_length_exceeded");
        }
        if (requested == null) {
            int room = context - promptTokens;
            return Math.min(limit, absent < 0 ? room : Math.min(absent, room));
        }
        if (requested < 0) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "must be at least 0");
        }
        if (requested > limit) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "may be at most " + limit + " on this server");
        }
        if (promptTokens + requested > context) {
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "this model's context holds " + context + " tokens; the prompt ("
                    + promptTokens + ") and " + field + " (" + requested + ") together ask for " + (promptTokens + requested),
                    "context_length_exceeded");
        }
        return requested;
    }

    /**
     * Refuses, before any work starts, a request that would make a model process more tokens than the server allows
     * one request: every prompt's tokens plus what may be generated after each. The prompt is named when it alone is
     * too much, else {@code maxTokensField}.
     */
    static void requireWorkWithin(long limit, int prompts, long promptTokens, long generatedTokens, String promptField,
                                  String maxTokensField) {
        long work = promptTokens + generatedTokens;
        if (work > limit) {
            String field = promptTokens > limit ? promptField : maxTokensField;
            throw ApiProblem.field(HttpStatus.BAD_REQUEST, field, "this request asks for " + work + " tokens of work (" + prompts
                    + (prompts == 1 ? " prompt: " : " prompts: ") + promptTokens + " prompt tokens and up to " + generatedTokens
                    + " generated); this server allows " + limit + " per request: send fewer or shorter prompts, or a smaller "
                    + maxTokensField, "request_work_exceeded");
        }
    }
}
