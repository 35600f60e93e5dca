package io.sparkcnn.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sparkcnn.settings.SettingsException;

/**
 * An output directory that appears complete or not at all: files are written into a hidden sibling staging
 * directory, which is renamed onto the target only by {@link #commit()}. A run that fails or is killed leaves
 * at most a {@code .NAME.partial-*} directory, never a {@code NAME} that looks finished.
 */
public final class StagedOutput implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path target;
    private final Path staging;
    private boolean committed;

    private StagedOutput(Path target, Path staging) {
        this.target = target;
        this.staging = staging;
    }

    /** Checks the target up front, so a run does not train for an hour and then refuse to save. */
    public static StagedOutput begin(Path target, boolean overwrite) {
        Path abs = target.toAbsolutePath().normalize();
        try {
            if (Files.exists(abs) && !overwrite && !isEmptyDirectory(abs)) {
                throw new SettingsException("--output " + target
                        + ": already exists and is not empty; choose another directory or add --overwrite");
            }
            if (Files.exists(abs) && !Files.isDirectory(abs)) {
                throw new SettingsException("--output " + target + ": exists and is not a directory");
            }
            Path parent = abs.getParent();
            Files.createDirectories(parent);
            Path staging = Files.createTempDirectory(parent, "." + abs.getFileName() + ".partial-");
            // Readable like any other output directory once published (temp directories start as owner-only).
            Files.setPosixFilePermissions(staging,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            return new StagedOutput(abs, staging);
        } catch (IOException e) {
            throw new UncheckedIOException("--output " + target + ": cannot be prepared (" + e.getMessage() + ")", e);
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    /** Where to write a file of the output before the commit. */
    public Path file(String name) {
        return staging.resolve(name);
    }

    public void writeJson(String name, Object value) {
        try {
            JSON.writeValue(file(name).toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + name + ": " + e.getMessage(), e);
        }
    }

    public Path target() {
        return target;
    }

    /** Publishes the staged files as the target directory in one rename. */
    public void commit() {
        try {
            Path old = null;
            if (Files.exists(target)) {
                old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
                Files.delete(old);
                Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                throw new IllegalStateException("--output " + target
                        + ": was created by someone else during the run", e);
            }
            committed = true;
            if (old != null) {
                deleteTree(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot publish " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * One JSON file written the same way: to a hidden sibling, then renamed onto {@code file}. Refuses an existing
     * file unless {@code overwrite}.
     */
    public static void writeJsonFile(Path file, Object value, boolean overwrite) {
        writeFile(file, overwrite, temp -> JSON.writeValue(temp.toFile(), value));
    }

    /** A text file (UTF-8) written the same way. */
    public static void writeTextFile(Path file, String text, boolean overwrite) {
        writeFile(file, overwrite, temp -> Files.writeString(temp, text));
    }

    private interface Writer {
        void write(Path temp) throws IOException;
    }

    private static void writeFile(Path file, boolean overwrite, Writer writer) {
        Path abs = file.toAbsolutePath().normalize();
        if (Files.exists(abs) && !overwrite) {
            throw new SettingsException("--output " + file
                    + ": already exists; choose another file or add --overwrite");
        }
        try {
            Files.createDirectories(abs.getParent());
            Path temp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + ".partial-", "");
            try {
                writer.write(temp);
                Files.move(temp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(temp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Removes the staging directories a killed run left beside {@code target} ({@code .NAME.partial-*}); called when
     * a run resumes writing the same output, which is then the only writer.
     */
    public static void removeAbandoned(Path target) {
        Path abs = target.toAbsolutePath().normalize();
        String prefix = "." + abs.getFileName() + ".partial-";
        if (!Files.isDirectory(abs.getParent())) {
            return;
        }
        try (Stream<Path> siblings = Files.list(abs.getParent())) {
            siblings.filter(p -> p.getFileName().toString().startsWith(prefix)).forEach(StagedOutput::deleteTree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + abs.getParent() + ": " + e.getMessage(), e);
        }
    }

    /** Removes the staging directory unless the output was committed. */
    @Override
    public void close() {
        if (!committed) {
            deleteTree(staging);
        }
    }

    /** Deletes a directory tree, best effort (scratch directories). */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a leftover hidden directory is harmless and is named as partial
        }
    }
}
