package org.archlab.inference.server.chat;

/**
 * A conversation rendered as the prompt text the model continues.
 *
 * @param template {@code model} when the model's own template rendered it, {@code default} for the ChatML fallback
 * @param reason   why the fallback was used; null when the model's template was
 */
public record RenderedChat(String text, String template, String reason) {
}
