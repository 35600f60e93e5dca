package io.sparkcnn.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Splits example indices into shards that are disjoint, complete and class-balanced: within every class the
 * shards' counts differ by at most one, and so do the shards' sizes. The same seed always gives the same shards.
 *
 * <p>How: each class's indices are shuffled with the seed and dealt round-robin, the dealer carrying on from
 * class to class (so the remainders of small classes do not all land in shard 0); each shard is then
 * shuffled so its minibatches mix the classes.
 */
public final class Sharder {
    private Sharder() {
    }

    /**
     * Shards a class-balanced selection of {@code limit} examples (all of them when {@code limit} is at least
     * the number of examples): useful for quick runs on part of a dataset.
     */
    public static List<int[]> split(int[] labels, int numClasses, int numShards, long seed, int limit) {
        if (numShards < 1) {
            throw new IllegalArgumentException("numShards must be at least 1, was " + numShards);
        }
        int total = Math.min(limit, labels.length);
        if (total < numShards) {
            throw new IllegalArgumentException(total + " examples cannot fill " + numShards + " shards");
        }
        Random random = new Random(seed);
        List<List<Integer>> byClass = shuffledByClass(labels, numClasses, random);
        List<List<Integer>> selected = balancedSelection(byClass, total);

        List<List<Integer>> shards = new ArrayList<>();
        for (int s = 0; s < numShards; s++) {
            shards.add(new ArrayList<>());
        }
        int dealer = 0;
        for (List<Integer> cls : selected) {
            for (int index : cls) {
                shards.get(dealer++ % numShards).add(index);
            }
        }
        List<int[]> out = new ArrayList<>(numShards);
        for (List<Integer> shard : shards) {
            java.util.Collections.shuffle(shard, random);
            out.add(shard.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    private static List<List<Integer>> shuffledByClass(int[] labels, int numClasses, Random random) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < numClasses; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " at index " + i
                        + " is outside 0-" + (numClasses - 1));
            }
            byClass.get(labels[i]).add(i);
        }
        for (List<Integer> cls : byClass) {
            java.util.Collections.shuffle(cls, random);
        }
        return byClass;
    }

    /** Takes {@code total} indices, one from each class in turn, so every class is equally represented. */
    private static List<List<Integer>> balancedSelection(List<List<Integer>> byClass, int total) {
        List<List<Integer>> selected = new ArrayList<>();
        for (int c = 0; c < byClass.size(); c++) {
            selected.add(new ArrayList<>());
        }
        int taken = 0;
        for (int round = 0; taken < total; round++) {
            for (int c = 0; c < byClass.size() && taken < total; c++) {
                if (round < byClass.get(c).size()) {
                    selected.get(c).add(byClass.get(c).get(round));
                    taken++;
                }
            }
        }
        return selected;
    }
}
