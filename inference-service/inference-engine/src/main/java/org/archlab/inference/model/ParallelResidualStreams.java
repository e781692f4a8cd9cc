package org.archlab.inference.model;

import org.archlab.architecture.spec.ArchitectureSpec;
import org.archlab.architecture.spec.ResidualStreams;
import org.archlab.inference.kernels.KernelBackend;

/**
 * Parallel residual streams of which one goes through the layers (AltUp, Gemma 3n), n streams s_0 … s_{n−1}, the
 * active one a. Every token's streams live here; the transformer's residual row holds the active stream while a
 * layer runs.
 * <ul>
 *   <li>start: s_a = x (the scaled input embedding); each other stream, in order, is its own projection of x,
 *       rescaled to the L2 norm of x.</li>
 *   <li>router(v) = tanh(router · (rms(v, routerNorm) / hidden)), n values.</li>
 *   <li>predict, before a layer: c = predictCoef · router(s_a) (n·n values);
 *       pred_b = s_b + Σ_j c[n·b + j] · s_j. The layer runs on pred_a.</li>
 *   <li>correct, after it, with the layer's output y: c' = correctCoef · router(y) + 1;
 *       s_b = pred_b + c'_b · (y − pred_a).</li>
 *   <li>the per-layer input's contribution (when the model has per-layer inputs) goes to every stream but the
 *       active one, and the gate reads the corrected active stream times {@code correctScale} where the spec
 *       scales it.</li>
 *   <li>merge, before the final norm: each inactive stream goes through its own projection back, rescaled to the
 *       L2 norm of s_a, and all n are averaged.</li>
 * </ul>
 */
final class ParallelResidualStreams {

    private final KernelBackend kernels;
    private final int n;
    private final int active;
    private final int hidden;
    private final float eps;
    /** Per token: n streams of hidden values. */
    private final float[] streams;
    private final float[] predicted;
    private final float[] projected;
    private final float[] scaled;
    private final float[] routerInput;
    private final float[] router;
    private final float[] coefficients;

    ParallelResidualStreams(ArchitectureSpec spec, KernelBackend kernels, int maxBatch) {
        ResidualStreams r = spec.residualStreams();
        this.kernels = kernels;
        this.n = r.streams();
        this.active = r.activeStream();
        this.hidden = spec.hiddenSize();
        this.eps = (float) spec.norm().eps();
        this.streams = new float[maxBatch * n * hidden];
        this.predicted = new float[maxBatch * n * hidden];
        this.projected = new float[maxBatch * hidden];
        this.scaled = new float[maxBatch * hidden];
        this.routerInput = new float[hidden];
        this.router = new float[n];
        this.coefficients = new float[n * n];
    }

    /** Sets up every token's streams from its input row in {@code x} ({@code hidden} apart). */
    void start(StreamProjections w, float[] x, int count) {
        for (int t = 0; t < count; t++) {
            System.arraycopy(x, t * hidden, streams, offset(t, active), hidden);
        }
        for (int k = 0; k < n - 1; k++) {
            int stream = inactive(k);
            kernels.multiply(w.up()[k], x, hidden, count, projected, hidden);
            for (int t = 0; t < count; t++) {
                float scale = (float) (norm(x, t * hidden) / norm(projected, t * hidden));
                for (int i = 0; i < hidden; i++) {
                    streams[offset(t, stream) + i] = projected[t * hidden + i] * scale;
                }
            }
        }
    }

