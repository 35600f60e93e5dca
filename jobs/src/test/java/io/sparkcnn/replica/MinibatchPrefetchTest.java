package io.sparkcnn.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

class MinibatchPrefetchTest {
    private static DataSet numbered(String file) {
        float n = Float.parseFloat(file);
        return new DataSet(Nd4j.scalar(n).reshape(1, 1), Nd4j.scalar(n).reshape(1, 1));
    }

    @Test
    void minibatchesComeInTheFilesOrderWithOrWithoutLoadingAhead() throws Exception {
        List<String> files = List.of("1", "2", "3", "4", "5");
        for (int ahead : new int[] {0, 1, 3, 10}) {
            List<Float> got = new ArrayList<>();
            try (MinibatchPrefetch batches = new MinibatchPrefetch(files, ahead, MinibatchPrefetchTest::numbered)) {
                for (int i = 0; i < files.size(); i++) {
                    got.add(batches.next().getFeatures().getFloat(0));
                }
            }
            assertEquals(List.of(1f, 2f, 3f, 4f, 5f), got, "loading " + ahead + " ahead");
        }
    }

    /**
     * Files read ahead on the caller's thread (as a replica does while it waits for a round's average) come in the
     * files' order among the others, each loaded once, and reading past the last file loads nothing more.
     */
    @Test
    void filesReadAheadComeInOrderAndAreLoadedOnce() throws Exception {
        List<String> loaded = new ArrayList<>();
        MinibatchPrefetch.Loader loader = file -> {
            loaded.add(file);
            return numbered(file);
        };
        List<Float> got = new ArrayList<>();
        try (MinibatchPrefetch batches = new MinibatchPrefetch(List.of("1", "2", "3", "4", "5"), 0, loader)) {
            got.add(batches.next().getFeatures().getFloat(0));
            batches.readAhead(2);
            assertEquals(List.of("1", "2", "3"), loaded, "two files read ahead at once");
            got.add(batches.next().getFeatures().getFloat(0));
            batches.readAhead(1);
            batches.readAhead(5);
            assertEquals(List.of("1", "2", "3", "4", "5"), loaded, "no more than the files there are");
            for (int i = 0; i < 3; i++) {
                got.add(batches.next().getFeatures().getFloat(0));
            }
        }
        assertEquals(List.of(1f, 2f, 3f, 4f, 5f), got);
        assertEquals(List.of("1", "2", "3", "4", "5"), loaded, "each file loaded once");
    }

    @Test
    void aFileThatFailsToLoadFailsWithItsOwnError() throws Exception {
        MinibatchPrefetch.Loader loader = file -> {
            if (file.equals("2")) {
                throw new IOException("file 2 is corrupt");
            }
            return numbered(file);
        };
        try (MinibatchPrefetch batches = new MinibatchPrefetch(List.of("1", "2", "3"), 2, loader)) {
            batches.next();
            IOException e = assertThrows(IOException.class, batches::next);
            assertEquals("file 2 is corrupt", e.getMessage());
        }
    }
}
