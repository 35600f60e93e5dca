package io.sparkcnn.output;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import io.sparkcnn.pictures.HtmlReport;
import io.sparkcnn.pictures.Png;

/**
 * The report's pictures, each drawn and encoded as PNG on a thread of its own pool (one per core) while the report
 * goes on with the next, then written to {@code pictures/} and embedded in the page in the order they were added.
 * Drawn one after the other, the charts and the PNG encoding took about a quarter of the report's CPU time (a profile
 * of a train run, BENCHMARKS.md), on one core of two. What reads the network (kernels, feature maps) is drawn by the
 * caller, on its own thread: only its encoding is handed over.
 */
final class ReportPictures implements AutoCloseable {
    private final Path dir;
    private final HtmlReport html;
    private final List<String> written = new ArrayList<>();
    private final List<CompletableFuture<byte[]>> pending = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
            task -> {
                Thread thread = new Thread(task, "report-pictures");
                thread.setDaemon(true);
                return thread;
            });

    ReportPictures(Path dir, HtmlReport html) {
        this.dir = dir;
        this.html = html;
    }

    /** Adds the picture {@code image} draws (on another thread; it must not touch the network). */
    void add(String file, Supplier<BufferedImage> image, String caption) {
        CompletableFuture<byte[]> png = CompletableFuture.supplyAsync(() -> write(file, Png.bytes(image.get())),
                threads);
        pending.add(png);
        html.picture(() -> joined(png), caption);
        written.add(file);
    }

    /** Adds a picture already drawn. */
    void add(String file, BufferedImage image, String caption) {
        add(file, () -> image, caption);
    }

    /** Waits for every picture; returns their file names, in the order added. */
    List<String> finish() {
        pending.forEach(ReportPictures::joined);
        return List.copyOf(written);
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    private byte[] write(String file, byte[] png) {
        try {
            Files.write(dir.resolve(file), png);
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(file) + ": " + e.getMessage(), e);
        }
    }

    /** The picture's PNG, or what went wrong drawing or writing it, as it was thrown. */
    private static byte[] joined(CompletableFuture<byte[]> png) {
        try {
            return png.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }
}
