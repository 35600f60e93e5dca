package io.sparkcnn.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A directory holding the four standard IDX files, each gzipped or not. {@link #probe} says which are there
 * so that a resolver can report exactly what is missing.
 */
public record DatasetDirectory(Path dir, Map<DatasetFile, Path> files) {

    /** Finds the standard files in {@code dir}; the map holds only those present. */
    public static DatasetDirectory probe(Path dir) {
        if (Files.isDirectory(dir) && !(Files.isReadable(dir) && Files.isExecutable(dir))) {
            // Without these rights its files would look missing; say what is really wrong.
            throw new DataException(dir + ": permission denied (the directory must be readable and searchable)");
        }
        Map<DatasetFile, Path> found = new EnumMap<>(DatasetFile.class);
        for (DatasetFile f : DatasetFile.values()) {
            for (String name : f.candidateNames()) {
                Path p = dir.resolve(name);
                if (Files.isRegularFile(p)) {
                    found.put(f, p);
                    break;
                }
            }
        }
        return new DatasetDirectory(dir, found);
    }

    public boolean complete() {
        return files.size() == DatasetFile.values().length;
    }

    public Path file(DatasetFile f) {
        Path p = files.get(f);
        if (p == null) {
            throw new DataException(dir + ": no " + f.baseName() + "[.gz]");
        }
        return p;
    }

    /** The standard names not found, for error messages. */
    public List<String> missing() {
        List<String> out = new ArrayList<>();
        for (DatasetFile f : DatasetFile.values()) {
            if (!files.containsKey(f)) {
                out.add(f.baseName() + "[.gz]");
            }
        }
        return out;
    }
}
