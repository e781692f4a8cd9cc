package org.archlab.inference.server.generation;

import org.archlab.inference.generation.Sampler;
import org.archlab.inference.model.Transformer;
import org.archlab.inference.server.models.LoadedModel;
import org.archlab.inference.tokenizer.TextStream;
import org.archlab.inference.tokenizer.Tokenizer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One prompt through one model: prefill, then sample token by token until max_tokens, an end-of-generation
 * token or a stop string, releasing text to a sink as it becomes final. Logprobs are read off the raw logits
 * before sampling. The caller holds the model's turn: the transformer's cache is this generation's alone.
 */
final class Generation {

    /** Prompt tokens per prefill call when every position's logits are kept: bounds the logits held at once. */
    private static final int PROMPT_CHUNK = 64;

    private final LoadedModel model;
    private final GenerationSettings settings;
    private final TextSink sink;
    private final BooleanSupplier cancelled;
    private final GenerationMetrics metrics;
    private final StopStrings stops;
    private final StringBuilder text = new StringBuilder();
    private final List<TokenLogprob> unreleased = new ArrayList<>();
    private int released;

    Generation(LoadedModel model, GenerationSettings settings, TextSink sink, BooleanSupplier cancelled, GenerationMetrics metrics) {
        this.model = model;
        this.settings = settings;
        this.sink = sink;
        this.cancelled = cancelled;
        this.metrics = metrics;
        this.stops = new StopStrings(settings.stop());
    }

    Generated run(int[] prompt) {
        String id = model.id();
        metrics.promptTokens(id, prompt.length);
        long start = System.nanoTime();
        List<TokenLogprob> promptLogprobs = new ArrayList<>();
        boolean withPromptLogprobs = settings.promptLogprobs() && settings.logprobs();
        if (settings.maxTokens() == 0 && !withPromptLogprobs) {
            return new Generated(List.of(), "", Generated.FinishReason.LENGTH, List.of(), List.of());
        }
        float[] logits = withPromptLogprobs ? prefillReading(prompt, promptLogprobs) : model.transformer().prefill(prompt, 0, false)[0];
        Tokenizer tokenizer = model.tokenizer();
        Transformer transformer = model.transformer();
        var sampler = new Sampler(settings.sampling());
        var stream = new TextStream(tokenizer);
        List<Integer> tokens = new ArrayList<>();
        List<TokenLogprob> logprobs = new ArrayList<>();
        Generated.FinishReason finish = Generated.FinishReason.LENGTH;
        long first = 0;
        long previous = 0;
        int position = prompt.length;
        for (int i = 0; i < settings.maxTokens(); i++) {
            checkCancelled(i);
            // No copy: with no tokens to penalise the sampler only reads the logits, and they are described
            // before the next forward pass overwrites them.
            LogProbabilities probabilities = settings.logprobs() ? new LogProbabilities(logits) : null;
            int next = sampler.sample(logits, List.of());
            long now = System.nanoTime();
            if (i == 0) {
                first = now;
                metrics.timeToFirstToken(id, now - start);
            } else {
                metrics.interTokenLatency(id, now - previous);
            }
            previous = now;
            tokens.add(next);
            metrics.token(id);
            if (probabilities != null) {
                TokenLogprob logprob = probabilities.describe(next, settings.topLogprobs());
                logprobs.add(logprob);
                unreleased.add(logprob);
            }
            if (tokenizer.isEndOfGeneration(next)) {
                finish = Generated.FinishReason.STOP;
                break;
            }
            if (append(stream.append(next))) {
                finish = Generated.FinishReason.STOP;
                break;
            }
            if (i == settings.maxTokens() - 1) {
                break;
            }
            logits = transformer.forward(next, position++);
        }
        if (finish == Generated.FinishReason.LENGTH && append(stream.finish())) {
            finish = Generated.FinishReason.STOP;
        }
        release(text.length());
        if (tokens.size() > 1) {
            metrics.decodeSpeed(id, (tokens.size() - 1) / ((previous - first) / 1e9));
        }
        return new Generated(List.copyOf(tokens), text.toString(), finish,
                withPromptLogprobs ? List.copyOf(promptLogprobs) : List.of(), List.copyOf(logprobs));
    }

    /** Prefills in chunks keeping every position's logits, records each prompt token's logprob, returns the last row. */
    private float[] prefillReading(int[] prompt, List<TokenLogprob> logprobs) {
        logprobs.add(new TokenLogprob(prompt[0], null, List.of()));
        float[] last = null;
        for (int from = 0; from < prompt.length; from += PROMPT_CHUNK) {
            checkCancelled(0);
            int to = Math.min(prompt.length, from + PROMPT_CHUNK);
            float[][] rows = model.transformer().prefill(Arrays.copyOfRange(prompt, from, to), from, true);
            for (int i = 0; i < rows.length; i++) {
                int position = from + i;
                if (position + 1 < prompt.length) {
                    logprobs.add(new LogProbabilities(rows[i]).describe(prompt[position + 1], settings.topLogprobs()));
                } else {
                    last = rows[i];
                }
            }
        }
        return last;
    }

    /** Adds generated text; true when it completed a stop string (the text is then cut before it). */
    private boolean append(String piece) {
        int before = text.length();
        text.append(piece);
        if (stops.isEmpty()) {
            release(text.length());
            return false;
        }
        String all = text.toString();
        int stop = stops.find(all, before);
        if (stop >= 0) {
            text.setLength(stop);
            release(stop);
            return true;
        }
        release(text.length() - stops.undecided(all));
        return false;
    }

    private void release(int upTo) {
        if (upTo <= released && unreleased.isEmpty()) {
            return;
        }
        String chunk = text.substring(released, Math.max(released, upTo));
        if (chunk.isEmpty() && !settings.logprobs()) {
            return;
        }
        try {
            sink.accept(chunk, List.copyOf(unreleased));
        } catch (IOException e) {
            throw new GenerationCancelled("the client went away: " + e.getMessage(), e);
        }
        unreleased.clear();
        released = Math.max(released, upTo);
    }

    private void checkCancelled(int generated) {
        if (cancelled.getAsBoolean()) {
            throw new GenerationCancelled("the client of " + model.id() + " went away after " + generated + " of at most "
                    + settings.maxTokens() + " tokens", null);
        }
    }
}
