package org.archlab.inference.measurement;

/**
 * What one timed pass gave ({@link TokenTimeline#figures()}).
 *
 * @param promptTokens           prompt tokens prefilled, over all sequences of a batch
 * @param decodedTokens          tokens decoded after the first, over all sequences of a batch
 * @param timeToFirstTokenMs     prefill start until the first token was chosen
 * @param prefillTokensPerSecond prompt tokens over the time to first token
 * @param decodeTokensPerSecond  decoded tokens over the time from the decode start to the last token (summed over a batch)
 * @param interTokenLatencyP50Ms nearest-rank median of the gaps between consecutive decode steps
 * @param interTokenLatencyP99Ms nearest-rank 99th percentile of those gaps
 */
public record MeasuredRepeat(int promptTokens, int decodedTokens, double timeToFirstTokenMs, double prefillTokensPerSecond,
                             double decodeTokensPerSecond, double interTokenLatencyP50Ms, double interTokenLatencyP99Ms) {
}
