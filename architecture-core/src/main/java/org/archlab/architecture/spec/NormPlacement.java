package org.archlab.architecture.spec;

/** Where a block normalises its attention and FFN branches. */
public enum NormPlacement {
    /** x + f(norm(x)) — Llama, Qwen, most models. */
    PRE,
    /** x + norm(f(x)) inside the residual — OLMo 2. */
    POST,
    /** x + norm(f(norm(x))) — Gemma 2/3, Grok. */
    SANDWICH
}