    /** Predicts every stream for the next layer and puts each token's predicted active stream in {@code x}. */
    void predict(StreamWeights w, float[] x, int count) {
        for (int t = 0; t < count; t++) {
            route(w, streams, offset(t, active));
            for (int row = 0; row < n * n; row++) {
                float sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += w.predictCoef()[row * n + j] * router[j];
                }
                coefficients[row] = sum;
            }
            for (int b = 0; b < n; b++) {
                int to = offset(t, b);
                System.arraycopy(streams, to, predicted, to, hidden);
                for (int j = 0; j < n; j++) {
                    float c = coefficients[n * b + j];
                    int from = offset(t, j);
                    for (int i = 0; i < hidden; i++) {
                        predicted[to + i] += c * streams[from + i];
                    }
                }
            }
            System.arraycopy(predicted, offset(t, active), x, t * hidden, hidden);
        }
    }

    /** Corrects every stream by the layer's output in {@code x}, and leaves the corrected active stream in {@code x}. */
    void correct(StreamWeights w, float[] x, int count) {
        for (int t = 0; t < count; t++) {
            route(w, x, t * hidden);
            int predictedActive = offset(t, active);
            for (int b = 0; b < n; b++) {
                float c = 1;
                for (int j = 0; j < n; j++) {
                    c += w.correctCoef()[b * n + j] * router[j];
                }
                int s = offset(t, b);
                for (int i = 0; i < hidden; i++) {
                    streams[s + i] = predicted[s + i] + c * (x[t * hidden + i] - predicted[predictedActive + i]);
                }
            }
            System.arraycopy(streams, offset(t, active), x, t * hidden, hidden);
        }
    }

    /** What the per-layer input gate reads: the corrected active stream in {@code x}, scaled where the spec says so. */
    float[] gateInput(StreamWeights w, float[] x, int count) {
        if (w.correctScale() == null) {
            return x;
        }
        for (int t = 0; t < count; t++) {
            for (int i = 0; i < hidden; i++) {
                scaled[t * hidden + i] = x[t * hidden + i] * w.correctScale()[i];
            }
        }
        return scaled;
    }

    /** Adds a per-token contribution to every stream but the active one. */
    void addToInactive(float[] contribution, int count) {
        for (int t = 0; t < count; t++) {
            for (int b = 0; b < n; b++) {
                if (b != active) {
                    int s = offset(t, b);
                    for (int i = 0; i < hidden; i++) {
                        streams[s + i] += contribution[t * hidden + i];
                    }
                }
            }
        }
    }

    /** Merges each token's streams into one row of {@code x}, for the final norm. */
    void merge(StreamProjections w, float[] x, int count) {
        for (int t = 0; t < count; t++) {
            System.arraycopy(streams, offset(t, active), x, t * hidden, hidden);
        }
        for (int k = 0; k < n - 1; k++) {
            int stream = inactive(k);
            for (int t = 0; t < count; t++) {
                System.arraycopy(streams, offset(t, stream), scaled, t * hidden, hidden);
            }
            kernels.multiply(w.down()[k], scaled, hidden, count, projected, hidden);
            for (int t = 0; t < count; t++) {
                float scale = (float) (norm(streams, offset(t, active)) / norm(projected, t * hidden));
                for (int i = 0; i < hidden; i++) {
                    x[t * hidden + i] += projected[t * hidden + i] * scale;
                }
            }
        }
        float mean = 1f / n;
        for (int i = 0; i < count * hidden; i++) {
            x[i] *= mean;
        }
    }

    /** router ← tanh(W · (rms(v, norm) / hidden)) for the hidden values of v from {@code offset}. */
    private void route(StreamWeights w, float[] v, int offset) {
        System.arraycopy(v, offset, routerInput, 0, hidden);
        kernels.rmsNorm(routerInput, 0, hidden, w.routerNorm(), eps);
        float scale = 1f / hidden;
        for (int i = 0; i < hidden; i++) {
            routerInput[i] *= scale;
        }
        kernels.matvec(w.router(), 0, n, routerInput, 0, router, 0);
        for (int j = 0; j < n; j++) {
            router[j] = (float) Math.tanh(router[j]);
        }
    }

    /** The k-th stream other than the active one. */
    private int inactive(int k) {
        return k < active ? k : k + 1;
    }

    private int offset(int token, int stream) {
        return (token * n + stream) * hidden;
    }

    private double norm(float[] v, int offset) {
        double sum = 0;
        for (int i = 0; i < hidden; i++) {
            sum += (double) v[offset + i] * v[offset + i];
        }
        return Math.sqrt(sum);
    }
}
