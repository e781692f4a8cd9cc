package org.archlab.inference.cache;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A linear-attention layer's memory (Gated DeltaNet): the last inputs of its causal convolution and one
 * key × value state matrix per value head. Its size does not depend on the context length.
 */
public final class RecurrentState {

    private final float[] convolution;
    private final float[] state;

    /**
     * @param convChannels channels of the convolution (queries, keys, values)
     * @param convKernel   the convolution's width; it remembers the previous {@code convKernel − 1} inputs
     */
    public RecurrentState(int convChannels, int convKernel, int valueHeads, int keyHeadDim, int valueHeadDim) {
        this.convolution = new float[Math.multiplyExact(convKernel - 1, convChannels)];
        this.state = new float[Math.multiplyExact(Math.multiplyExact(valueHeads, keyHeadDim), valueHeadDim)];
    }

    /** Previous convolution inputs, oldest first, {@code convChannels} floats each. */
    public float[] convolution() {
        return convolution;
    }

    /** Per value head a matrix stored value-row-major: {@code state[(head·valueDim + j)·keyDim + i] = S[i][j]}. */
    public float[] state() {
        return state;
    }

    /** Forgets everything: a new sequence starts. */
    public void clear() {
        Arrays.fill(convolution, 0f);
        Arrays.fill(state, 0f);
    }

    void fillRandom(SplittableRandom random) {
        for (int i = 0; i < convolution.length; i++) {
            convolution[i] = (float) random.nextDouble(-1, 1);
        }
        for (int i = 0; i < state.length; i++) {
            state[i] = (float) random.nextDouble(-0.1, 0.1);
        }
    }

    public long bytes() {
        return 4L * (convolution.length + state.length);
    }
}
