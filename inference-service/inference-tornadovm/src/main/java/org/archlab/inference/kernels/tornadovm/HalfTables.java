package org.archlab.inference.kernels.tornadovm;

import uk.ac.manchester.tornado.api.types.arrays.FloatArray;

/**
 * Every 16-bit pattern's float value, for F16 and for BF16: device code cannot reinterpret bits as a float, and
 * not every device has fp16 arithmetic (PoCL on CPUs does not), but every device can index a 256 KiB table.
 */
final class HalfTables {

    static final FloatArray F16 = table(false);
    static final FloatArray BF16 = table(true);

    private HalfTables() {
    }

    private static FloatArray table(boolean brain) {
        var table = new FloatArray(1 << 16);
        for (int bits = 0; bits < 1 << 16; bits++) {
            table.set(bits, brain ? Float.intBitsToFloat(bits << 16) : Float.float16ToFloat((short) bits));
        }
        return table;
    }
}
