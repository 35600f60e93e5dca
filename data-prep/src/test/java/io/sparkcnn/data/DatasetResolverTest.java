package io.sparkcnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetResolverTest {
    @TempDir
    Path tmp;

    private final List<String> log = new ArrayList<>();

    private DatasetResolver resolver(Downloader downloader) {
        return new DatasetResolver(tmp.resolve("cache"), false, downloader, log::add);
    }

    private static final Downloader OFFLINE = (url, target) -> {
        throw new IOException("network unreachable");
    };

    @Test
    void dataDirWithAnyNameIsUsedAsGiven() throws IOException {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("kmnist"), 50, 20);
        ResolvedDataset ds = resolver(OFFLINE).resolve("kmnist", Optional.of(dir));
        assertEquals("--data-dir " + dir, ds.origin());
        assertEquals(50, ds.loadTrain().size());
        assertEquals(20, ds.loadTest().size());
        assertEquals(10, ds.numClasses());
    }

    @Test
    void dataDirMissingFilesNamesThem() throws IOException {
        Path dir = IdxFixtures.writeDataset(tmp.resolve("d"), 10, 10);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte.gz"));
        DataException e = assertThrows(DataException.class, () -> resolver(OFFLINE).resolve("mnist", Optional.of(dir)));
        assertTrue(e.getMessage().contains("missing t10k-labels-idx1-ubyte[.gz]"), e.getMessage());
    }

    @Test
    void nothingFoundListsEveryPlaceTried() {
        DataException e = assertThrows(DataException.class, () -> resolver(OFFLINE).resolve("mnist", Optional.empty()));
        String m = e.getMessage();
        assertTrue(m.contains("dataset 'mnist' not found"), m);
        assertTrue(m.contains("cache " + tmp.resolve("cache/mnist")), m);
        assertTrue(m.contains("download https://ossci-datasets.s3.amazonaws.com/mnist/train-images-idx3-ubyte.gz"), m);
        assertTrue(m.contains("network unreachable"), m);
        assertTrue(m.contains("--data-dir"), m);
    }

    @Test
    void anUnreadableDirectoryIsNamedNotReportedAsMissingFiles() throws IOException {
        // Permissions do not bind root (as CI may run): there the directory stays readable and this cannot be shown.
        org.junit.jupiter.api.Assumptions.assumeFalse("root".equals(System.getProperty("user.name")),
                "permissions do not apply to root");
        Path data = IdxFixtures.writeDataset(tmp.resolve("locked"), 10, 5);
        Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("---------"));
        try {
            DataException e = assertThrows(DataException.class,
                    () -> resolver(OFFLINE).resolve("mine", Optional.of(data)));
            assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
        } finally {
            Files.setPosixFilePermissions(data, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    void unknownDatasetWithoutDataDir() {
        DataException e = assertThrows(DataException.class, () -> resolver(OFFLINE).resolve("cifar", Optional.empty()));
        assertTrue(e.getMessage().contains("unknown dataset 'cifar'"), e.getMessage());
    }

    /** Serves a directory on loopback; every URL is answered with the file of the same name. */
    private static HttpServer serve(Path dir) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            Path file = dir.resolve(Path.of(exchange.getRequestURI().getPath()).getFileName().toString());
            if (!Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, Files.size(file));
                try (OutputStream out = exchange.getResponseBody()) {
                    Files.copy(file, out);
                }
            }
            exchange.close();
        });
        server.start();
        return server;
    }

    /** The real HTTP downloader, pointed at the loopback server instead of the public mirror. */
    private static Downloader viaLoopback(HttpServer server, List<URI> asked) {
        Downloader http = Downloader.http();
        return (url, target) -> {
            asked.add(url);
            String name = Path.of(url.getPath()).getFileName().toString();
            http.download(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + name), target);
        };
    }

    @Test
    void downloadsIntoCacheCheckingMd5AndThenUsesTheCache() throws IOException {
        HttpServer server = serve(TestData.sharedMnist());
        try {
            List<URI> asked = new ArrayList<>();
            ResolvedDataset first = resolver(viaLoopback(server, asked)).resolve("mnist", Optional.empty());
            assertEquals(4, asked.size());
            assertTrue(first.origin().startsWith("downloaded to"), first.origin());
            assertEquals(60000, first.loadTrain().size());

            asked.clear();
            ResolvedDataset second = resolver(viaLoopback(server, asked)).resolve("mnist", Optional.empty());
            assertEquals(0, asked.size(), "the verified cache is used without downloading again");
            assertTrue(second.origin().startsWith("cache "), second.origin());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void downloadWithWrongMd5IsRejectedAndLeavesNothingBehind() throws IOException {
        Path fake = IdxFixtures.writeDataset(tmp.resolve("fake"), 30, 10);
        HttpServer server = serve(fake);
        try {
            DataException e = assertThrows(DataException.class,
                    () -> resolver(viaLoopback(server, new ArrayList<>())).resolve("mnist", Optional.empty()));
            assertTrue(e.getMessage().contains("expected 6bbc9ace898e44ae57da46a324031adb"), e.getMessage());
            try (Stream<Path> files = Files.list(tmp.resolve("cache/mnist"))) {
                assertFalse(files.findAny().isPresent(), "no partial or unverified file stays in the cache");
            }
        } finally {
            server.stop(0);
        }
    }

    @Test
    void damagedCacheIsNotTrainedOn() throws IOException {
        IdxFixtures.writeDataset(tmp.resolve("cache/mnist"), 30, 10);
        DataException e = assertThrows(DataException.class, () -> resolver(OFFLINE).resolve("mnist", Optional.empty()));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz has md5"), e.getMessage());
    }
}
