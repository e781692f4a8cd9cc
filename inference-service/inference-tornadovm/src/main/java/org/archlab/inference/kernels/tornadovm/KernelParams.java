package org.archlab.inference.kernels.tornadovm;

import uk.ac.manchester.tornado.api.types.arrays.IntArray;

/**
 * The slots of the small parameter arrays the device kernels read their sizes, offsets and switches from (see
 * {@link DeviceKernels}: scalars given to a task are frozen when its graph is built, so whatever changes between
 * executions travels in an {@code IntArray} or {@code FloatArray}). Kernels and the host name a slot the same way,
 * {@code p.get(Attention.HEADS)}, instead of agreeing on bare indices. The constants are compile-time constants, so
 * the kernels' bytecode, and the device code TornadoVM makes of it, sees plain integers.
 */
final class KernelParams {

    private KernelParams() {
    }

    /** A parameter array of {@code size} slots, all 0. */
    static IntArray of(int size) {
        return new IntArray(size);
    }

    /** Matrix-vector products for one or more tokens ({@code matvec*}). */
    static final class Product {
        /** The first weight row (a layer's in stacked weights). */
        static final int FIRST_ROW = 0;
        static final int ROWS = 1;
        static final int COLUMNS = 2;
        /** Tokens whose input vectors lie back to back in x. */
        static final int TOKENS = 3;
        static final int SIZE = 4;

        private Product() {
        }
    }

    /** One vector's RMSNorm or LayerNorm ({@code rmsNorm}, {@code layerNorm}). */
    static final class VectorNorm {
        static final int LENGTH = 0;
        /** 1 when the norm has a weight vector. */
        static final int WEIGHTED = 1;
        /** 1 when the norm has a bias vector. */
        static final int BIASED = 2;
        static final int SIZE = 3;

        private VectorNorm() {
        }
    }

    /** RMSNorm of tokens into another array ({@code normInto}). */
    static final class NormInto {
        /** Width of one token's vector. */
        static final int WIDTH = 0;
        /** Where the weights start (a layer's in stacked norm weights). */
        static final int WEIGHT_OFFSET = 1;
        /** The input's token that work-group 0 normalises (the head's first token with logits). */
        static final int FIRST_TOKEN = 2;
        static final int SIZE = 3;

        private NormInto() {
        }
    }

    /** Per-head RMSNorm in place ({@code headNorm}). */
    static final class HeadNorm {
        /** Heads of all the step's tokens together. */
        static final int HEADS = 0;
        static final int HEAD_DIM = 1;
        static final int WEIGHT_OFFSET = 2;
        static final int SIZE = 3;

        private HeadNorm() {
        }
    }

    /** Rotary position embedding ({@code rope}). */
    static final class Rope {
        /** Heads of all the step's tokens together (0 on a layer without RoPE). */
        static final int HEADS = 0;
        static final int HEAD_DIM = 1;
        /** Rotated pairs per head. */
        static final int PAIRS = 2;
        /** 1 for NeoX's split halves, 0 for interleaved pairs. */
        static final int NEOX = 3;
        /** Heads of one token: the heads after them take the next token's angles. */
        static final int HEADS_PER_TOKEN = 4;
        static final int SIZE = 5;

        private Rope() {
        }
    }

    /** Gated activation or GELU ({@code activation}). */
    static final class Activation {
        static final int LENGTH = 0;
        /** {@link DeviceKernels#SILU}, {@link DeviceKernels#GELU_TANH}, ... */
        static final int KIND = 1;
        static final int SIZE = 2;

        private Activation() {
        }
    }

    /**
     * Attention of one or more query tokens over a layer's cache ({@code attention}). Token t of a step sits t
     * positions after token 0, its window sliding with it.
     */
    static final class Attention {
        static final int HEADS = 0;
        static final int KV_HEADS = 1;
        static final int HEAD_DIM = 2;
        static final int VALUE_DIM = 3;
        /** Token 0's first attended position. */
        static final int FIRST = 4;
        /** Token 0's attended positions. */
        static final int COUNT = 5;
        /** Slots of the layer's cache per kv head: its positions, or its window for a ring buffer. */
        static final int CAPACITY = 6;
        /** Floats from one cached position's value to the next (the key width when values live in the keys). */
        static final int VALUE_STRIDE = 7;
        /** 1 when per-head sink logits take part in the softmax. */
        static final int HAS_SINKS = 8;
        /** Where the layer's keys start in layer-stacked caches. */
        static final int KEY_BASE = 9;
        static final int VALUE_BASE = 10;
        /** Where the layer's sink logits start. */
        static final int SINK_BASE = 11;
        /** Query tokens of the step. */
        static final int TOKENS = 12;
        /** Attend to the last this many positions (0 = all). */
        static final int WINDOW = 13;
        /**
         * The step's first position: positions from here on are read from the step's own keys and values (token by
         * token, as projected), older ones from the cache. Past every attended position when the cache holds them all.
         */
        static final int STEP_START = 14;
        static final int SIZE = 15;

        private Attention() {
        }
    }

    /** The step's keys and values into a layer's cache ({@code storeKv}). */
    static final class StoreKv {
        /** Key/value heads of all the step's tokens together. */
        static final int KV_UNITS = 0;
        static final int HEAD_DIM = 1;
        static final int VALUE_DIM = 2;
        /** Slots of the layer's cache per kv head (a ring buffer of them). */
        static final int CAPACITY = 3;
        /** The step's first position. */
        static final int POSITION = 4;
        static final int KEY_BASE = 5;
        static final int VALUE_BASE = 6;
        /** Key/value heads of one token. */
        static final int KV_HEADS = 7;
        /**
         * The first token stored: a step longer than a ring buffer stores only its last {@code capacity} tokens, so no
         * two tokens race for one slot.
         */
        static final int FIRST_TOKEN = 8;
        static final int SIZE = 9;

        private StoreKv() {
        }
    }

    /** A step's embedding rows into the residual stream ({@code beginToken}). */
    static final class Begin {
        /** Floats of all the step's rows. */
        static final int LENGTH = 0;
        /** The layer about to run: rows are copied in at layer 0 only. */
        static final int LAYER = 1;
        static final int SIZE = 2;

        private Begin() {
        }
    }

    /** Element-wise residual add ({@code addInto}). */
    static final class Residual {
        static final int LENGTH = 0;
        static final int SIZE = 1;

        private Residual() {
        }
    }

    /** The float parameters of attention. */
    static final class AttentionScalars {
        /** Multiplier of q·k. */
        static final int SCALE = 0;
        /** Scores become softcap·tanh(s/softcap) when positive. */
        static final int SOFTCAP = 1;
        static final int SIZE = 2;

        private AttentionScalars() {
        }
    }

    /** The float parameter of the norms. */
    static final class NormScalars {
        static final int EPS = 0;
        static final int SIZE = 1;

        private NormScalars() {
        }
    }
}
