package io.sparkcnn.data;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Finds a dataset's files. Order: an explicit {@code --data-dir}; the user cache; the operating system's
 * package (Fashion-MNIST from Debian); a download from the public mirrors into the cache. Files of a known
 * dataset found anywhere but an explicit directory are checked against the known md5s, so a damaged cache is
 * noticed instead of trained on. When nothing works, one error lists every place tried and how to fix it.
 */
public final class DatasetResolver {
    private final Path cacheRoot;
    private final boolean useSystemDirs;
    private final Downloader downloader;
    private final Consumer<String> log;

    public DatasetResolver(Path cacheRoot, boolean useSystemDirs, Downloader downloader, Consumer<String> log) {
        this.cacheRoot = cacheRoot;
        this.useSystemDirs = useSystemDirs;
        this.downloader = downloader;
        this.log = log;
    }

    /**
     * The resolver a user gets: {@code $SPARK_CNN_CACHE}, else {@code $XDG_CACHE_HOME/spark-cnn}, else
     * ~/.cache/spark-cnn.
     */
    public static DatasetResolver standard(Consumer<String> log) {
        return new DatasetResolver(defaultCacheRoot(), true, Downloader.http(), log);
    }

    public static Path defaultCacheRoot() {
        String explicit = System.getenv("SPARK_CNN_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("spark-cnn");
    }

    /**
     * Resolves {@code name}. With {@code dataDir} the files must be there (any IDX data: for a name the tool does
     * not know, the classes are named by the directory's classes.txt, else numbered from 0 to the largest label).
     */
    public ResolvedDataset resolve(String name, Optional<Path> dataDir) {
        Optional<KnownDataset> known = KnownDataset.byName(name);
        if (dataDir.isPresent()) {
            return fromDirectory(name, known, dataDir.get());
        }
        KnownDataset dataset = known.orElseThrow(() -> new DataException("unknown dataset '" + name
                + "': expected one of " + KnownDataset.names() + ", or give --data-dir with MNIST-format files"));

        List<String> tried = new ArrayList<>();
        Path cacheDir = cacheRoot.resolve(dataset.cliName());
        Optional<ResolvedDataset> found = checked(dataset, cacheDir, "cache " + cacheDir, tried);
        if (found.isEmpty() && useSystemDirs && dataset.systemDir().isPresent()) {
            Path sys = dataset.systemDir().get();
            found = checked(dataset, sys, "system package " + sys, tried);
        }
        if (found.isEmpty()) {
            found = download(dataset, cacheDir, tried);
        }
        return found.orElseThrow(() -> new DataException(notFoundMessage(dataset, tried)));
    }

    /**
     * The dataset in a directory the user named: the four IDX files, Parquet (checked before the image folder, as
     * Spark writes {@code train/} and {@code test/} directories of part files) or an image folder.
     */
    private static ResolvedDataset fromDirectory(String name, Optional<KnownDataset> known, Path dir) {
        DatasetDirectory idx = DatasetDirectory.probe(dir);
        if (!Files.isDirectory(dir)) {
            throw new DataException("--data-dir " + dir + ": not a directory");
        }
        String origin = "--data-dir " + dir;
        if (idx.complete()) {
            IdxDataset files = new IdxDataset(idx);
            return new ResolvedDataset(name, known.map(KnownDataset::labelNames).orElseGet(files::classNames), files,
                    origin);
        }
        if (ParquetImages.looksLike(dir)) {
            ParquetImages parquet = new ParquetImages(dir);
            return new ResolvedDataset(name, parquet.classNames(), parquet, origin);
        }
        if (ImageFolder.looksLike(dir)) {
            ImageFolder folder = new ImageFolder(dir);
            return new ResolvedDataset(name, folder.classNames(), folder, origin);
        }
        throw new DataException("--data-dir " + dir + ": missing " + String.join(", ", idx.missing())
                + " (expected the four standard MNIST-format file names, gzipped or not), or an image folder ("
                + dir.resolve(ImageFolder.TRAIN) + "/CLASS/*.png and " + dir.resolve(ImageFolder.TEST)
                + "/CLASS/...), or Parquet (train.parquet and test.parquet, or train/ and test/ directories of"
                + " .parquet files)");
    }

    private Optional<ResolvedDataset> checked(KnownDataset dataset, Path dir, String origin, List<String> tried) {
        DatasetDirectory probe = DatasetDirectory.probe(dir);
        if (!probe.complete()) {
            tried.add(origin + ": " + (Files.isDirectory(dir) ? "missing " + String.join(", ", probe.missing())
                    : "no such directory"));
            return Optional.empty();
        }
        for (DatasetFile f : DatasetFile.values()) {
            String actual = Md5.ofContents(probe.file(f));
            if (!actual.equals(dataset.uncompressedMd5(f))) {
                tried.add(origin + ": " + probe.file(f).getFileName() + " has md5 " + actual
                        + " (uncompressed), expected " + dataset.uncompressedMd5(f));
                return Optional.empty();
            }
        }
        return Optional.of(new ResolvedDataset(dataset.cliName(), dataset.labelNames(), new IdxDataset(probe),
                origin));
    }

    private Optional<ResolvedDataset> download(KnownDataset dataset, Path cacheDir, List<String> tried) {
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            tried.add("download: cannot create cache directory " + cacheDir + " (" + e.getMessage() + ")");
            return Optional.empty();
        }
        for (DatasetFile f : DatasetFile.values()) {
            Path target = cacheDir.resolve(f.baseName() + ".gz");
            if (Files.isRegularFile(target) && Md5.ofContents(target).equals(dataset.uncompressedMd5(f))) {
                continue;
            }
            if (!downloadOne(dataset, f, target, tried)) {
                return Optional.empty();
            }
        }
        return Optional.of(new ResolvedDataset(dataset.cliName(), dataset.labelNames(),
                new IdxDataset(DatasetDirectory.probe(cacheDir)), "downloaded to " + cacheDir));
    }

    private boolean downloadOne(KnownDataset dataset, DatasetFile f, Path target, List<String> tried) {
        for (String mirror : dataset.mirrors()) {
            URI url = URI.create(mirror + f.baseName() + ".gz");
            Path partial = target.resolveSibling(target.getFileName() + ".partial");
            try {
                log.accept("downloading " + url);
                downloader.download(url, partial);
                String actual = Md5.ofContents(partial);
                if (!actual.equals(dataset.uncompressedMd5(f))) {
                    tried.add("download " + url + ": md5 " + actual + " (uncompressed), expected "
                            + dataset.uncompressedMd5(f));
                    continue;
                }
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return true;
            } catch (IOException | DataException e) {
                tried.add("download " + url + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()));
            } finally {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException ignored) {
                    // a stale .partial is never mistaken for a complete file
                }
            }
        }
        return false;
    }

    private static String notFoundMessage(KnownDataset dataset, List<String> tried) {
        StringBuilder sb = new StringBuilder("dataset '" + dataset.cliName() + "' not found. Tried:");
        for (String t : tried) {
            sb.append("\n  - ").append(t);
        }
        sb.append("\nProvide the four files (train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz,"
                + " t10k-images-idx3-ubyte.gz, t10k-labels-idx1-ubyte.gz) with --data-dir DIR");
        if (dataset == KnownDataset.FASHION_MNIST) {
            sb.append(", or install Debian's package: apt-get install dataset-fashion-mnist");
        }
        sb.append(", or run where the mirrors above can be reached.");
        return sb.toString();
    }
}
