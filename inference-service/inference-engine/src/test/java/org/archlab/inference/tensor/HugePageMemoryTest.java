package org.archlab.inference.tensor;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HugePageMemoryTest {

    @Test
    void small_and_odd_sizes_get_exactly_the_bytes_asked_for_zeroed() {
        try (Arena arena = Arena.ofConfined()) {
            for (long bytes : new long[]{1, 4095, (2L << 20) + 3}) {
                var memory = HugePageMemory.allocate(arena, bytes, true);
                assertThat(memory.byteSize()).isEqualTo(bytes);
                assertThat(memory.get(ValueLayout.JAVA_BYTE, bytes - 1)).isZero();
            }
        }
    }

    @Test
    void large_allocations_are_backed_by_huge_pages_where_linux_offers_them_on_request() throws IOException {
        Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
        assumeTrue(Files.isReadable(thp) && !Files.readString(thp).contains("[never]"), "transparent huge pages are off here");
        long before = anonHugePages();
        try (Arena arena = Arena.ofConfined()) {
            var memory = HugePageMemory.allocate(arena, 64L << 20, true);
            memory.fill((byte) 1);
            assertThat(memory.address() % (2L << 20)).isZero();
            assertThat(anonHugePages() - before).isGreaterThanOrEqualTo(32L << 20);
        }
    }

    private static long anonHugePages() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/smaps_rollup")).stream()
                .filter(line -> line.startsWith("AnonHugePages:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                .findFirst().orElse(0);
    }
}
