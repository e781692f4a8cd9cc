package org.archlab.inference.kernels.tornadovm;

import org.archlab.inference.tensor.GgmlType;
import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/**
 * Every 16-bit pattern's float value, for F16 and for BF16: device code cannot reinterpret bits as a float, and
 * not every device has fp16 arithmetic (PoCL on CPUs does not), but every device can index a 256 KiB table.
 * Plans of their own may share {@link #SHARED}; the graphs of one plan each need their own instance, as an array
 * belongs to one graph of a plan.
 */
final class HalfTables {

    static final HalfTables SHARED = new HalfTables();

    private final FloatArray f16 = table(false);
    private final FloatArray bf16 = table(true);

    /** The table that decodes a format's 16-bit values (F16 also for the scales of Q8_0 and Q4_0 blocks). */
    FloatArray decoding(GgmlType type) {
        return type == GgmlType.BF16 ? bf16 : f16;
    }

    private static FloatArray table(boolean brain) {
        var table = new FloatArray(1 << 16);
        for (int bits = 0; bits < 1 << 16; bits++) {
            table.set(bits, brain ? Float.intBitsToFloat(bits << 16) : Float.float16ToFloat((short) bits));
        }
        return table;
    }
}
