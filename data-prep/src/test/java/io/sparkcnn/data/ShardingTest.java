package io.sparkcnn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ShardingTest {
    /** Unevenly sized classes, so remainders matter. */
    private static int[] labels() {
        Random random = new Random(7);
        int[] labels = new int[1003];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = random.nextInt(10) < 7 ? random.nextInt(10) : 3;
        }
        return labels;
    }

    @Test
    void shardsAreDisjointAndComplete() {
        int[] labels = labels();
        List<int[]> shards = Sharder.split(labels, 10, 4, 42, labels.length);
        Set<Integer> seen = new HashSet<>();
        int total = 0;
        for (int[] shard : shards) {
            for (int index : shard) {
                assertTrue(seen.add(index), "index " + index + " appears twice");
            }
            total += shard.length;
        }
        assertEquals(labels.length, total);
        assertEquals(labels.length, seen.size());
    }

    @Test
    void shardsAreBalancedInSizeAndInEveryClass() {
        int[] labels = labels();
        List<int[]> shards = Sharder.split(labels, 10, 3, 42, labels.length);
        int[] sizes = shards.stream().mapToInt(s -> s.length).toArray();
        assertTrue(Arrays.stream(sizes).max().getAsInt() - Arrays.stream(sizes).min().getAsInt() <= 1,
                Arrays.toString(sizes));
        for (int c = 0; c < 10; c++) {
            int[] perShard = new int[shards.size()];
            for (int s = 0; s < shards.size(); s++) {
                final int cls = c;
                perShard[s] = (int) Arrays.stream(shards.get(s)).filter(i -> labels[i] == cls).count();
            }
            assertTrue(Arrays.stream(perShard).max().getAsInt() - Arrays.stream(perShard).min().getAsInt() <= 1,
                    "class " + c + ": " + Arrays.toString(perShard));
        }
    }

    @Test
    void sameSeedSameShardsOtherSeedOtherShards() {
        int[] labels = labels();
        List<int[]> a = Sharder.split(labels, 10, 2, 42, labels.length);
        List<int[]> b = Sharder.split(labels, 10, 2, 42, labels.length);
        List<int[]> c = Sharder.split(labels, 10, 2, 43, labels.length);
        for (int s = 0; s < 2; s++) {
            assertArrayEquals(a.get(s), b.get(s));
        }
        assertFalse(Arrays.equals(a.get(0), c.get(0)));
    }

    @Test
    void limitTakesAClassBalancedSubset() {
        int[] labels = labels();
        List<int[]> shards = Sharder.split(labels, 10, 2, 1, 200);
        int[] perClass = new int[10];
        for (int[] shard : shards) {
            for (int i : shard) {
                perClass[labels[i]]++;
            }
        }
        assertEquals(200, Arrays.stream(perClass).sum());
        for (int count : perClass) {
            assertEquals(20, count, Arrays.toString(perClass));
        }
    }
}
