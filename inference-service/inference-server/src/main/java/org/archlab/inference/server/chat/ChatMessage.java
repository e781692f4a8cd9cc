package org.archlab.inference.server.chat;

/** One turn of a conversation as a chat template sees it. */
public record ChatMessage(String role, String content) {
}
